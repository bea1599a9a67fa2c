// Tokens of one line of kubectl get's table output. A header line is one token (its words joined
// by any run of blanks, so a flattened paste still matches); cells get types by their shape.
import moo from 'moo';
import type { SkeletonOptions } from '../engine/skeleton';
import { COLUMNS, WIDE_COLUMNS, type KubectlTable } from './headers';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (column: string): string => column.split(' ').map(escape).join('[ \\t\\u00a0]+');

/** A header regex: optional NAMESPACE, the columns, then -o wide's columns (each optional after the first). */
function header(table: KubectlTable): RegExp {
  const base = COLUMNS[table].map(words).join('[ \\t\\u00a0]+');
  let wide = '';
  for (const column of [...WIDE_COLUMNS[table]].reverse()) wide = `(?:[ \\t\\u00a0]+${words(column)}${wide})?`;
  return new RegExp(`(?:NAMESPACE[ \\t\\u00a0]+)?${base}${wide}(?![^ \\t\\u00a0\\f\\v\\r\\n])`);
}

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  headerService: header('service'),
  headerPod: header('pod'),
  headerNode: header('node'),
  headerEndpoints: header('endpoints'),
  // any other table (deployments, configmaps, pvc…): NAME and more upper-case columns; parse.ts
  // cuts its rows at the header's column starts
  headerOther: /(?:NAMESPACE[ \t\u00a0]+)?NAME(?:[ \t\u00a0]+[A-Z][\w()/.:-]*)+(?![^ \t\u00a0\f\v\r\n])/,
  // kubectl shortens a long ENDPOINTS cell to three addresses and "+ N more..."
  more: /\+ \d+ more\.{3}/,
  // RESTARTS since kubectl 1.22: "3 (5m ago)"
  ago: /\(\d+[smhdy](?:\d+[smhdy])? ago\)/,
  angle: /<[a-z]+>(?![^ \t\u00a0\f\v\r\n])/,
  svcType: /(?:ClusterIP|NodePort|LoadBalancer|ExternalName)(?![^ \t\u00a0\f\v\r\n])/,
  runtime: /[a-z][\w.-]*:\/\/[^ \t\u00a0\f\v\r\n]*/,
  addrs: /\d{1,3}(?:\.\d{1,3}){3}:\d+(?:,\d{1,3}(?:\.\d{1,3}){3}:\d+)*(?![^ \t\u00a0\f\v\r\n])/,
  ports: /\d+(?::\d+)?\/(?:TCP|UDP|SCTP)(?:,\d+(?::\d+)?\/(?:TCP|UDP|SCTP))*(?![^ \t\u00a0\f\v\r\n])/,
  ipv4: /\d{1,3}(?:\.\d{1,3}){3}(?![^ \t\u00a0\f\v\r\n])/,
  ready: /\d+\/\d+(?![^ \t\u00a0\f\v\r\n])/,
  // apimachinery's HumanDuration: "45s", "138m", "5m10s", "2d3h", "3y"
  age: /\d+[smhdy](?:\d+[smhdy])?(?![^ \t\u00a0\f\v\r\n])/,
  int: /\d+(?![^ \t\u00a0\f\v\r\n])/,
  version: /v\d+\.\d+\.\d[^ \t\u00a0\f\v\r\n]*/,
  // SELECTOR: app=prometheus,component=server
  selector: /[^ \t\u00a0\f\v\r\n=]+=[^ \t\u00a0\f\v\r\n]*/,
  word: /[^ \t\u00a0\f\v\r\n]+/,
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'word': return 'a name';
    case 'ipv4': return 'an IPv4 address';
    case 'angle': return '"<none>"';
    case 'svcType': return 'a service type';
    case 'ports': return 'ports such as 9090:30038/TCP';
    case 'addrs': return 'endpoint addresses';
    case 'ready': return 'a ready count such as 2/2';
    case 'age': return 'an age such as 138m';
    case 'version': return 'a kubelet version';
    case 'runtime': return 'a container runtime such as containerd://1.6.21';
    case 'int': return 'a number';
    default: return 'the column header';
  }
}

/**
 * What the fast path may abstract in these lines (src/formats/engine/skeleton.ts): digits only. The
 * `age` rule tells hex letters apart inside a field made of digits and hex letters ("12d" is an
 * age, "12e" a word), so those letters keep their identity: with them abstracted, a line read first
 * with "12d" made a later "12e" read as an age (found by a review).
 */
export const KUBECTL_SKELETON: SkeletonOptions = { hexLetters: false };
