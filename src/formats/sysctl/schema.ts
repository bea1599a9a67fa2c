// Records of sysctl (procps-ng 3.3 / 4.0, src/sysctl.c): "key = value" lines as `sysctl -a`,
// `sysctl KEY`, `sysctl -w KEY=VALUE` and `sysctl -p` print them, values alone (`sysctl -n KEY`,
// `cat /proc/sys/…`, the key coming from the command), the "sysctl: …" warnings it writes to
// stderr, and the "* Applying FILE ..." lines of `sysctl --system`.
import { z } from 'zod';
import { Span } from '../../core';

const key = z.string().meta({ description: 'as sysctl prints it: dots between components, "/" for a dot inside one (net.ipv4.conf.flannel/1.rp_filter)' });

export const SysctlErrorKind = z
  .enum(['cannot-stat', 'permission-denied', 'unknown-key', 'reading-key', 'setting-key', 'invalid-syntax', 'other'])
  .meta({ id: 'sysctl/error-kind', title: 'Which of sysctl\'s warnings a line is' });
export type SysctlErrorKind = z.infer<typeof SysctlErrorKind>;

export const SysctlEntry = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('setting'), key,
      value: z.string().meta({ description: 'as printed, inner blanks and tabs kept ("4096\\t131072\\t6291456")' }),
      numeric: z.array(z.int()).optional().meta({ description: 'the integers of the value, when it is only integers (each a safe integer)' }),
      span: Span,
    }).meta({ id: 'sysctl/setting', title: 'A key and its value' }),
    z.object({
      type: z.literal('error'), error: SysctlErrorKind,
      program: z.enum(['sysctl', 'cat']).meta({ description: 'who wrote the warning: sysctl, or cat reading /proc/sys files ("cat: PATH: No such file or directory")' }),
      key: z.string().nullable().meta({ description: 'the key the warning names (from the /proc/sys path for cannot-stat and cat); null when it names none' }),
      path: z.string().optional().meta({ description: 'the /proc/sys path of cannot-stat and of cat\'s warnings' }),
      reason: z.string().optional().meta({ description: 'strerror text after the last ": " ("No such file or directory")' }),
      ignoring: z.boolean().meta({ description: 'sysctl said ", ignoring" (a "-key" line of sysctl.d)' }),
      message: z.string().meta({ description: 'the line after "sysctl: " (or "cat: "), as printed' }),
      span: Span,
    }).meta({ id: 'sysctl/error', title: 'A warning sysctl (or cat) wrote to stderr' }),
    z.object({
      type: z.literal('applying'), file: z.string(), span: Span,
    }).meta({ id: 'sysctl/applying', title: 'sysctl --system: "* Applying FILE ..."' }),
  ])
  .meta({ id: 'sysctl/entry', title: 'One line of sysctl output' });
export type SysctlEntry = z.infer<typeof SysctlEntry>;
