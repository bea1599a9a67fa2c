// npm run bench: parse the lab's large captures (corpus/bench) and print, side by side, MB/s,
// lines/s and peak memory for netsift in process, the split floor (in process and as a whole
// node process), the netsift CLI, and jc where it parses the format. Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from '../dist/index.js';
import { splitFloor } from './floor.mjs';
import { median, timeInProcess } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'bench', 'data');
mkdirSync(dataDir, { recursive: true });
const JC = { 'route-n': '--route', ifconfig: '--ifconfig', 'iptables-list': '--iptables' };
const hasTime = existsSync('/usr/bin/time');
const hasJc = spawnSync('jc', ['--version']).status === 0;
// `npm run bench -- diagnose` runs only bench/diagnose.mjs (`ingest`, `paste`, `records-floor` likewise); format ids run only those formats
const args = process.argv.slice(2);
const only = args.filter((arg) => arg !== 'diagnose' && arg !== 'ingest' && arg !== 'paste' && arg !== 'records-floor');
const parseBench = args.length === 0 || only.length > 0;
const diagnoseBench = args.length === 0 || args.includes('diagnose');
const ingestBench = args.length === 0 || args.includes('ingest');
const pasteBench = args.length === 0 || args.includes('paste');
const recordsFloorBench = args.length === 0 || args.includes('records-floor');

/** Wall time (ms) and peak RSS (MB) of a whole process, median of three. */
function timeProcess(command, args, stdinFile) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const result = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
          input: stdinFile ? readFileSync(stdinFile) : undefined, maxBuffer: 1 << 30, encoding: 'buffer',
        })
      : spawnSync(command, args, { input: stdinFile ? readFileSync(stdinFile) : undefined, maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const rssKb = hasTime ? Number.parseInt(result.stderr.toString().trim().split('\n').pop(), 10) : Number.NaN;
    if (result.status !== 0) return null;
    runs.push({ ms, rssMb: rssKb / 1024 });
  }
  return { ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rssMb)) };
}

/**
 * What printing the records costs on its own, as the CLI prints them (JSON.stringify of 50 records
 * at a time, UTF-8, written to /dev/null): with the CLI's start-up, about the least any CLI that
 * prints this JSON could take, were its parse free. Warm, and to /dev/null where the CLI column
 * writes to a pipe its parent reads: a pipe costs route -n 100k some 20-40 ms more, so the ceiling
 * it gives is on the high side.
 */
function jsonOut(result) {
  const fd = openSync('/dev/null', 'w');
  try {
    writeSync(fd, `{"format":${JSON.stringify(result.format)},"records":[`);
    for (let from = 0; from < result.records.length; from += 50) {
      const text = JSON.stringify(result.records.slice(from, from + 50));
      writeSync(fd, Buffer.from(from === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`));
    }
    writeSync(fd, `],"diagnostics":${JSON.stringify(result.diagnostics)}}\n`);
  } finally {
    closeSync(fd);
  }
}

const files = [];
for (const format of parseBench ? readdirSync(join(root, 'corpus', 'bench'), { withFileTypes: true }) : []) {
  if (!format.isDirectory() || (only.length && !only.includes(format.name))) continue;
  for (const name of readdirSync(join(root, 'corpus', 'bench', format.name)).sort()) {
    if (!name.endsWith('.txt.gz')) continue;
    const target = join(dataDir, name.replace(/\.gz$/, ''));
    if (!existsSync(target)) writeFileSync(target, gunzipSync(readFileSync(join(root, 'corpus', 'bench', format.name, name))));
    files.push({ format: format.name, name: name.replace(/\.txt\.gz$/, ''), path: target });
  }
}

const rows = [];
const cliStart = !parseBench ? null : timeProcess(process.execPath, [join(root, 'dist', 'cli.js'), 'parse', 'route-n', '/dev/null']);
for (const file of files) {
  const text = readFileSync(file.path, 'utf8');
  const mb = Buffer.byteLength(text) / 1e6;
  const lines = text.split('\n').length;
  let records = 0;
  let diagnostics = 0;
  const libMs = timeInProcess(() => {
    const result = parse(file.format, text);
    records = result.records.length;
    diagnostics = result.diagnostics.length;
  });
  const floorMs = timeInProcess(() => splitFloor(text));
  // linearity: a tenth of the lines (whole lines, same shapes) against the whole
  const tenth = text.split('\n').slice(0, Math.ceil(lines / 10)).join('\n');
  const tenthMs = timeInProcess(() => parse(file.format, tenth));
  // after the tenth: the records held here would slow its parse (its collections walk them)
  const jsonMs = (() => {
    const parsed = parse(file.format, text);
    return timeInProcess(() => jsonOut(parsed));
  })();
  const cli = timeProcess(process.execPath, [join(root, 'dist', 'cli.js'), 'parse', file.format, file.path]);
  const floorProcess = timeProcess(process.execPath, [join(root, 'bench', 'floor.mjs'), file.path]);
  const jc = hasJc && JC[file.format] ? timeProcess('jc', [JC[file.format]], file.path) : null;
  // a cold parse: a fresh process, first call, empty shape caches (what the CLI pays)
  const cold = timeProcess(process.execPath, [join(root, 'bench', 'cold.mjs'), file.format, file.path]);
  rows.push({
    file: `${file.format}/${file.name}`, mb, lines, records, diagnostics,
    // linearity is only meaningful where a tenth still has many lines of every shape
    libMs, floorMs, ratio: libMs / floorMs, linear: mb >= 1 && lines > 1000 ? libMs / tenthMs : Number.NaN,
    cliMs: cli?.ms, cliRss: cli?.rssMb, coldMs: cold?.ms, floorProcessMs: floorProcess?.ms, jcMs: jc?.ms, jcRss: jc?.rssMb, jsonMs,
  });
  console.error(`measured ${file.format}/${file.name}`);
}

if (parseBench) {
  const f = (n, d = 1) => (n === undefined || n === null || Number.isNaN(n) ? '–' : n.toFixed(d));
  console.log(`node ${process.version}; CLI start-up on empty input: ${f(cliStart?.ms, 0)} ms, ${f(cliStart?.rssMb, 0)} MB`);
  console.log('');
  // JSON out: JSON.stringify and writing of the records alone (jsonOut); jc ÷ (start-up + JSON out) is
  // the most a CLI printing this JSON could be faster than jc, with a parse that cost nothing
  console.log('| capture | MB | lines | records | diag | lib MB/s | lib lines/s | lib ÷ floor | 10× input cost | cold process ms | CLI ms | CLI MB | floor process ms | jc ms | jc MB | jc ÷ CLI | JSON out ms | jc ÷ (start-up + JSON out) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.file} | ${f(r.mb, 2)} | ${r.lines} | ${r.records} | ${r.diagnostics} | ${f(r.mb / (r.libMs / 1000))} | ${f(r.lines / (r.libMs / 1000), 0)} | ${f(r.ratio, 2)} | ${Number.isNaN(r.linear) ? "–" : `${f(r.linear, 1)}×`} | ${f(r.coldMs, 0)} | ${f(r.cliMs, 0)} | ${f(r.cliRss, 0)} | ${f(r.floorProcessMs, 0)} | ${f(r.jcMs, 0)} | ${f(r.jcRss, 0)} | ${r.jcMs ? f(r.jcMs / r.cliMs, 2) : '–'} | ${f(r.jsonMs, 0)} | ${r.jcMs && cliStart ? f(r.jcMs / (cliStart.ms + r.jsonMs), 2) : '–'} |`,
    );
  }
  // Linearity across the lab's rule sets of 1,000, 5,000 and 20,000 services (same generator, same
  // shapes): the "10× input cost" column takes the first tenth of the lines, which for iptables
  // listings is mostly chain declarations, not rules
  const sizes = new Map();
  for (const r of rows) {
    const match = /^(.*)svc(\d+)k(.*)$/.exec(r.file);
    if (!match) continue;
    const key = `${match[1]}svc*k${match[3]}`;
    if (!sizes.has(key)) sizes.set(key, []);
    sizes.get(key).push({ services: Number(match[2]) * 1000, mb: r.mb, libMs: r.libMs });
  }
  const scaling = [...sizes].filter(([, list]) => list.length >= 2);
  if (scaling.length > 0) {
    console.log('');
    console.log('| rule set | from → to services | input × | time × | time ÷ input |');
    console.log('| --- | --- | ---: | ---: | ---: |');
    for (const [key, list] of scaling) {
      list.sort((a, b) => a.services - b.services);
      const small = list[0];
      const large = list[list.length - 1];
      const input = large.mb / small.mb;
      const time = large.libMs / small.libMs;
      console.log(`| ${key} | ${small.services} → ${large.services} | ${f(input)} | ${f(time)} | ${f(time / input, 2)} |`);
    }
  }
}

if (recordsFloorBench) {
  // what route -n's records cost on their own, read by hand (bench/records-floor.mjs)
  if (!existsSync(join(root, 'bench', 'data', 'rt100k__route_-n.txt'))) console.log('records-floor: no bench/data/rt100k__route_-n.txt yet (`npm run bench -- route-n` unpacks it)');
  else {
    const result = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'records-floor.mjs')], { stdio: 'inherit' });
    if (result.status !== 0) process.exitCode = 1;
  }
}

if (ingestBench) {
  // 100 sos-report tarballs into one bundle (bench/ingest.mjs)
  const result = spawnSync(process.execPath, [join(root, 'bench', 'ingest.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}

if (pasteBench) {
  // large captures pasted after a prompt, cut into sections (bench/paste.mjs)
  const result = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'paste.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}

if (diagnoseBench) {
  // the 100-node clusters, each run in its own process (bench/diagnose.mjs)
  const result = spawnSync(process.execPath, [join(root, 'bench', 'diagnose.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
