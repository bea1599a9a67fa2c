# flanneld logs, one line: a klog line (k8s.io/klog header, then the message) bare as kubectl logs
# prints it, behind kubectl logs --timestamps' RFC 3339 time, a CRI log file's "time stream tag", or
# journald's "Mon dd hh:mm:ss host ident[pid]:"; behind a wrapping the klog header may be missing.
# The message is one token; its type says which flannel message it is (lexer.ts, messages.ts).
@preprocessor typescript
@{%
import { lexer } from './lexer';
const none = { timestamp: null, stream: null, criTag: null, month: null, day: null, clock: null, host: null, tag: null };
const noKlog = { level: null, time: null, thread: null, source: null };
%}
@lexer lexer

unit -> klog {% ([k]) => ({ kind: 'entry', wrapping: 'klog', ...none, ...k }) %}
  | %timestamp klog {% ([timestamp, k]) => ({ kind: 'entry', wrapping: 'kubectl-timestamps', ...none, timestamp, ...k }) %}
  | %timestamp %stream %criTag klog {% ([timestamp, stream, criTag, k]) => ({ kind: 'entry', wrapping: 'cri', ...none, timestamp, stream, criTag, ...k }) %}
  | journal klog {% ([j, k]) => ({ kind: 'entry', wrapping: 'journald', ...none, ...j, ...k }) %}
  | %timestamp message {% ([timestamp, message]) => ({ kind: 'entry', wrapping: 'kubectl-timestamps', ...none, timestamp, ...noKlog, message }) %}
  | %timestamp %stream %criTag message {% ([timestamp, stream, criTag, message]) => ({ kind: 'entry', wrapping: 'cri', ...none, timestamp, stream, criTag, ...noKlog, message }) %}
  | journal message {% ([j, message]) => ({ kind: 'entry', wrapping: 'journald', ...none, ...j, ...noKlog, message }) %}

# "I1028 01:59:01.891322       1 main.go:475] message"; klog writes "] " even before an empty message
klog -> %klogLevel %time %thread %source message:? {% ([level, time, thread, source, message]) => ({ level, time, thread, source, message }) %}

# journalctl's short format; a host of one or two digits lexes as a day
journal -> %month %day %clock host %tag {% ([month, day, clock, host, tag]) => ({ month, day, clock, host, tag }) %}
host -> %host {% id %} | %day {% id %}

message -> %mInterface {% id %} | %mExternalDefault {% id %} | %mExternalUsing {% id %} | %mSubnetManager {% id %}
  | %mBackendType {% id %} | %mVxlanConfig {% id %} | %mNetworkChanged {% id %} | %mLeaseAcquired {% id %}
  | %mNodeLease {% id %} | %mSubnetFile {% id %} | %mInitialEvents {% id %} | %mSubnetAdded {% id %}
  | %mSubnetRemoved {% id %} | %mVxlanAdding {% id %} | %mVxlanRemoving {% id %} | %mRouteAddFailed {% id %}
  | %mDirectAddFailed {% id %} | %mRouteDeleteFailed {% id %} | %mDirectDeleteFailed {% id %}
  | %mVtepEntryFailed {% id %} | %mRegisterFailed {% id %} | %mLeaseFailed {% id %} | %mIptablesFailed {% id %}
  | %mDefaultInterfaceFailed {% id %} | %mShutdownSignal {% id %} | %mExiting {% id %}
  | %text {% id %}
