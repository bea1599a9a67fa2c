// npm run bench -- diagnose: diagnosis of the lab's 100-node clusters (corpus/lab/bench-cluster.sh:
// sos 4 reports with 1,000 and 5,000 kube-proxy services per node), on the built library (dist/).
// Each figure is one fresh process: wall time of read + split + parse + model + rules with 0 (in
// this thread), 1 and 2 parse workers, the read+split floor (plain JS reading every file and
// splitting it into lines and whitespace fields), and peak RSS (process.resourceUsage().maxRSS,
// worker threads included). Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitFloor } from './floor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [1000, 5000];
const WORKERS = [0, 1, 2];
// the heap a 100-node diagnosis needs today is far above node's default (~4 GB here): allow 16 GB,
// and give up on a run after RUN_TIMEOUT seconds
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 16384);
const RUN_TIMEOUT = Number(process.env.BENCH_TIMEOUT ?? 600);

/** Every file of every report under `dir` (what the floor reads). */
function reportFiles(dir) {
  const out = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  for (const name of readdirSync(dir).sort()) if (name.startsWith('sosreport-')) walk(join(dir, name));
  return out;
}

function reports(dir) {
  return readdirSync(dir).filter((name) => name.startsWith('sosreport-')).sort().map((name) => join(dir, name));
}

/** One measurement in a fresh process; what it printed as JSON, or why it failed. */
function child(args, inputBytes) {
  // the flags netsift's CLI gives a large input (src/cli/heap.ts): a 64 MB semi-space, and an old
  // space that starts as large as the heap will grow (8 bytes a byte of input)
  const initialMb = Math.min(HEAP_MB, Math.ceil((inputBytes * 8) / 1048576));
  const flags = ['--max-semi-space-size=64', `--max-old-space-size=${HEAP_MB}`, `--initial-old-space-size=${initialMb}`];
  const result = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8', timeout: RUN_TIMEOUT * 1000, maxBuffer: 1 << 26,
  });
  if (result.error?.code === 'ETIMEDOUT' || result.signal === 'SIGTERM') return { failed: `over ${RUN_TIMEOUT} s` };
  if (result.status !== 0) return { failed: /heap out of memory/.test(result.stderr) ? 'out of memory' : `exit ${result.status ?? result.signal}` };
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function runOne(mode, dir, workers) {
  const start = process.hrtime.bigint();
  if (mode === 'floor') {
    let lines = 0;
    let bytes = 0;
    for (const file of reportFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      bytes += text.length;
      lines += splitFloor(text).lines;
    }
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, rssMb: peakMb(), lines, bytes };
  }
  const { ingestPath, diagnoseBundle } = await import('../dist/node.js');
  // as netsift diagnose reads reports for its text report: without the listings iptables-save holds
  const bundle = await ingestPath(reports(dir), { skipRedundant: true });
  const readMs = Number(process.hrtime.bigint() - start) / 1e6;
  // what netsift diagnose does for a text report: redundant listings are not parsed
  const { report, model } = await diagnoseBundle(bundle, { workers, traceCurls: false, records: 'used' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let records = 0;
  for (const host of model.hosts) for (const section of host.sections) records += section.records.length;
  return { ms, readMs, rssMb: peakMb(), hosts: report.hosts.length, records, findings: report.findings.length };
}

if (process.argv[2] === '--one') {
  const [, , , mode, dir, workers] = process.argv;
  process.stdout.write(`${JSON.stringify(await runOne(mode, dir, Number(workers)))}\n`);
} else {
  // rows print as they are measured: a 5,000-service run takes minutes
  const f = (n, d = 0) => (n === undefined || n === null || Number.isNaN(n) ? '–' : n.toFixed(d));
  console.log(`node ${process.version}; heap limit ${HEAP_MB} MB, 64 MB semi-space, initial old space 8× the input (as the CLI runs large inputs), ${RUN_TIMEOUT} s a run`);
  console.log('');
  console.log('| cluster | MB | records | findings | workers | read ms | total ms | peak RSS MB | floor ms | floor MB | total ÷ floor |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const services of SIZES) {
    const dir = join(root, 'bench', 'data', `cluster-${services}`);
    if (!existsSync(join(dir, 'manifest.json'))) {
      console.error(`bench diagnose: no bench/data/cluster-${services}; make it with: sudo bash corpus/lab/bench-cluster.sh ${services}  (skipped)`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const bytes = reportFiles(dir).reduce((sum, file) => sum + statSync(file).size, 0);
    const mb = bytes / 1e6;
    const floor = child(['--one', 'floor', dir, '0'], bytes);
    const name = `${manifest.nodes} nodes × ${services} services (${manifest.realNodes} real)`;
    for (const workers of WORKERS) {
      const run = child(['--one', 'diagnose', dir, String(workers)], bytes);
      if (run.failed) {
        console.log(`| ${name} | ${f(mb)} | – | – | ${workers} | – | ${run.failed} | – | ${f(floor.ms)} | ${f(floor.rssMb)} | – |`);
        continue;
      }
      console.log(`| ${name} | ${f(mb)} | ${run.records} | ${run.findings} | ${workers} | ${f(run.readMs)} | ${f(run.ms)} | ${f(run.rssMb)} | ${f(floor.ms)} | ${f(floor.rssMb)} | ${f(run.ms / floor.ms, 1)} |`);
    }
  }
}
