// THE SEED: the blog post the project started from (/work/shared/seed), cut into hosts and sections.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../formats/registry';
import { ingest } from './index';
import type { Section } from './bundle';

const SEED = '/work/shared/seed/000_8ab8108d44c964dc.txt';
const present = existsSync(SEED);

type Cut = [command: string | null, format: string | null, snapshot: number, partial: boolean, options?: Record<string, string>];
const cut = (s: Section): Cut => (s.options ? [s.command, s.format, s.snapshot, s.partial, s.options] : [s.command, s.format, s.snapshot, s.partial]);

describe.skipIf(!present)('the seed blog post', () => {
  const bundle = present ? ingest({ name: 'seed', text: readFileSync(SEED, 'utf8') }) : null;
  const host = (name: string): Section[] => bundle?.hosts.find((h) => h.name === name)?.sections ?? [];
  // each section read as the command said: the device, table and chain reach the parser
  const records = (s: Section | undefined): Record<string, unknown>[] =>
    s?.format ? (parse(s.format, s.text, s.options).records as Record<string, unknown>[]) : [];

  it('finds the three hosts in the order they appear', () => {
    expect(bundle?.hosts.map((h) => h.name)).toEqual(['host188', 'host190', 'host189']);
  });

  it('cuts host188 into its history', () => {
    expect(host('host188').map(cut)).toEqual([
      ['iptables -t nat -L KUBE-NODEPORTS', 'iptables-list', 1, false, { table: 'nat', chain: 'KUBE-NODEPORTS' }],
      ['route -n', 'route-n', 1, false],
      ['ip neigh show dev flannel.1', 'ip-neigh', 1, false, { dev: 'flannel.1' }],
      ['bridge fdb show flannel.1', 'bridge-fdb', 1, false],
      ['kubectl logs -f -nkube-system kube-flannel-ds-fvj6h', 'flannel-log', 1, false],
      ['kubectl logs -f -nkube-system kube-flannel-ds-fvj6h', 'flannel-log', 2, true],
      ['route -n', 'route-n', 2, true],
      ['ip route del 10.244.2.0/255.255.255.192', null, 1, false],
      ['route -n', 'route-n', 3, false],
      ['ifconfig -a', 'ifconfig', 1, true],
      ['ifconfig tunl0 down', null, 1, false],
      ['ip tunnel del tunl0', null, 1, false],
      ['ip tunnel show', null, 1, false],
      ['lsmod', null, 1, true],
      ['rmmod ipip', null, 1, false],
      ['ip tunnel show', null, 2, false],
      ['route -n', 'route-n', 4, false],
      ['modprobe ipip', null, 1, false],
      ['lsmod', null, 2, false],
      [null, 'ifconfig', 1, false],
    ]);
  });

  it('cuts host189 and host190', () => {
    expect(host('host189').map(cut)).toEqual([
      ['ip neigh show dev flannel.1', 'ip-neigh', 1, false, { dev: 'flannel.1' }],
      ['ifconfig -a', 'ifconfig', 1, true],
    ]);
    expect(host('host190').map(cut)).toEqual([
      ['route -n', 'route-n', 1, false],
      ['ip neigh show dev flannel.1', 'ip-neigh', 1, false, { dev: 'flannel.1' }],
      ['ifconfig -a', 'ifconfig', 1, true],
    ]);
  });

  it('keeps the cluster commands apart', () => {
    expect(bundle?.cluster.map(cut)).toEqual([
      ['kubectl get svc -nprometheus', 'kubectl-get', 1, false, { namespace: 'prometheus' }],
      ['kubectl get pods -nprometheus -owide', 'kubectl-get', 1, false, { namespace: 'prometheus' }],
      ['docker exec etcd /bin/sh -c "export ETCDCTL_API=3 && etcdctl --endpoints=$ENDPOINTS $TLS_CERT get /registry/minions/linuxtest1a7a"', 'etcdctl-get', 1, true, { key: '/registry/minions/linuxtest1a7a' }],
    ]);
    expect(bundle?.cluster[1]?.text).toContain('prometheus-0 2/2 Running 0 143m 10.244.2.6 host189');
    // the kubectl-get tables read, with the namespace the command gave
    const [services, pods] = (bundle?.cluster ?? []).map((s) => parse(s.format ?? '', s.text, s.options));
    expect(services?.records).toMatchObject([
      { kind: 'service', namespace: 'prometheus', name: 'prometheus', clusterIP: '10.96.167.153' },
      { kind: 'service', namespace: 'prometheus', name: 'prometheus-nodeport', clusterIP: '10.109.216.20', ports: [{ port: 9090, nodePort: 30038, protocol: 'TCP' }] },
    ]);
    expect(pods?.records).toMatchObject([{ kind: 'pod', namespace: 'prometheus', name: 'prometheus-0', ip: '10.244.2.6', node: 'host189' }]);
  });

  it('leaves the two curls unattributed, with the reason', () => {
    expect(bundle?.unattributed.map((u) => [u.section.command, u.reason])).toEqual([
      ['curl http://192.168.86.188:30038/targets', 'a prompt without a host name, and no host named before it'],
      ['curl http://192.168.86.189:30038/targets', 'the narration before it names host189 and host190 ("189, 190上查看:---OK")'],
    ]);
  });

  it('marks flattened outputs and why partial ones are partial', () => {
    const sections = host('host188');
    expect(sections.filter((s) => s.text !== '').every((s) => s.flattened || s.command === null)).toBe(true);
    expect(sections[6]?.partialReason).toBe('rows elided ("..")');
    expect(sections[9]?.partialReason).toBe('rows elided ("....")');
  });

  it('reads host188\'s first route -n as its 6 routes, the annotation left in', () => {
    const first = host('host188')[1];
    const parsed = parse('route-n', first?.text ?? '');
    expect(parsed.records.map((r) => (r as { destination: string }).destination)).toEqual([
      '0.0.0.0', '10.244.0.0', '10.244.1.0', '169.254.0.0', '172.17.0.0', '192.168.86.0',
    ]);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['annotation']);
  });

  it('finds host190\'s 10.244.57.0/26 blackhole and host188\'s /26 in the partial snapshot', () => {
    const routes = parse('route-n', host('host190')[0]?.text ?? '').records as { destination: string; prefixLength: number; iface: string | null }[];
    expect(routes.find((r) => r.destination === '10.244.57.0')).toMatchObject({ prefixLength: 26, iface: null });
    const partial = parse('route-n', host('host188')[6]?.text ?? '').records as { genmask: string; iface: string | null }[];
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ genmask: '255.255.255.192', iface: null });
    const fixed = parse('route-n', host('host188')[16]?.text ?? '').records as { destination: string; iface: string | null }[];
    expect(fixed.find((r) => r.destination === '10.244.2.0')).toMatchObject({ iface: 'flannel.1' });
  });

  it('reads the neighbours, the fdb, the tunl0 address and the flannel error', () => {
    expect(records(host('host188')[2])).toHaveLength(1);
    expect(records(host('host189')[0])).toHaveLength(2);
    expect(records(host('host190')[1])).toHaveLength(2);
    expect(records(host('host188')[2])[0]).toMatchObject({ dev: 'flannel.1' });
    const fdb = records(host('host188')[3]);
    expect(fdb).toHaveLength(4);
    expect(JSON.stringify(records(host('host188')[9]))).toContain('10.244.2.0');
    const log = records(host('host188')[4]);
    expect(log.some((e) => e.event === 'route-add-failed')).toBe(true);
    expect(records(host('host188')[0]).length).toBeGreaterThanOrEqual(5);
  });

  it('sets remarks after a command and the narration aside as notes', () => {
    const notes = bundle?.notes ?? [];
    expect(notes.find((n) => n.text === '----问题节点上的路由表')?.host).toBe('host188');
    expect(notes.find((n) => n.text === '###问题节点上,只发现了190一个neighbor')?.host).toBe('host188');
    expect(notes.find((n) => n.text === '###关键:flannel报出路由添加失败')?.host).toBe('host188');
    expect(notes.some((n) => n.text.startsWith('【解析】: 如果目的地址是30038的'))).toBe(true);
    expect(notes.some((n) => n.text === '附: # iptables -t nat -S 和 #iptables -t nat -L')).toBe(true);
    // the remark in the middle of a flattened output stays in the text
    expect(host('host188')[1]?.text).toContain('###去往宿主机是190上的路由,ok的');
  });

  it('gives spans that point at the output in the input', () => {
    const text = readFileSync(SEED, 'utf8');
    for (const h of bundle?.hosts ?? []) {
      for (const s of h.sections) expect(text.slice(s.span.offset, s.span.offset + s.span.length)).toBe(s.text);
    }
  });
});
