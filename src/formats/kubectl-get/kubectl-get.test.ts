// Exact values for the synthetic fixtures in test/fixtures/kubectl-get (the seed's tables re-typed,
// a wide pods table, a wide nodes table with spaces in OS-IMAGE, endpoints).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutSpans } from '../../../test/support/format-properties';
import { kubectlGet } from './index';
import { lexer } from './lexer';
import { kubectlGetReader, parseKubectlGet } from './parse';
import { printKubectlGet } from './print';
import { KubectlGetRow } from './schema';
import { sniffKubectlGet } from './sniff';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/kubectl-get', name), 'utf8');
const FIXTURES = ['svc-prometheus.txt', 'pods-prometheus-wide.txt', 'pods-all-wide.txt', 'nodes-wide.txt', 'endpoints-prometheus.txt'];

function types(line: string): string[] {
  lexer.reset(line);
  return [...lexer].filter((t) => t.type !== 'ws').map((t) => `${t.type}:${t.text}`);
}

describe('kubectl get lexer', () => {
  it('reads a header as one token, NOMINATED NODE and all', () => {
    expect(types('NAME   READY   STATUS   RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES')).toEqual([
      'headerPod:NAME   READY   STATUS   RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES',
    ]);
    expect(types('NAMESPACE NAME ENDPOINTS AGE')).toEqual(['headerEndpoints:NAMESPACE NAME ENDPOINTS AGE']);
  });
  it('types cells by shape', () => {
    expect(types('x 9090:30038/TCP,53/UDP 10.96.0.1 <none> 2/2 5m10s 3 (5m ago) v1.27.4 containerd://1.6.21 app=a,b=c + 2 more...')).toEqual([
      'word:x', 'ports:9090:30038/TCP,53/UDP', 'ipv4:10.96.0.1', 'angle:<none>', 'ready:2/2', 'age:5m10s', 'int:3', 'ago:(5m ago)',
      'version:v1.27.4', 'runtime:containerd://1.6.21', 'selector:app=a,b=c', 'more:+ 2 more...',
    ]);
  });
});

describe('kubectl get', () => {
  it('reads the seed\'s kubectl get svc -nprometheus with exact values', () => {
    const text = fixture('svc-prometheus.txt');
    const { records, diagnostics } = parseKubectlGet(text, { namespace: 'prometheus' });
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([
      {
        kind: 'service', namespace: 'prometheus', name: 'prometheus', type: 'ClusterIP', clusterIP: '10.96.167.153', externalIP: null,
        ports: [{ port: 9090, nodePort: null, protocol: 'TCP' }], age: '138m',
        cells: ['prometheus', 'ClusterIP', '10.96.167.153', '<none>', '9090/TCP', '138m'],
        span: { line: 2, column: 1, offset: text.indexOf('prometheus '), length: 85, text: text.split('\n')[1] },
      },
      {
        kind: 'service', namespace: 'prometheus', name: 'prometheus-nodeport', type: 'NodePort', clusterIP: '10.109.216.20', externalIP: null,
        ports: [{ port: 9090, nodePort: 30038, protocol: 'TCP' }], age: '138m',
        cells: ['prometheus-nodeport', 'NodePort', '10.109.216.20', '<none>', '9090:30038/TCP', '138m'],
        span: { line: 3, column: 1, offset: text.indexOf('prometheus-nodeport'), length: 85, text: text.split('\n')[2] },
      },
    ]);
    for (const record of records) expect(KubectlGetRow.safeParse(record).success).toBe(true);
  });

  it('without -n the namespace is null', () => {
    expect(parseKubectlGet(fixture('svc-prometheus.txt')).records.map((r) => 'namespace' in r && r.namespace)).toEqual([null, null]);
  });

  it('reads the seed\'s kubectl get pods -nprometheus -owide (no READINESS GATES column)', () => {
    const { records, diagnostics } = parseKubectlGet(fixture('pods-prometheus-wide.txt'), { namespace: 'prometheus' });
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      {
        kind: 'pod', namespace: 'prometheus', name: 'prometheus-0', ready: '2/2', status: 'Running', restarts: '0', age: '143m',
        ip: '10.244.2.6', node: 'host189', nominatedNode: null,
        cells: ['prometheus-0', '2/2', 'Running', '0', '143m', '10.244.2.6', 'host189', '<none>'],
      },
    ]);
  });

  it('reads the seed\'s flattened line: two services and one pod on host189, prompt and remark as annotations', () => {
    const text = fixture('seed-flattened.txt');
    const { records, diagnostics } = parseKubectlGet(text, { namespace: 'prometheus' });
    const strip = (list: KubectlGetRow[]) => list.map(({ span: _span, ...rest }) => rest);
    expect(strip(records)).toEqual([
      ...strip(parseKubectlGet(fixture('svc-prometheus.txt'), { namespace: 'prometheus' }).records),
      ...strip(parseKubectlGet(fixture('pods-prometheus-wide.txt'), { namespace: 'prometheus' }).records),
    ]);
    expect(records.map((r) => [r.span.line, r.span.text])).toEqual([
      [1, 'prometheus ClusterIP 10.96.167.153 <none> 9090/TCP 138m'],
      [1, 'prometheus-nodeport NodePort 10.109.216.20 <none> 9090:30038/TCP 138m'],
      [1, 'prometheus-0 2/2 Running 0 143m 10.244.2.6 host189 <none>'],
    ]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([
      ['annotation', '# kubectl get svc -nprometheus'],
      ['annotation', '---服务ip地址 # kubectl get pods -nprometheus -owide'],
    ]);
  });

  it('reads kubectl get pods -A -o wide: namespaces, restarts with "(5m ago)", a pending pod', () => {
    const { records, diagnostics } = parseKubectlGet(fixture('pods-all-wide.txt'), { namespace: 'ignored' });
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.kind === 'pod' && [r.namespace, r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates])).toEqual([
      ['kube-system', 'coredns-5d78c9869d-7xk2p', '1/1', 'Running', '3 (5m ago)', '2d3h', '10.244.0.3', 'host188', null, null],
      ['kube-system', 'kube-flannel-ds-fvj6h', '0/1', 'CrashLoopBackOff', '12 (41s ago)', '2d3h', '192.168.86.188', 'host188', null, null],
      ['prometheus', 'prometheus-0', '2/2', 'Running', '0', '143m', '10.244.2.6', 'host189', null, null],
      ['default', 'web-7f9c6d8b5-abcde', '0/1', 'Pending', '0', '12s', null, null, 'host190', '0/1'],
    ]);
    expect(records[0] && 'cells' in records[0] && records[0].cells).toEqual(['kube-system', 'coredns-5d78c9869d-7xk2p', '1/1', 'Running', '3 (5m ago)', '2d3h', '10.244.0.3', 'host188', '<none>', '<none>']);
  });

  it('reads kubectl get nodes -o wide, OS-IMAGE with its spaces', () => {
    const text = fixture('nodes-wide.txt');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records[0])).toEqual({
      kind: 'node', name: 'host188', status: 'Ready', roles: 'control-plane', age: '12d', version: 'v1.27.4',
      internalIP: '192.168.86.188', externalIP: null, osImage: 'Ubuntu 22.04.3 LTS', kernelVersion: '5.15.0-86-generic',
      containerRuntime: 'containerd://1.6.21',
      cells: ['host188', 'Ready', 'control-plane', '12d', 'v1.27.4', '192.168.86.188', '<none>', 'Ubuntu 22.04.3 LTS', '5.15.0-86-generic', 'containerd://1.6.21'],
    });
    expect(records.map((r) => r.kind === 'node' && [r.name, r.status, r.roles, r.osImage, r.kernelVersion, r.containerRuntime, r.externalIP])).toEqual([
      ['host188', 'Ready', 'control-plane', 'Ubuntu 22.04.3 LTS', '5.15.0-86-generic', 'containerd://1.6.21', null],
      ['host189', 'Ready', null, 'CentOS Linux 7 (Core)', '3.10.0-1160.el7.x86_64', 'docker://20.10.7', null],
      ['host190', 'NotReady,SchedulingDisabled', null, 'Debian GNU/Linux 12 (bookworm)', '6.1.0-13-amd64', 'containerd://1.7.2', '203.0.113.7'],
    ]);
    // the flattened table gives the same nodes: the runtime's "://" ends OS-IMAGE and KERNEL-VERSION
    expect(withoutSpans(parseKubectlGet(text.split('\n').join(' ')).records)).toEqual(withoutSpans(records));
  });

  it('reads kubectl get endpoints, "+ N more..." and "<none>"', () => {
    const { records, diagnostics } = parseKubectlGet(fixture('endpoints-prometheus.txt'), { namespace: 'prometheus' });
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.kind === 'endpoints' && [r.namespace, r.name, r.addresses, r.more, r.age, r.cells[1]])).toEqual([
      ['prometheus', 'prometheus', ['10.244.2.6:9090'], 0, '138m', '10.244.2.6:9090'],
      ['prometheus', 'prometheus-nodeport', ['10.244.2.6:9090', '10.244.1.3:9090', '10.244.0.7:9090'], 2, '138m',
        '10.244.2.6:9090,10.244.1.3:9090,10.244.0.7:9090 + 2 more...'],
      ['prometheus', 'alertmanager', [], 0, '5m', '<none>'],
    ]);
  });

  it('prints every fixture back byte for byte', () => {
    for (const name of FIXTURES) {
      const text = fixture(name);
      const { records } = parseKubectlGet(text);
      expect(printKubectlGet(records), name).toBe(text);
      for (const record of records) expect(KubectlGetRow.safeParse(record).success, name).toBe(true);
    }
  });

  it('reads -A services with a selector (-o wide), and warns about a row under the wrong header', () => {
    const text = [
      'NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE   SELECTOR',
      'kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   12d   k8s-app=kube-dns',
      'default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  12d   <none>',
      'prometheus-0   2/2   Running   0   143m',
    ].join('\n');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(records.map((r) => r.kind === 'service' && [r.namespace, r.name, r.ports.length, r.selector])).toEqual([
      ['kube-system', 'kube-dns', 3, 'k8s-app=kube-dns'], ['default', 'kubernetes', 1, null], false,
    ]);
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['unexpected-text', 4]]);
  });

  it('reports what it cannot read, and a port out of range', () => {
    const text = 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE\nx NodePort 10.0.0.1 <none> 99999:30000/TCP 1m\nhello world\n';
    const { records, diagnostics } = parseKubectlGet(text);
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([
      ['incomplete', 'x NodePort 10.0.0.1 <none> 99999:30000/TCP 1m'],
      ['invalid-value', '99999:30000/TCP'],
      ['unexpected-token', 'hello world'],
    ]);
  });

  it('is unambiguous on every fixture line', () => {
    const reader = kubectlGetReader({ cache: false });
    for (const name of FIXTURES)
      for (const [i, line] of fixture(name).split('\n').entries()) {
        if (line === '') continue;
        expect(reader.countReadings(reader.tokenize(line, 0, i + 1)), `${name}:${i + 1}`).toBe(1);
      }
  });

  it('sniffs its tables, flattened too, and not other output', () => {
    for (const name of [...FIXTURES, 'seed-flattened.txt']) expect(sniffKubectlGet(fixture(name)), name).toBeGreaterThan(0.85);
    expect(sniffKubectlGet('Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\n')).toBe(0);
    expect(kubectlGet.sniff('')).toBe(0);
  });

  it('reads a table without its own schema (kubectl get pvc -A) by the header\'s column starts', () => {
    const text = fixture('pvc-all.txt');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    const columns = ['NAMESPACE', 'NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'AGE'];
    expect(withoutSpans(records)).toEqual([
      { kind: 'row', namespace: 'prometheus', name: 'prometheus-db-prometheus-0', columns,
        cells: ['prometheus', 'prometheus-db-prometheus-0', 'Bound', 'pvc-3f1c2a9e', '50Gi', 'RWO', 'local-path', '143m'] },
      { kind: 'row', namespace: 'default', name: 'data', columns, cells: ['default', 'data', 'Pending', '', '', '', 'standard', '12s'] },
    ]);
    expect(records[1]?.span).toEqual({ line: 3, column: 1, offset: text.indexOf('default'), length: text.split('\n')[2]?.length, text: text.split('\n')[2] });
    expect(printKubectlGet(records)).toBe(text);
    for (const record of records) expect(KubectlGetRow.safeParse(record).success).toBe(true);
  });

  it('a deployments table after a services table: each read by its own header', () => {
    const text = `${fixture('svc-prometheus.txt')}NAME         READY   UP-TO-DATE   AVAILABLE   AGE\ngrafana      1/1     1            1           2d\n`;
    const { records, diagnostics } = parseKubectlGet(text, { namespace: 'prometheus' });
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.kind, 'namespace' in r && r.namespace, r.name])).toEqual([
      ['service', 'prometheus', 'prometheus'], ['service', 'prometheus', 'prometheus-nodeport'], ['row', 'prometheus', 'grafana'],
    ]);
    expect(records[2] && 'cells' in records[2] && records[2].cells).toEqual(['grafana', '1/1', '1', '1', '2d']);
  });

  it('takes -n from the registry\'s ParseOptions', () => {
    const { records } = kubectlGet.parse(fixture('svc-prometheus.txt'), { namespace: 'prometheus' });
    expect(records.every((r) => r.kind === 'service' && r.namespace === 'prometheus')).toBe(true);
  });
});

describe('the shared reader\'s caches', () => {
  // synthetic rows: an AGE of "12d" (a duration) and "12e" (not one) differ in a hex letter only
  const row = (age: string) => `NAME      STATUS   ROLES           AGE    VERSION\nhost188   Ready    control-plane   ${age}    v1.27.4\n`;
  it('read a row after another of a near skeleton as a fresh reader does ("12d" then "12e")', () => {
    const fresh = parseKubectlGet(row('12e'), { reader: kubectlGetReader({ cache: false }) });
    expect(fresh.records).toEqual([]);
    expect(fresh.diagnostics.map((d) => d.code)).toEqual(['unexpected-token']);
    const shared = kubectlGetReader();
    expect(parseKubectlGet(row('12d'), { reader: shared }).records).toHaveLength(1);
    expect(parseKubectlGet(row('12e'), { reader: shared })).toEqual(fresh);
  });
});
