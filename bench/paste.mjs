// npm run bench -- paste: cutting a pasted transcript into sections (ingest), for the large captures
// pasted after a prompt, against parsing the same capture: what a user's `netsift diagnose paste.txt`
// spends before any parse. On the built library (dist/). Numbers, not assertions.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest, parse } from '../dist/index.js';
import { timeInProcess } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
const CAPTURES = [
  ['rt100k__route_-n.txt', 'route -n', 'route-n'],
  ['rt100k__ip_route.txt', 'ip route', 'ip-route'],
  ['svc5k__iptables-save.txt', 'iptables-save', 'iptables-save'],
  ['svc5k__iptables_-t_nat_-S.txt', 'iptables -t nat -S', 'iptables-list-rules'],
  ['svc5k__iptables_-t_nat_-L_-n_-v.txt', 'iptables -t nat -L -n -v', 'iptables-list'],
  ['kpnft5k__nft_-a_list_ruleset.txt', 'nft -a list ruleset', 'nft-ruleset'],
  ['ifaces1k__ifconfig_-a.txt', 'ifconfig -a', 'ifconfig'],
];


console.log('| capture pasted after a prompt | MB | lines | split ms | parse ms | split ÷ parse |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [file, command, format] of CAPTURES) {
  const path = join(data, file);
  if (!existsSync(path)) {
    console.log(`| ${file} | – | – | – | – | not in bench/data (\`npm run bench -- ${format}\` unpacks it) |`);
    continue;
  }
  const capture = readFileSync(path, 'utf8');
  const text = `root@node-a:~# ${command}\n${capture}${capture.endsWith('\n') ? '' : '\n'}root@node-a:~# ip route\ndefault via 10.0.0.1 dev eth0\n`;
  const sections = ingest({ name: 'paste', text }).hosts[0]?.sections ?? [];
  if (sections.length !== 2 || sections[0].text.length < capture.trimEnd().length) throw new Error(`${file}: not cut into the listing and the next command`);
  const split = timeInProcess(() => ingest({ name: 'paste', text }));
  const parsed = timeInProcess(() => parse(format, capture));
  const lines = capture.split('\n').length;
  console.log(`| ${command} (${file}) | ${(capture.length / 1e6).toFixed(2)} | ${lines} | ${split.toFixed(0)} | ${parsed.toFixed(0)} | ${(split / parsed).toFixed(2)} |`);
}
