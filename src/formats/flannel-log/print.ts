// Writes flanneld log records in each wrapping's exact layout: klog's header
// ("%c%02d%02d %02d:%02d:%02d.%06d %7d %s:%d] ", k8s.io/klog formatHeader), behind kubectl
// --timestamps' or a CRI log file's prefix, or journald's short format.
import type { FlannelLogEvent } from './schema';

const LETTER = { info: 'I', warning: 'W', error: 'E', fatal: 'F' } as const;
const two = (value: number | null): string => String(value ?? 0).padStart(2, '0');

function klogLine(record: FlannelLogEvent): string {
  if (record.severity === null) return record.message;
  const header =
    `${LETTER[record.severity]}${two(record.month)}${two(record.day)} ${record.time ?? ''} ` +
    `${String(record.thread ?? 0).padStart(7)} ${record.file ?? ''}:${record.line ?? 0}]`;
  return `${header} ${record.message}`;
}

/** One log line as the wrapping the record was read from prints it. */
export function printFlannelLogLine(record: FlannelLogEvent): string {
  const line = klogLine(record);
  switch (record.wrapping) {
    case 'klog':
      return line;
    case 'kubectl-timestamps':
      return `${record.timestamp ?? ''} ${line}`;
    case 'cri':
      return `${record.timestamp ?? ''} ${record.stream ?? 'stderr'} ${record.criTag ?? 'F'} ${line}`;
    case 'journald':
      return `${record.timestamp ?? ''} ${record.host ?? ''} ${record.ident ?? ''}${record.pid === null ? '' : `[${record.pid}]`}: ${line}`;
  }
}

/** Prints records one line each, in the wrapping each was read from. */
export function printFlannelLog(records: readonly FlannelLogEvent[]): string {
  return records.map((record) => `${printFlannelLogLine(record)}\n`).join('');
}
