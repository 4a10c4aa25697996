import { Duration } from 'cdk8s';
import { Dashboard, DatasourceRef, Variable, VariableHide, VariableRefresh } from '../../lib/grafana';
import { chart, render } from './helpers';

describe('Variable', () => {
  test('custom, interval and textbox variables render their options', () => {
    const d = new Dashboard(chart(), 'D', {
      title: 'Vars',
      variables: [
        Variable.custom('quantile', ['0.5', '0.95', '0.99'], { defaultValue: '0.95', label: 'Quantile' }),
        Variable.interval('window', [Duration.minutes(1), Duration.minutes(5), Duration.hours(1)], { defaultValue: Duration.minutes(5) }),
        Variable.textbox('request_id', '', { hide: VariableHide.VALUE_ONLY }),
      ],
    });
    const [quantile, window, text] = render(d).templating.list;
    expect(quantile).toMatchObject({ name: 'quantile', type: 'custom', label: 'Quantile', query: '0.5,0.95,0.99', current: { text: '0.95', value: '0.95' }, hide: 0 });
    expect(quantile.options.filter((o: any) => o.selected)).toEqual([{ text: '0.95', value: '0.95', selected: true }]);
    expect(window).toMatchObject({ type: 'interval', query: '1m,5m,1h', current: { value: '5m' } });
    expect(text).toMatchObject({ type: 'textbox', hide: 1 });
  });

  test('query variables: Loki label values, refresh, regex, multi and all', () => {
    const d = new Dashboard(chart(), 'D', {
      title: 'Q',
      variables: [
        Variable.labelValues('app', 'app', { selector: '{namespace="erp"}', datasource: DatasourceRef.LOKI, refresh: VariableRefresh.ON_DASHBOARD_LOAD, multi: true, includeAll: true, allValue: '.*', regex: '/backend.*/' }),
        Variable.query('metric', 'metrics(^http_.*)'),
        Variable.query('busy', 'query_result(topk(5, sum by (pod) (rate(container_cpu_usage_seconds_total[5m]))))'),
      ],
    });
    const [app, metric, busy] = render(d).templating.list;
    expect(app).toMatchObject({ type: 'query', datasource: { type: 'loki', uid: 'loki' }, query: 'label_values({namespace="erp"}, app)', refresh: 1, multi: true, includeAll: true, allValue: '.*', regex: '/backend.*/' });
    expect(metric).toMatchObject({ query: 'metrics(^http_.*)', refresh: 2, sort: 1 });
    expect(busy.definition).toBe(busy.query);
  });

  test('namespace, job and instance variables chain through their selectors', () => {
    const d = new Dashboard(chart(), 'D', {
      title: 'Chain',
      variables: [
        Variable.namespace({ defaultValue: 'shop' }),
        Variable.job({ selector: 'up{namespace="$namespace"}' }),
        Variable.instance({ selector: 'up{namespace="$namespace", job="$job"}', multi: true, includeAll: true }),
      ],
    });
    expect(render(d).templating.list.map((v: any) => [v.name, v.label, v.query, v.current])).toEqual([
      ['namespace', 'Namespace', 'label_values(up, namespace)', { text: 'shop', value: 'shop' }],
      ['job', 'Job', 'label_values(up{namespace="$namespace"}, job)', {}],
      ['instance', 'Instance', 'label_values(up{namespace="$namespace", job="$job"}, instance)', {}],
    ]);
  });

  test('the selector or PromQL inside a variable query is parsed, with the dashboard path and field', () => {
    expect(() => new Dashboard(chart(), 'D', { title: 'x', variables: [Variable.job({ selector: 'up{namespace=' })] })).toThrow(
      /^\[shop\/D\] templating\.list\[0\]\.query: invalid PromQL "up\{namespace=" at/,
    );
    expect(() => new Dashboard(chart(), 'D', { title: 'x', variables: [Variable.query('x', 'label_vals(up, job)')] })).toThrow(
      '[shop/D] templating.list[0].query: unknown variable query function "label_vals" (use label_values, label_names, metrics or query_result); received "label_vals(up, job)"',
    );
  });

  test('names and values are checked, and reported by the dashboard that uses the variable', () => {
    const on = (v: Variable) => () => new Dashboard(chart(), 'D', { title: 'x', variables: [v] });
    // a factory keeps its problem: nothing is thrown until a dashboard receives the variable
    expect(() => Variable.custom('__bad', ['a'])).not.toThrow();
    expect(on(Variable.custom('__bad', ['a']))).toThrow('[shop/D] variables[0]: variable name: must match [A-Za-z_][A-Za-z0-9_]* and not start with "__"');
    expect(on(Variable.custom('x', ['a,b']))).toThrow('[shop/D] variables[0]: variable x: custom values must be non-empty, without commas or surrounding spaces; received "a,b"');
    expect(on(Variable.custom('x', ['a'], { defaultValue: 'b' }))).toThrow('[shop/D] variables[0]: variable x: defaultValue must be one of the values (a); received "b"');
    expect(on(Variable.interval('w', [Duration.minutes(1)], { defaultValue: Duration.minutes(2) }))).toThrow('[shop/D] variables[0]: variable w: defaultValue must be one of the intervals (1m); received "2m"');
    expect(on(Variable.labelValues('x', 'bad-label'))).toThrow('[shop/D] variables[0]: variable x label: must match [a-zA-Z_][a-zA-Z0-9_]*');
  });

  test('plain-JavaScript mistakes name the variable field', () => {
    const on = (v: Variable) => () => new Dashboard(chart(), 'D', { title: 'x', variables: [v] });
    const js = (x: unknown) => x as any;
    expect(on(Variable.custom('region', js('eu')))).toThrow('[shop/D] variables[0]: variable region values: must be a list of strings, e.g. [\'eu\', \'us\']; received "eu" (a string)');
    expect(on(Variable.query('job', js(42)))).toThrow('[shop/D] variables[0]: variable job query: must be a string, e.g. \'label_values(up, job)\'; received 42 (a number)');
    expect(on(Variable.textbox('q', 'x', js({ hide: 'none' })))).toThrow('[shop/D] variables[0]: variable q hide: must be a VariableHide, e.g. VariableHide.VALUE_ONLY; received "none"');
    expect(on(Variable.interval('w', js([300])))).toThrow('[shop/D] variables[0]: variable w intervals[0]: must be a Duration, e.g. Duration.minutes(5); received 300 (a number)');
    expect(() => new Dashboard(chart(), 'D', { title: 'x', variables: [js('namespace')] })).toThrow('[shop/D] variables[0]: must be a Variable, e.g. Variable.query(\'namespace\', ...); received "namespace"');
  });
});
