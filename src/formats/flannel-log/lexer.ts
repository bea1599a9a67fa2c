// Tokens of flanneld logs: the wrappings people paste (kubectl --timestamps, CRI log files,
// journald), the klog header (k8s.io/klog: "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg") and the
// message as one token whose type names the flannel message it is (messages.ts) or "text".
// Lexer states follow the line left to right; a message ends at the end of the line, or, in a
// flattened paste, before a remark ("###", "----") or the next line's wrapping or klog header.
import moo from 'moo';
import { ENDS, MESSAGES, REST, plainPattern } from './messages';

// "E" and "F" are hex letters: the engine's line skeleton treats "E1028" like "A1028", so every
// letter of that class lexes alike; build.ts reports a severity letter klog never prints.
const klogLevel = /[IWA-F]\d{4}(?=[ \t]+\d\d:\d\d:\d\d\.\d{6}(?:[ \t]|$))/;

const messageRules: moo.Rules = {};
for (const spec of MESSAGES) messageRules[spec.type] = { match: new RegExp(`${plainPattern(spec.pattern)}${ENDS}`), next: 'main' };
messageRules.text = { match: new RegExp(REST), next: 'main' };

const ws = /[ \t]+/;

export const lexer = moo.states({
  main: {
    ws,
    // kubectl logs --timestamps and CRI log files (RFC 3339, nanoseconds)
    timestamp: { match: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)(?![^ \t\n])/, next: 'afterTimestamp' },
    // journalctl / syslog: "Nov 24 08:01:02 host flanneld[812]: "
    month: {
      match: /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?=[ \t]+\d{1,2}[ \t]+\d\d:\d\d:\d\d[ \t]+[^ \t\n]+[ \t]+[^ \t\n]+:(?:[ \t]|$))/,
      next: 'syslog',
    },
    klogLevel: { match: klogLevel, next: 'header' },
    word: /[^ \t\n]+/,
  },
  afterTimestamp: {
    ws,
    stream: { match: /std(?:out|err)(?=[ \t]+[FP](?:[ \t]|$))/, next: 'afterStream' },
    klogLevel: { match: klogLevel, next: 'header' },
    ...messageRules,
  },
  afterStream: {
    ws,
    criTag: { match: /[FP](?![^ \t\n])/, next: 'tagged' },
    word: { match: /[^ \t\n]+/, next: 'main' },
  },
  syslog: {
    ws,
    clock: /\d\d:\d\d:\d\d(?![^ \t\n])/,
    day: /\d{1,2}(?![^ \t\n])/,
    tag: { match: /[^ \t\n[\]:]+(?:\[\d+\])?:(?![^ \t\n])/, next: 'tagged' },
    host: /[^ \t\n]+/,
  },
  tagged: {
    ws,
    klogLevel: { match: klogLevel, next: 'header' },
    ...messageRules,
  },
  header: {
    ws,
    time: /\d\d:\d\d:\d\d\.\d{6}(?![^ \t\n])/,
    thread: /\d+(?![^ \t\n])/,
    source: { match: /[^ \t\n\]:]+:\d+\](?![^ \t\n])/, next: 'message' },
    word: { match: /[^ \t\n]+/, next: 'main' },
  },
  message: {
    ws,
    ...messageRules,
  },
});

/** The token types of typed messages, in the grammar's order. */
export const MESSAGE_TYPES = MESSAGES.map((spec) => spec.type);

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'timestamp': return 'an RFC 3339 timestamp';
    case 'month': return 'a journald date';
    case 'klogLevel': return 'a klog header (I1028)';
    case 'stream': return 'stdout or stderr';
    case 'criTag': return 'F or P';
    case 'time': return 'hh:mm:ss.uuuuuu';
    case 'thread': return 'a thread id';
    case 'source': return 'file:line]';
    case 'day': return 'a day of the month';
    case 'clock': return 'hh:mm:ss';
    case 'tag': return 'a syslog tag (flanneld[812]:)';
    case 'host': return 'a host name';
    default: return 'a message';
  }
}
