export { trace } from './trace';
export type { TraceOptions } from './trace';
export type { TraceQuery } from './trace';
export { Trace, TraceBranch, TraceHop, TraceStep, Disposition, ReplyTrace, ReplyDisposition } from './schema';
