import * as yaml from 'js-yaml';
import { Relabel, RelabelAction, RelabelOptions } from '../../lib/core';
import { operatorRelabelConfig } from '../util/operator-config';
import { promtoolCheckConfig, promtoolCheckConfigs, TOOL_VERSIONS } from '../util/tools';

// Differential test of relabelling against `promtool check config` of both Prometheus versions (2.42 and
// 3.5): every case goes through the library (a factory, or Relabel.of) and, as the Prometheus Operator
// would write it, through promtool, as one `relabel_configs` entry of a scrape job.
// - accepted by the library => accepted by both promtools (all accepted cases are checked together, one
//   prometheus.yml per version; when it fails, each case is checked alone to name the culprits);
// - rejected by the library => rejected by at least one promtool (the library targets what both accept),
//   or matched by one of the deliberate stricter rules below, each with its reason.

interface Case {
  /** What the case is, for failure messages. */
  readonly label: string;
  /** The fields given, as `Relabel.of` takes them (also what is written to prometheus.yml). */
  readonly options: RelabelOptions;
  /** How the library is called (default `Relabel.of(options)`). */
  readonly make?: () => Relabel;
}

/**
 * Library rejections that are deliberate although a promtool accepts the input. `both`: both promtools
 * accept it; `one`: only one version accepts it (the library keeps to what both load).
 */
const STRICTER: ReadonlyArray<{ readonly message: RegExp; readonly accepted: 'both' | 'one'; readonly reason: string }> = [
  { message: /is not used by the \w+ action; remove it/, accepted: 'both', reason: 'Prometheus ignores the field for this action; the library refuses it as a sign of a mistaken action' },
  { message: /is only used by the hashmod action/, accepted: 'both', reason: 'Prometheus ignores modulus outside hashmod; the library refuses it as a sign of a mistaken action' },
  { message: /sourceLabels: at least one source label is required/, accepted: 'both', reason: 'without source labels Prometheus matches the empty string: a filter or hash on nothing is a mistake' },
  { message: /regex: is required for the \w+ action \(the default "\(\.\*\)" would match everything\)/, accepted: 'both', reason: 'a keep/drop/label* step without regex keeps, drops or copies everything' },
  { message: /regex: must not be empty \(the Prometheus Operator leaves an empty regex out/, accepted: 'both', reason: 'the operator omits an empty regex, so Prometheus applies its default "(.*)" (a drop would drop everything)' },
  { message: /targetLabel: must be a plain label name: only the replace action expands capture-group references/, accepted: 'both', reason: 'Prometheus loads $1 in the target of lowercase/uppercase/keepequal/dropequal but does not expand it: the label literally named "$1" is written or compared' },
  { message: /modulus: must be an integer of at least 1 \(a count of hash buckets\); received 1\.5/, accepted: 'both', reason: 'the CRD types modulus as an integer (the API server refuses 1.5); Prometheus\' YAML decoder would truncate it to 1' },
  { message: /relabel action: must be one of/, accepted: 'both', reason: 'Prometheus lower-cases the action ("Replace" loads); the library takes the RelabelAction values only' },
  { message: /must match \[a-zA-Z_\]\[a-zA-Z0-9_\]\* \(Prometheus label name\)/, accepted: 'one', reason: 'Prometheus 3 accepts UTF-8 label names; 2.x refuses them' },
  { message: /targetLabel: must be a label name, optionally with capture-group references/, accepted: 'one', reason: 'Prometheus 3 accepts any UTF-8 target label; 2.x only [a-zA-Z_][a-zA-Z0-9_]* with $1/${name} references' },
  { message: /replacement: must be a label name pattern, optionally with capture-group references/, accepted: 'one', reason: 'Prometheus 3 accepts any UTF-8 labelmap replacement; 2.x only [a-zA-Z_][a-zA-Z0-9_]* with $1/${name} references' },
  { message: /regex: invalid RE2 regular expression/, accepted: 'one', reason: 'Prometheus 3 is built with a newer Go regexp (e.g. (?<name>x) groups); the library accepts what both versions parse' },
];

const REGEXES = [
  '(.*)', 'a|b', '(?i)foo', '(?P<name>x)', '(?<name>x)', '\\p{L}+', '[[:alpha:]]+', '\\Q.*\\E', 'a{2,3}', '\\d+;(\\d+)', '^a$', '.*\\z',
  '(?=x)', '(?!x)', '(?<=x)y', 'a{2,1}', '(a)\\1', '[', 'a{1001}', '\\C', '\\Z', 'x**', '(?P<1x>a)', '*',
];
const TARGETS = ['t', '__tmp_hash', '__name__', '$1', '${1}', '$1_x', 'x_${name}', 'a$1b', 'bad-name', 'bad-name-$1', '1abc', 'ñame', 'a.b', '$', '${1', ''];
const SOURCES: Array<string[] | undefined> = [['a'], ['__name__', '__meta_kubernetes_pod_label_app'], ['bad-name'], ['ñame'], ['1a'], [''], [], undefined];

function generated(): Case[] {
  const cases: Case[] = [];
  for (const regex of REGEXES) {
    const perAction: Array<[RelabelAction, RelabelOptions]> = [
      [RelabelAction.REPLACE, { sourceLabels: ['a'], targetLabel: 't' }],
      [RelabelAction.KEEP, { sourceLabels: ['a'] }],
      [RelabelAction.DROP, { sourceLabels: ['a', 'b'], separator: ',' }],
      [RelabelAction.LABELMAP, {}],
      [RelabelAction.LABELDROP, {}],
      [RelabelAction.LABELKEEP, {}],
    ];
    for (const [action, rest] of perAction) cases.push({ label: `${action} regex ${JSON.stringify(regex)}`, options: { action, regex, ...rest } });
  }
  for (const targetLabel of TARGETS) {
    for (const action of [RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL]) {
      const options: RelabelOptions = { action, sourceLabels: ['a'], targetLabel, modulus: action === RelabelAction.HASHMOD ? 4 : undefined };
      cases.push({ label: `${action} targetLabel ${JSON.stringify(targetLabel)}`, options });
    }
  }
  for (const replacement of ['$1', '${1}', 'x_$1', '${1}_${2}', 'bad-name-$1', 'ñ$1', 'a b', '', '1$1', '$1.x']) {
    cases.push({ label: `labelmap replacement ${JSON.stringify(replacement)}`, options: { action: RelabelAction.LABELMAP, regex: '__meta_(.+)', replacement }, make: () => Relabel.labelMap('__meta_(.+)', replacement) });
  }
  for (const modulus of [1, 4, 2 ** 40, 0, -1, 1.5]) {
    cases.push({ label: `hashmod modulus ${modulus}`, options: { action: RelabelAction.HASHMOD, sourceLabels: ['a'], modulus, targetLabel: 'shard' }, make: () => Relabel.hashMod(['a'], modulus, 'shard') });
  }
  for (const sourceLabels of SOURCES) {
    for (const action of [RelabelAction.REPLACE, RelabelAction.KEEP, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.KEEP_EQUAL]) {
      const options: RelabelOptions = {
        action, sourceLabels, targetLabel: action === RelabelAction.KEEP ? undefined : 't',
        regex: action === RelabelAction.KEEP ? 'x' : undefined, modulus: action === RelabelAction.HASHMOD ? 2 : undefined,
      };
      cases.push({ label: `${action} sourceLabels ${JSON.stringify(sourceLabels)}`, options });
    }
  }
  for (const separator of [';', ',', '', '\n', '::']) {
    cases.push({ label: `replace separator ${JSON.stringify(separator)}`, options: { action: RelabelAction.REPLACE, sourceLabels: ['a', 'b'], separator, targetLabel: 't' } });
  }
  return cases;
}

const HAND_WRITTEN: Case[] = [
  { label: 'Relabel.set', options: { action: RelabelAction.REPLACE, targetLabel: 'job', replacement: 'api' }, make: () => Relabel.set('job', 'api') },
  { label: 'Relabel.set with $', options: { action: RelabelAction.REPLACE, targetLabel: 'price', replacement: '$$5' }, make: () => Relabel.set('price', '$5') },
  { label: 'Relabel.set bad target', options: { action: RelabelAction.REPLACE, targetLabel: 'bad-name', replacement: 'x' }, make: () => Relabel.set('bad-name', 'x') },
  { label: 'Relabel.replace address', options: { action: RelabelAction.REPLACE, sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', targetLabel: '__address__' },
    make: () => Relabel.replace({ sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', targetLabel: '__address__' }) },
  { label: 'Relabel.keep', options: { action: RelabelAction.KEEP, sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' },
    make: () => Relabel.keep({ sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' }) },
  { label: 'Relabel.drop empty regex', options: { action: RelabelAction.DROP, sourceLabels: ['team'], regex: '' }, make: () => Relabel.drop({ sourceLabels: ['team'], regex: '' }) },
  { label: 'Relabel.keep empty regex', options: { action: RelabelAction.KEEP, sourceLabels: ['team'], regex: '' }, make: () => Relabel.keep({ sourceLabels: ['team'], regex: '' }) },
  { label: 'replace empty regex', options: { action: RelabelAction.REPLACE, sourceLabels: ['a'], regex: '', targetLabel: 't' } },
  { label: 'Relabel.drop without source labels', options: { action: RelabelAction.DROP, sourceLabels: [], regex: 'x' }, make: () => Relabel.drop({ sourceLabels: [], regex: 'x' }) },
  { label: 'Relabel.keepEqual', options: { action: RelabelAction.KEEP_EQUAL, sourceLabels: ['__meta_kubernetes_pod_container_port_number'], targetLabel: '__tmp_port' },
    make: () => Relabel.keepEqual(['__meta_kubernetes_pod_container_port_number'], '__tmp_port') },
  { label: 'Relabel.dropEqual', options: { action: RelabelAction.DROP_EQUAL, sourceLabels: ['a'], targetLabel: 'b' }, make: () => Relabel.dropEqual(['a'], 'b') },
  { label: 'Relabel.labelDrop', options: { action: RelabelAction.LABELDROP, regex: 'pod_template_hash' }, make: () => Relabel.labelDrop('pod_template_hash') },
  { label: 'Relabel.labelKeep', options: { action: RelabelAction.LABELKEEP, regex: 'job|instance|__name__' }, make: () => Relabel.labelKeep('job|instance|__name__') },
  { label: 'Relabel.labelMap default', options: { action: RelabelAction.LABELMAP, regex: '__meta_kubernetes_pod_label_(.+)' }, make: () => Relabel.labelMap('__meta_kubernetes_pod_label_(.+)') },
  { label: 'Relabel.lowercase', options: { action: RelabelAction.LOWERCASE, sourceLabels: ['env'], targetLabel: 'env' }, make: () => Relabel.lowercase(['env'], 'env') },
  { label: 'Relabel.uppercase', options: { action: RelabelAction.UPPERCASE, sourceLabels: ['env'], targetLabel: 'ENV' }, make: () => Relabel.uppercase(['env'], 'ENV') },
  { label: 'replace default regex and replacement', options: { sourceLabels: ['a'], targetLabel: 'b' } },
  { label: 'keep with target label', options: { action: RelabelAction.KEEP, sourceLabels: ['a'], regex: 'x', targetLabel: 't' } },
  { label: 'drop without regex', options: { action: RelabelAction.DROP, sourceLabels: ['a'] } },
  { label: 'labelmap without regex', options: { action: RelabelAction.LABELMAP } },
  { label: 'replace with modulus', options: { action: RelabelAction.REPLACE, sourceLabels: ['a'], targetLabel: 't', modulus: 3 } },
  { label: 'hashmod without modulus', options: { action: RelabelAction.HASHMOD, sourceLabels: ['a'], targetLabel: 't' } },
  { label: 'hashmod without target', options: { action: RelabelAction.HASHMOD, sourceLabels: ['a'], modulus: 2 } },
  { label: 'keepequal with regex', options: { action: RelabelAction.KEEP_EQUAL, sourceLabels: ['a'], targetLabel: 'b', regex: 'x' } },
  { label: 'keepequal with separator', options: { action: RelabelAction.KEEP_EQUAL, sourceLabels: ['a', 'c'], targetLabel: 'b', separator: ',' } },
  { label: 'dropequal with replacement', options: { action: RelabelAction.DROP_EQUAL, sourceLabels: ['a'], targetLabel: 'b', replacement: 'x' } },
  { label: 'labeldrop with source labels', options: { action: RelabelAction.LABELDROP, regex: 'x', sourceLabels: ['a'] } },
  { label: 'labelkeep with separator', options: { action: RelabelAction.LABELKEEP, regex: 'x', separator: ',' } },
  { label: 'labeldrop with replacement', options: { action: RelabelAction.LABELDROP, regex: 'x', replacement: 'y' } },
  { label: 'action Replace', options: { action: 'Replace' as RelabelAction, sourceLabels: ['a'], targetLabel: 't' } },
  { label: 'action rename', options: { action: 'rename' as RelabelAction, sourceLabels: ['a'], targetLabel: 't' } },
  { label: 'replace with replacement capture names', options: { action: RelabelAction.REPLACE, sourceLabels: ['a'], regex: '(?P<host>[^:]+):.*', replacement: '${host}', targetLabel: 'host' } },
];

const CASES: Case[] = [...generated(), ...HAND_WRITTEN];

function prometheusYml(relabelings: Array<{ [key: string]: unknown }>): string {
  return yaml.dump({
    // file service discovery: `--syntax-only` does not read the file, and no static target is relabelled
    // while checking (a labelkeep that drops __address__ would fail the check of a static target)
    scrape_configs: relabelings.map((r, i) => ({ job_name: `case${i}`, file_sd_configs: [{ files: ['targets.json'] }], relabel_configs: [r] })),
  });
}

type Verdict = { ok: true; rendered: { [key: string]: unknown } } | { ok: false; message: string };

function library(c: Case): Verdict {
  try {
    const relabel = (c.make ?? (() => Relabel.of(c.options)))();
    return { ok: true, rendered: operatorRelabelConfig(relabel._toKube()) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const verdicts = CASES.map((c) => ({ c, verdict: library(c) }));
const accepted = verdicts.filter((v) => v.verdict.ok) as Array<{ c: Case; verdict: { ok: true; rendered: { [key: string]: unknown } } }>;
const rejected = verdicts.filter((v) => !v.verdict.ok) as Array<{ c: Case; verdict: { ok: false; message: string } }>;

describe('relabelling corpus against promtool check config', () => {
  test('the corpus is large and has both verdicts', () => {
    expect(CASES.length).toBeGreaterThan(250);
    expect(accepted.length).toBeGreaterThan(80);
    expect(rejected.length).toBeGreaterThan(40);
    expect(new Set(CASES.map((c) => c.label)).size).toBe(CASES.length);
  });

  test.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('every relabeling the library accepts loads in %s', (_name, tool) => {
    const result = promtoolCheckConfig(prometheusYml(accepted.map((a) => a.verdict.rendered)), tool);
    if (!result.ok) {
      // name the culprits: each case alone
      const alone = promtoolCheckConfigs(accepted.map((a) => prometheusYml([a.verdict.rendered])), tool);
      const culprits = accepted.flatMap((a, i) => (alone[i].ok ? [] : [`${a.c.label}: ${alone[i].output.trim().split('\n').pop()}`]));
      expect({ tool: tool.name, acceptedByLibraryButRejected: culprits, output: result.output }).toEqual({ tool: tool.name, acceptedByLibraryButRejected: [], output: expect.anything() });
    }
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('every relabeling the library rejects is rejected by a promtool, or by a documented stricter rule', () => {
    // each case alone in its file (one error fails a file), all files in one promtool run per version
    const configs = rejected.map((r) => prometheusYml([operatorRelabelConfig(r.c.options)]));
    const byVersion = TOOL_VERSIONS.map((tool) => promtoolCheckConfigs(configs, tool));
    const used = new Set<number>();
    const disagreements: string[] = [];
    rejected.forEach((r, i) => {
      // the message names the step and the field, and shows what was received
      expect(r.verdict.message).toMatch(/^relabel (action|\w+)\b/);
      const acceptedBy = TOOL_VERSIONS.filter((_, t) => byVersion[t][i].ok).length;
      if (acceptedBy === 0) return;
      // a rule stricter than both versions also covers inputs only one of them accepts
      const rule = STRICTER.findIndex((s) => s.message.test(r.verdict.message) && (s.accepted === 'both' || acceptedBy < TOOL_VERSIONS.length));
      if (rule < 0) {
        disagreements.push(`${r.c.label}: the library says ${JSON.stringify(r.verdict.message)}, but ${TOOL_VERSIONS.filter((_, t) => byVersion[t][i].ok).map((t) => t.name).join(' and ')} accept(s) it`);
      } else {
        used.add(rule);
      }
    });
    expect(disagreements).toEqual([]);
    // every stricter rule is exercised by the corpus (none is stale)
    expect(STRICTER.filter((_, i) => !used.has(i)).map((s) => s.reason)).toEqual([]);
  });

  test('rejections where both promtools agree carry promtool-like reasons (spot check)', () => {
    const message = (label: string) => rejected.find((r) => r.c.label === label)?.verdict.message;
    expect(message('hashmod modulus 0')).toContain('modulus: must be an integer of at least 1 (a count of hash buckets); received 0');
    expect(message('replace regex "(?=x)"')).toContain('invalid RE2 regular expression "(?=x)"');
  });
});
