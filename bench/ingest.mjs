// npm run bench -- ingest: reading 100 sos-report tarballs (.tar.xz, sos's default) of the lab's
// bench cluster into one bundle, on the built library (dist/). The tarballs are made once from
// bench/data/cluster-1000 with the system tar and xz (reproducible: sorted, owner 0, mtime 0) into
// bench/data/cluster-1000-tar/. Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'bench', 'data', 'cluster-1000');
const target = join(root, 'bench', 'data', 'cluster-1000-tar');

if (!existsSync(join(source, 'manifest.json'))) {
  console.error('bench ingest: no bench/data/cluster-1000; make it with: sudo bash corpus/lab/bench-cluster.sh 1000  (skipped)');
  process.exit(0);
}
const reports = readdirSync(source).filter((name) => name.startsWith('sosreport-')).sort();
mkdirSync(target, { recursive: true });
for (const report of reports) {
  const tarball = join(target, `${report}.tar.xz`);
  if (existsSync(tarball)) continue;
  const made = spawnSync('tar', ['-cJf', tarball, '--sort=name', '--owner=0', '--group=0', '--mtime=@0', '-C', source, report]);
  if (made.status !== 0) throw new Error(`tar failed for ${report}: ${made.stderr}`);
}
const tarballs = reports.map((report) => join(target, `${report}.tar.xz`));
const compressed = tarballs.reduce((sum, file) => sum + statSync(file).size, 0);

const { ingestPath } = await import('../dist/node.js');
const start = process.hrtime.bigint();
const bundle = await ingestPath(tarballs);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
let bytes = 0;
let sections = 0;
for (const host of bundle.hosts) for (const section of host.sections) {
  sections++;
  bytes += section.text.length;
}
console.log('| tarballs | compressed MB | text MB | hosts | sections | ms | MB/s (text) | peak RSS MB |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(`| ${tarballs.length} | ${(compressed / 1e6).toFixed(1)} | ${(bytes / 1e6).toFixed(0)} | ${bundle.hosts.length} | ${sections} | ${ms.toFixed(0)} | ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`);
