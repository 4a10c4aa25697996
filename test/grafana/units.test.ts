import { Datasource, Target } from '../../lib/grafana';

// Numeric props name their unit and range in their messages, and plain-JavaScript mistakes name the field.
describe('units of the numeric props of grafana values', () => {
  test('maxLines of a Loki datasource and of a LogQL target is a count of log lines', () => {
    expect(() => Datasource.loki({ url: 'http://loki:3100', maxLines: 0 })).toThrow('maxLines: must be an integer of at least 1 (log lines); received 0 (a number)');
    expect(() => Target.logql('{app="api"}', { maxLines: 10.5 })).toThrow('maxLines: must be an integer of at least 1 (log lines); received 10.5 (a number)');
  });

  test('plain-JavaScript options name the field', () => {
    expect(() => Datasource.prometheus(null as any)).toThrow('options: must be an object, e.g. { url: \'http://prometheus:9090\' }; received null');
    expect(() => Target.promql('up', { datasource: 'prometheus' } as any)).toThrow('target datasource: must be a DatasourceRef, e.g. DatasourceRef.PROMETHEUS; received "prometheus"');
  });
});
