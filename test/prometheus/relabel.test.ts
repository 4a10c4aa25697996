import { Relabel, RelabelAction } from '../../lib/prometheus';

describe('Relabel', () => {
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
    expect(() => Relabel.of({ action: 'rename' as RelabelAction, sourceLabels: ['a'] }))
      .toThrow('relabel action: must be one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase; received "rename"');
  });

  test('rejects a regex RE2 does not support', () => {
    expect(() => Relabel.drop({ sourceLabels: ['__name__'], regex: '(?!go_).*' })).toThrow(/^relabel drop regex: invalid RE2 regular expression "\(\?!go_\)\.\*"/);
  });

  test('rejects replace without target label', () => {
    expect(() => Relabel.of({ action: RelabelAction.REPLACE, sourceLabels: ['a'] })).toThrow('relabel replace targetLabel: is required for the replace action; received undefined');
  });

  test('rejects keep without source labels', () => {
    expect(() => Relabel.keep({ sourceLabels: [], regex: 'x' })).toThrow('relabel keep sourceLabels: at least one source label is required; received []');
  });

  test('rejects a hashmod without positive modulus', () => {
    expect(() => Relabel.hashMod(['a'], 0, 't')).toThrow('relabel hashmod modulus: must be a positive integer; received 0');
  });

  test('rejects an invalid source label name', () => {
    expect(() => Relabel.drop({ sourceLabels: ['pod-name'], regex: 'x' })).toThrow('relabel drop sourceLabels[0]: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "pod-name"');
  });

  test('rejects a target label on labeldrop-style actions', () => {
    expect(() => Relabel.of({ action: RelabelAction.LABELDROP, regex: 'x', targetLabel: 'y' })).toThrow('relabel labeldrop targetLabel: is not used by the labeldrop action; remove it (received "y")');
  });

  test('rejects a regex on keepequal', () => {
    expect(() => Relabel.of({ action: RelabelAction.KEEP_EQUAL, sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }))
      .toThrow('relabel keepequal: only sourceLabels and targetLabel are allowed for the keepequal action (Prometheus rejects regex, separator and replacement here)');
  });

  test('rejects a drop without regex (the default would drop everything)', () => {
    expect(() => Relabel.of({ action: RelabelAction.DROP, sourceLabels: ['a'] })).toThrow('relabel drop regex: is required for the drop action');
  });
});

describe('Relabel.set', () => {
  test('sets a fixed value, escaping $', () => {
    expect(Relabel.set('job', 'backend')._toKube()).toEqual({ action: 'replace', targetLabel: 'job', replacement: 'backend' });
    expect(Relabel.set('price', '$5').replacement).toBe('$$5');
  });

  test('rejects an invalid target label', () => {
    expect(() => Relabel.set('bad-label', 'x')).toThrow('relabel replace targetLabel: must be a label name, optionally with capture-group references ($1, ${name}); received "bad-label"');
  });
});
