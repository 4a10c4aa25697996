import { Testing } from 'cdk8s';
import * as root from '../../lib';
import { MonitoringChart, Relabel, RelabelAction, RelabelFilterOptions, RelabelOptions, RelabelReplaceOptions, ValidationError } from '../../lib/core';
import { LabelSelector, Probe, ServiceMonitor } from '../../lib/prometheus';
import * as prometheus from '../../lib/prometheus';

// A relabeling is checked when it is created and reported by the construct it is given to, with that
// construct's path and the field: here the third relabeling of a ServiceMonitor endpoint. Returns the
// message without the prefix, after checking the prefix.
const PREFIX = '[x/Monitor] endpoints[0].relabelings[2]: ';
function rejected(relabel: Relabel): string {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
  try {
    new ServiceMonitor(chart, 'Monitor', {
      selector: LabelSelector.matchLabels({ app: 'x' }),
      endpoints: [{ port: 'metrics', relabelings: [Relabel.set('a', '1'), Relabel.set('b', '2'), relabel] }],
    });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).message.startsWith(PREFIX)).toBe(true);
    return (e as ValidationError).message.slice(PREFIX.length);
  }
  throw new Error('the ServiceMonitor accepted the relabeling');
}

describe('Relabel', () => {
  test('lives at the package root; the prometheus names are deprecated aliases of the same class, enum and interfaces', () => {
    expect(root.Relabel).toBe(Relabel);
    expect(root.RelabelAction).toBe(RelabelAction);
    expect(prometheus.Relabel).toBe(Relabel);
    expect(prometheus.RelabelAction).toBe(RelabelAction);
    const old = prometheus.Relabel.replace({ sourceLabels: ['a'], targetLabel: 'b' });
    expect(old).toBeInstanceOf(Relabel);
    expect(old._toKube()).toEqual(Relabel.replace({ sourceLabels: ['a'], targetLabel: 'b' })._toKube());
    expect(Relabel.set('job', 'api')).toBeInstanceOf(prometheus.Relabel);
    // the old option types are the new ones (assignable both ways: this compiles)
    const replace: prometheus.ReplaceOptions = { sourceLabels: ['a'], targetLabel: 'b' } as RelabelReplaceOptions;
    const filter: RelabelFilterOptions = { sourceLabels: ['a'], regex: 'x' } as prometheus.FilterOptions;
    const options: RelabelOptions = { action: prometheus.RelabelAction.KEEP, sourceLabels: ['a'], regex: 'x' } as prometheus.RelabelOptions;
    expect([Relabel.replace(replace).targetLabel, Relabel.keep(filter).regex, Relabel.of(options).action]).toEqual(['b', 'x', 'keep']);
  });

  test('factories render the operator fields', () => {
    expect(Relabel.replace({ sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', targetLabel: '__address__' })._toKube())
      .toEqual({ action: 'replace', sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', targetLabel: '__address__' });
    expect(Relabel.keep({ sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' }).action).toBe(RelabelAction.KEEP);
    expect(Relabel.hashMod(['__address__'], 4, '__tmp_hash')._toKube()).toMatchObject({ action: 'hashmod', modulus: 4, targetLabel: '__tmp_hash' });
    expect(Relabel.keepEqual(['__meta_kubernetes_pod_container_port_number'], '__tmp_port').action).toBe('keepequal');
    expect(Relabel.lowercase(['env'], 'env').action).toBe('lowercase');
    expect(Relabel.labelKeep('job|instance|__name__').regex).toBe('job|instance|__name__');
  });

  test('replace accepts capture groups in the target label', () => {
    expect(Relabel.replace({ sourceLabels: ['a'], regex: '(.+)', targetLabel: 'label_$1' }).targetLabel).toBe('label_$1');
  });

  test('rejects an unknown action', () => {
    expect(rejected(Relabel.of({ action: 'rename' as RelabelAction, sourceLabels: ['a'] }))).toContain('relabel action: must be one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase; received "rename"');
  });

  test('rejects a regex RE2 does not support', () => {
    expect(rejected(Relabel.drop({ sourceLabels: ['__name__'], regex: '(?!go_).*' }))).toMatch(/^relabel drop regex: invalid RE2 regular expression "\(\?!go_\)\.\*"/);
  });

  test('rejects replace without target label', () => {
    expect(rejected(Relabel.of({ action: RelabelAction.REPLACE, sourceLabels: ['a'] }))).toContain('relabel replace targetLabel: is required for the replace action; received undefined');
  });

  test('rejects keep without source labels', () => {
    expect(rejected(Relabel.keep({ sourceLabels: [], regex: 'x' }))).toContain('relabel keep sourceLabels: at least one source label is required; received []');
  });

  test('rejects a hashmod without positive modulus', () => {
    expect(rejected(Relabel.hashMod(['a'], 0, 't'))).toContain('relabel hashmod modulus: must be an integer of at least 1 (a count of hash buckets); received 0');
  });

  test('rejects an invalid source label name', () => {
    expect(rejected(Relabel.drop({ sourceLabels: ['pod-name'], regex: 'x' }))).toContain('relabel drop sourceLabels[0]: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "pod-name"');
  });

  test('rejects a target label on labeldrop-style actions', () => {
    expect(rejected(Relabel.of({ action: RelabelAction.LABELDROP, regex: 'x', targetLabel: 'y' }))).toContain('relabel labeldrop targetLabel: is not used by the labeldrop action; remove it (received "y")');
  });

  test('rejects a regex on keepequal', () => {
    expect(rejected(Relabel.of({ action: RelabelAction.KEEP_EQUAL, sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }))).toContain('relabel keepequal: only sourceLabels and targetLabel are allowed for the keepequal action (Prometheus rejects regex, separator and replacement here)');
  });

  test('rejects a drop without regex (the default would drop everything)', () => {
    expect(rejected(Relabel.of({ action: RelabelAction.DROP, sourceLabels: ['a'] }))).toContain('relabel drop regex: is required for the drop action');
  });
});

describe('Relabel.set', () => {
  test('sets a fixed value, escaping $', () => {
    expect(Relabel.set('job', 'backend')._toKube()).toEqual({ action: 'replace', targetLabel: 'job', replacement: 'backend' });
    expect(Relabel.set('price', '$5').replacement).toBe('$$5');
  });

  test('rejects an invalid target label', () => {
    expect(rejected(Relabel.set('bad-label', 'x'))).toContain('relabel replace targetLabel: must be a label name, optionally with capture-group references ($1, ${name}); received "bad-label"');
  });
});

describe('Relabel problems are reported where the step is used', () => {
  test('a probe names its field; an invalid step never used is harmless', () => {
    const bad = Relabel.set('bad-label', 'x');
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
    expect(() => new Probe(chart, 'Probe', { prober: { url: 'blackbox:9115' }, targets: ['https://x.example'], targetRelabelings: [bad] }))
      .toThrow('[x/Probe] targetRelabelings[0]: relabel replace targetLabel: must be a label name');
    expect(() => new ServiceMonitor(chart, 'Monitor', {
      selector: LabelSelector.matchLabels({ app: 'x' }), endpoints: [{ port: 'metrics', metricRelabelings: [Relabel.labelDrop('(')] }],
    })).toThrow(/^\[x\/Monitor\] endpoints\[0\]\.metricRelabelings\[0\]: relabel labeldrop regex: invalid RE2/);
    expect(() => Relabel.of({ action: RelabelAction.KEEP, sourceLabels: ['a'] })).not.toThrow();
  });

  test('rendering an invalid step on its own throws without a path', () => {
    expect(() => Relabel.set('bad-label', 'x')._toKube()).toThrow(/^relabel replace targetLabel: must be a label name/);
  });
});

// Rejections found by the differential corpus (relabel-corpus.test.ts) against promtool 2.42 and 3.5.
describe('Relabel: what Prometheus 2.x or the operator would get wrong', () => {
  test('rejects a labelmap replacement that is not a label name pattern (Prometheus 2.x refuses it)', () => {
    expect(rejected(Relabel.labelMap('(.+)', 'bad-name-$1')))
      .toContain('relabel labelmap replacement: must be a label name pattern, optionally with capture-group references ($1, ${name}), as Prometheus 2.x requires of labelmap (3.x accepts more, but the output must load in both); write it with letters, digits and underscores, e.g. "bad_name_$1"; received "bad-name-$1"');
    expect(Relabel.labelMap('__meta_kubernetes_pod_label_(.+)', 'pod_${1}').replacement).toBe('pod_${1}');
  });

  test('rejects an empty regex, which the operator leaves out (Prometheus then matches everything)', () => {
    expect(rejected(Relabel.drop({ sourceLabels: ['team'], regex: '' })))
      .toContain('relabel drop regex: must not be empty (the Prometheus Operator leaves an empty regex out, so Prometheus would apply its default "(.*)" and match every value); to match an empty value, use "^$"');
    expect(Relabel.drop({ sourceLabels: ['team'], regex: '^$' }).regex).toBe('^$');
  });

  test('rejects capture-group references in the target of actions that do not expand them', () => {
    expect(rejected(Relabel.lowercase(['a'], '$1')))
      .toContain('relabel lowercase targetLabel: must be a plain label name: only the replace action expands capture-group references, so lowercase would use the label literally named "$1"; received "$1"');
    expect(rejected(Relabel.keepEqual(['a'], 'x_${name}'))).toMatch(/^relabel keepequal targetLabel: must be a plain label name/);
  });

  test('rejects regular expressions that C++ RE2 reads but Go (Prometheus 2.x) does not', () => {
    expect(rejected(Relabel.keep({ sourceLabels: ['a'], regex: '(?<name>x)' })))
      .toContain('relabel keep regex: invalid RE2 regular expression "(?<name>x)": named groups written (?<name>...) need Go 1.22 or later, which Prometheus 2.x and Alertmanager 0.25 are not built with; write (?P<name>...), which every version reads');
    expect(rejected(Relabel.labelDrop('a\\Cb'))).toContain('relabel labeldrop regex: invalid RE2 regular expression "a\\\\Cb": `\\C` (any byte) is C++ RE2 syntax that Go\'s regexp refuses');
    // escaped, or in a class, they are ordinary characters
    expect(Relabel.labelDrop('a\\\\Cb|[(?<]x').regex).toBe('a\\\\Cb|[(?<]x');
    expect(Relabel.keep({ sourceLabels: ['a'], regex: '(?P<name>x)' }).regex).toBe('(?P<name>x)');
  });
});
