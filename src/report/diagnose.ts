// The whole pipeline over a bundle: model, rules, traces (those asked for, and one per curl the
// user ran: the packets they care about), and the report.
import type { Bundle } from '../core';
import { runRules } from '../analyze/run';
import { trace, type Trace, type TraceQuery } from '../analyze/trace';
import { buildModel, MAX_RULE_VISITS, proxiedServices, WalkBudget, type Model } from '../model';
import type { Report } from './schema';
import { VERSION } from './version';

export interface DiagnoseOptions {
  /** Traces to run besides those of the curls in the input. */
  traces?: TraceQuery[];
  /** Trace every `curl http://ip:port/…` the input shows (default true). */
  traceCurls?: boolean;
  /**
   * 'all' (default): every section's records in the report. 'used': only what the diagnosis reads —
   * listings another listing of the host holds (iptables -t nat -nvL beside iptables-save) are not
   * parsed (unless they show a warning), and their sections carry no records; text and Markdown
   * reports use this.
   */
  records?: 'all' | 'used';
  /**
   * Hold iptables-save's rules packed (BuildModelOptions.packRules): the same findings from a fifth
   * of the memory. Default: with records 'used', whose report prints no record.
   */
  packRules?: boolean;
}

/** Traces of the input's own curl and wget targets, at most. */
export const MAX_CURL_TRACES = 32;
/** Rule visits the NAT walks of all of them make together (one trace of the lab's 5,000-service table makes at most 5,500). */
export const MAX_CURL_VISITS = 4 * MAX_RULE_VISITS;

export function diagnose(bundle: Bundle, options: DiagnoseOptions = {}): { report: Report; model: Model } {
  // the service rules read every node's kube-proxy services: read them as each node is built, while
  // its rules are still in the processor's cache (100 × 1,000 services: ~0.1 s of 6.4 s less)
  // records 'used': no record is printed, so iptables rules are held packed (a 100-node bundle's are most of its memory)
  const used = options.records === 'used';
  const model = buildModel(bundle, { skipRedundant: used, packRules: options.packRules ?? used, onNode: (node) => void proxiedServices(node) });
  const analysis = runRules(model);
  const requested = options.traces ?? [];
  const queries = [...requested, ...(options.traceCurls === false ? [] : curlTargets(bundle))];
  const seen = new Set<string>();
  const traces: Trace[] = [];
  let curls = 0;
  let untraced = 0;
  // the curls share one walk budget: a rule set that spends a whole budget per walk costs it once
  const curlBudget = new WalkBudget(MAX_CURL_VISITS);
  queries.forEach((query, index) => {
    const key = `${query.from ?? 'external'}>${query.to}/${query.proto ?? 'tcp'}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (index < requested.length) {
      traces.push(trace(model, query));
      return;
    }
    // the input's curls up to a bound (each walks the nodes' rules, and a paste of thousands of
    // curls is no request for thousands of traces)
    if (curls === MAX_CURL_TRACES) {
      untraced++;
      return;
    }
    curls++;
    traces.push(trace(model, query, { budget: curlBudget }));
  });
  const curlNote = untraced === 0 ? [] : [{
    code: 'incomplete' as const, severity: 'info' as const, host: null, origin: null, span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
    message: `${untraced} more curl and wget targets of the input were not traced (the first ${MAX_CURL_TRACES} were); --trace traces any of them.`,
  }];
  const report: Report = {
    netsift: VERSION,
    hosts: model.hosts.map((host) => ({
      name: host.name,
      sections: host.sections.map(({ section, records }) => ({
        command: section.command, format: section.format, origin: section.origin, span: section.span,
        partial: section.partial, ...(section.failure ? { failure: section.failure } : {}), snapshot: section.snapshot, records,
      })),
    })),
    cluster: model.clusterSections.map(({ section, records }) => ({
      command: section.command, format: section.format, origin: section.origin, span: section.span,
      partial: section.partial, ...(section.failure ? { failure: section.failure } : {}), snapshot: section.snapshot, records,
    })),
    unattributed: bundle.unattributed.flatMap(({ section, reason }) => (section.format === null ? [] : [{
      command: section.command, format: section.format, origin: section.origin, span: section.span, reason,
    }])),
    findings: analysis.findings,
    traces,
    diagnostics: [
      ...model.diagnostics.map((d) => ({ ...d, host: d.host, origin: d.origin })),
      ...bundle.diagnostics.map((d) => ({ ...d, host: null, origin: null })),
      ...analysis.diagnostics.map((d) => ({ ...d, host: null, origin: null })),
      ...curlNote,
    ],
  };
  return { report, model };
}

/**
 * `curl http://192.168.86.188:30038/targets` → a trace to 192.168.86.188:30038: from the host whose
 * prompt ran it, from outside where no host did (a bare prompt, a cluster section). curl takes a URL
 * without its scheme too (`curl 10.233.30.15:80/healthz`: http); wget as well.
 */
export function curlTargets(bundle: Bundle): TraceQuery[] {
  // a host the trace can start from shows its routes or addresses (not a laptop's prompt, a jump host's)
  const traceable = new Set(bundle.hosts.filter((host) => host.sections.some((s) => s.format !== null && ROUTING_FORMATS.has(s.format))).map((host) => host.name));
  const commands: { command: string | null; from: string | null }[] = [
    ...bundle.hosts.flatMap((host) => host.sections.map((s) => ({ command: s.command, from: traceable.has(host.name) ? host.name : null }))),
    ...bundle.unattributed.map((u) => ({ command: u.section.command, from: null })),
    ...bundle.cluster.map((s) => ({ command: s.command, from: null })),
  ];
  const out: TraceQuery[] = [];
  for (const { command, from } of commands) {
    if (!command || !/^(?:sudo\s+)?(?:curl|wget)\s/.test(command)) continue;
    // the URL: one with its scheme first; else a word that is no option's value (-H, --interface …)
    const words = command.split(/\s+/).slice(1).map((word) => word.replace(/^["']|["']$/g, ''));
    const candidates = words.filter((word, i) => /^https?:\/\//i.test(word) || !(i > 0 && OPTION_WITH_VALUE.test(words[i - 1] as string)));
    const url = candidates.map((word) => URL_WORD.exec(word)).find((m) => m !== null && /^https?:\/\//i.test(m[0]))
      ?? candidates.map((word) => URL_WORD.exec(word)).find((m) => m !== null);
    if (!url?.[2]) continue;
    const port = url[3] ?? (url[1]?.toLowerCase() === 'https' ? '443' : '80');
    out.push({ to: `${url[2]}:${port}`, proto: 'tcp', ...(from === null ? {} : { from }) });
  }
  return out;
}

// curl's and wget's options that take a value (the value is no URL), short and long
const OPTION_WITH_VALUE = /^(?:-[HXdoOuAebcmxTFwrEKy]|--(?:header|request|data[\w-]*|output|user|user-agent|referer|cookie[\w-]*|max-time|proxy|upload-file|form|write-out|range|cert|key|cacert|capath|interface|dns-[\w-]+|resolve|connect-to|connect-timeout|local-port|retry[\w-]*|limit-rate|speed-[\w-]+|unix-socket|config|header-file|bind-address|timeout|tries|wait|output-document|post-data|password))$/;
const ROUTING_FORMATS: ReadonlySet<string> = new Set(['route-n', 'ip-route', 'ip-addr', 'ip-link', 'ifconfig']);

// a URL whose host is an IPv4 address, its scheme optional: scheme, address, port
const URL_WORD = /^(?:(https?):\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?:[/?#]|$)/i;
