// Property tests of the kubectl get grammar: generated tables in kubectl's layout.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { kubectlGetReader, parseKubectlGet } from './parse';
import { cellsOf, printKubectlGet, type KubectlTableRow } from './print';
import type { KubectlEndpoints, KubectlGetRow, KubectlNode, KubectlPod, KubectlService, KubectlServicePort } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const age = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('s', 'm', 'h', 'd', 'y')).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 23 })).map(([d, h]) => `${d}d${h}h`),
);
const orNone = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });

/** A record with its cells filled in as kubectl would print them. */
function withCells<R extends KubectlTableRow>(record: Omit<R, 'cells' | 'span'>): R {
  const full = { ...record, cells: [] as string[], span: SPAN } as unknown as R;
  full.cells = cellsOf(full);
  return full;
}

const port: fc.Arbitrary<KubectlServicePort> = fc.record({
  port: fc.integer({ min: 1, max: 65535 }),
  nodePort: orNone(fc.integer({ min: 30000, max: 32767 })),
  protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
});

function services(hasNamespace: boolean, wide: boolean): fc.Arbitrary<KubectlService> {
  return fc
    .record({
      namespace: hasNamespace ? name : fc.constant(null), name,
      type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
      clusterIP: fc.oneof(ipv4, fc.constant('None'), fc.constant(null)),
      externalIP: fc.oneof(ipv4, fc.constant('<pending>'), fc.constant(null)),
      ports: fc.array(port, { maxLength: 3 }), age,
      selector: orNone(fc.tuple(name, name).map(([k, v]) => `${k}=${v}`)),
    })
    .map(({ selector, ...rest }) => withCells<KubectlService>({ kind: 'service', ...rest, ...(wide ? { selector } : {}) }));
}

function pods(hasNamespace: boolean, wide: 0 | 3 | 4): fc.Arbitrary<KubectlPod> {
  return fc
    .record({
      namespace: hasNamespace ? name : fc.constant(null), name,
      ready: fc.tuple(fc.nat(9), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `${a}/${b}`),
      status: fc.constantFrom('Running', 'Pending', 'CrashLoopBackOff', 'Completed', 'Init:0/1', 'ContainerCreating'),
      restarts: fc.oneof(fc.nat(99).map(String), fc.tuple(fc.nat(99), age).map(([n, a]) => `${n} (${a} ago)`)),
      age, ip: orNone(ipv4), node: orNone(name), nominatedNode: orNone(name),
      readinessGates: orNone(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 3 })).map(([a, b]) => `${a}/${b}`)),
    })
    .map(({ ip, node, nominatedNode, readinessGates, ...rest }) =>
      withCells<KubectlPod>({
        kind: 'pod', ...rest,
        ...(wide > 0 ? { ip, node, nominatedNode } : {}),
        ...(wide === 4 ? { readinessGates } : {}),
      }),
    );
}

function nodes(wide: boolean): fc.Arbitrary<KubectlNode> {
  return fc
    .record({
      name,
      status: fc.constantFrom('Ready', 'NotReady', 'Ready,SchedulingDisabled', 'Unknown'),
      roles: orNone(fc.constantFrom('control-plane', 'control-plane,master', 'worker')),
      age,
      version: fc.tuple(fc.nat(30), fc.nat(9)).map(([minor, patch]) => `v1.${minor}.${patch}`),
      internalIP: orNone(ipv4), externalIP: orNone(ipv4),
      osImage: fc.constantFrom('Ubuntu 22.04.3 LTS', 'CentOS Linux 7 (Core)', 'Debian GNU/Linux 12 (bookworm)', 'Amazon Linux 2', 'Flatcar'),
      kernelVersion: fc.constantFrom('5.15.0-86-generic', '3.10.0-1160.el7.x86_64', '6.1.0-13-amd64'),
      containerRuntime: fc.constantFrom('containerd://1.6.21', 'docker://20.10.7', 'cri-o://1.28.1'),
    })
    .map(({ name, status, roles, age, version, ...rest }) =>
      withCells<KubectlNode>({ kind: 'node', name, status, roles, age, version, ...(wide ? rest : {}) }),
    );
}

function endpoints(hasNamespace: boolean): fc.Arbitrary<KubectlEndpoints> {
  return fc
    .record({
      namespace: hasNamespace ? name : fc.constant(null), name,
      addresses: fc.array(fc.tuple(ipv4, fc.integer({ min: 1, max: 65535 })).map(([ip, p]) => `${ip}:${p}`), { maxLength: 3 }),
      more: fc.integer({ min: 1, max: 20 }), age,
    })
    .map(({ more, ...rest }) => withCells<KubectlEndpoints>({ kind: 'endpoints', ...rest, more: rest.addresses.length === 3 ? more : 0 }));
}

/** One table (one kind, one layout), or two after each other. */
const table: fc.Arbitrary<KubectlGetRow[]> = fc.oneof(
  fc.tuple(fc.boolean(), fc.boolean()).chain(([ns, wide]) => fc.array(services(ns, wide), { minLength: 1, maxLength: 6 })),
  fc.tuple(fc.boolean(), fc.constantFrom<0 | 3 | 4>(0, 3, 4)).chain(([ns, wide]) => fc.array(pods(ns, wide), { minLength: 1, maxLength: 6 })),
  fc.boolean().chain((wide) => fc.array(nodes(wide), { minLength: 1, maxLength: 6 })),
  fc.boolean().chain((ns) => fc.array(endpoints(ns), { minLength: 1, maxLength: 6 })),
);
const tables = fc.oneof(table, fc.tuple(table, table).map(([a, b]) => [...a, ...b]));

describe('kubectl get properties', () => {
  const uncached = kubectlGetReader({ cache: false });
  formatProperties<KubectlGetRow>({
    records: tables,
    print: printKubectlGet,
    parse: (text) => parseKubectlGet(text),
    parseWithoutCache: (text) => parseKubectlGet(text, { reader: uncached }),
  });
});
