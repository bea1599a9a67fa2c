// diagnose's traces: every one asked for, and the input's own curl and wget targets up to a bound,
// the rest counted in a diagnostic. Synthetic input: one node, forty curls.
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { diagnose, MAX_CURL_TRACES } from './diagnose';
import { Report } from './schema';

const curls = (count: number): string => {
  let text = '[root@n1 ~]# ip r\ndefault via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.5\n';
  for (let i = 0; i < count; i++) text += `[root@n1 ~]# curl http://192.168.0.5:${30000 + i}/\ncurl: (7) Failed to connect\n`;
  return text;
};

describe('diagnose traces', () => {
  it(`traces the first ${MAX_CURL_TRACES} curl targets of the input and counts the rest`, () => {
    const { report } = diagnose(ingest(curls(40)));
    expect(Report.safeParse(report).success).toBe(true);
    expect(report.traces.map((t) => t.to)).toEqual(Array.from({ length: MAX_CURL_TRACES }, (_, i) => `192.168.0.5:${30000 + i}`));
    expect(report.diagnostics.filter((d) => d.code === 'incomplete').map((d) => d.message)).toEqual([
      `8 more curl and wget targets of the input were not traced (the first ${MAX_CURL_TRACES} were); --trace traces any of them.`,
    ]);
  });

  it('traces every target asked for, besides the curls', () => {
    const asked = Array.from({ length: 40 }, (_, i) => ({ to: `10.1.0.${i}:80` }));
    const { report } = diagnose(ingest(curls(3)), { traces: asked });
    expect(report.traces).toHaveLength(43);
    expect(report.diagnostics.filter((d) => d.code === 'incomplete')).toEqual([]);
  });
});
