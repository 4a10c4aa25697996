import { Duration } from 'cdk8s';
import * as grafana from '../../lib/grafana';
import {
  BarGaugeDisplayMode, BarGaugePanel, Color, Dashboard, DatasourceRef, GaugePanel, GeomapLocation, GeomapPanel, HeatmapPanel, LegendDisplayMode,
  LegendPlacement, Link, LogsDedupStrategy, LogsPanel, PieChartPanel, PieType, Reducer, refIdOf, StatColorMode, StatPanel, StateTimelinePanel, TablePanel,
  Target, TargetFormat, TextMode, TextPanel, Thresholds, TimeSeriesPanel, Unit, ValueMapping, Width, StackingMode,
} from '../../lib/grafana';
import { chart, panel, render, schema41Rewrites } from './helpers';

function dashboard(title = 'Panels'): Dashboard {
  return new Dashboard(chart(), 'D', { title });
}

describe('time series', () => {
  test('a hidden legend is written as schema 37 and later read it: showLegend false, list display mode', () => {
    // apps/dashboard/pkg/migration/schemaversion/v37.go rewrites displayMode "hidden" to that; a dashboard of
    // schemaVersion 41 is not migrated again, so the library writes the migrated form itself
    const d = dashboard();
    new TimeSeriesPanel(d, 'Quiet', { title: 'Quiet', legend: { displayMode: LegendDisplayMode.HIDDEN, placement: LegendPlacement.RIGHT }, targets: [Target.promql('up')] });
    new PieChartPanel(d, 'Pie', { title: 'Pie', legend: { displayMode: LegendDisplayMode.HIDDEN }, targets: [Target.promql('up')] });
    const json = render(d);
    expect(panel(json, 'Quiet').options.legend).toEqual({ displayMode: 'list', placement: 'right', showLegend: false, calcs: [] });
    expect(panel(json, 'Pie').options.legend).toMatchObject({ displayMode: 'list', showLegend: false });
    expect(schema41Rewrites(json)).toEqual([]);
    expect(schema41Rewrites({ ...json, panels: [{ ...panel(json, 'Quiet'), options: { legend: { displayMode: 'hidden', showLegend: false } } }] }))
      .toEqual(['panel "Quiet" options.legend.displayMode: "hidden" (v37: showLegend false)', 'panel "Quiet" options.legend: hidden with displayMode "hidden" (v37: list)']);
  });

  test('unit, thresholds, legend, custom options and targets', () => {
    const d = dashboard();
    new TimeSeriesPanel(d, 'Latency', {
      title: 'API Response Time (p95)',
      unit: Unit.SECONDS,
      thresholds: Thresholds.lowerIsBetter(1, 2),
      legend: { displayMode: LegendDisplayMode.TABLE, placement: LegendPlacement.RIGHT, values: [Reducer.MEAN, Reducer.MAX] },
      stacking: StackingMode.NORMAL,
      axisLabel: 'seconds',
      links: [Link.runbook('https://wiki.internal/runbooks/latency')],
      targets: [
        Target.promql('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))', { legend: 'p95' }),
        Target.promql('histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))', { legend: 'p50', minInterval: Duration.seconds(30) }),
      ],
    });
    const p = panel(render(d), 'API Response Time (p95)');
    expect(p.type).toBe('timeseries');
    expect(p.fieldConfig.defaults).toMatchObject({
      unit: 's',
      color: { mode: 'palette-classic' },
      thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'yellow', value: 1 }, { color: 'red', value: 2 }] },
      custom: { drawStyle: 'line', stacking: { mode: 'normal', group: 'A' }, axisLabel: 'seconds', thresholdsStyle: { mode: 'line' } },
    });
    expect(p.options.legend).toEqual({ displayMode: 'table', placement: 'right', showLegend: true, calcs: ['mean', 'max'] });
    expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
    expect(p.targets.map((t: any) => [t.refId, t.legendFormat, t.range, t.instant, t.format, t.interval])).toEqual([
      ['A', 'p95', true, false, 'time_series', undefined],
      ['B', 'p50', true, false, 'time_series', '30s'],
    ]);
    expect(p.links).toEqual([{ title: 'Runbook', url: 'https://wiki.internal/runbooks/latency', targetBlank: true }]);
  });

  test('an invalid PromQL target fails at construction with the panel path and field', () => {
    const d = dashboard();
    expect(() => new TimeSeriesPanel(d, 'Broken', { title: 'x', targets: [Target.promql('up'), Target.promql('rate(x[5m]')] })).toThrow(
      '[shop/D/Broken] targets[1].expr: invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input',
    );
  });

  test('option ranges are checked', () => {
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', fillOpacity: 150 })).toThrow('[shop/D/P] fillOpacity: must be an integer from 0 to 100 (percent); received 150 (a number)');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', min: 5, max: 1 })).toThrow('[shop/D/P] min/max: min must be below max; received min 5, max 1');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: ' ' })).toThrow('[shop/D/P] title: must not be empty');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', height: 0 })).toThrow('[shop/D/P] height: must be an integer from 1 to 100 (grid lines of 30 px); received 0 (a number)');
  });

  test('numeric props name their unit and range, with the likely unit confusion', () => {
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', fillOpacity: 0.3 }))
      .toThrow('[shop/D/P] fillOpacity: must be an integer from 0 to 100 (percent); received 0.3 (a number); did you mean 30 (a percent, not a ratio)?');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', lineWidth: 12 })).toThrow('[shop/D/P] lineWidth: must be an integer from 0 to 10 (pixels); received 12 (a number)');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', decimals: 2.5 })).toThrow('[shop/D/P] decimals: must be an integer from 0 to 20 (digits after the decimal point); received 2.5 (a number)');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', min: Infinity })).toThrow('[shop/D/P] min: must be a finite number (the unit of the panel values); received Infinity (a number)');
    expect(() => new TimeSeriesPanel(dashboard(), 'P', { title: 'x', height: 7.5 })).toThrow('[shop/D/P] height: must be an integer from 1 to 100 (grid lines of 30 px); received 7.5 (a number)');
    expect(() => new StateTimelinePanel(dashboard(), 'P', { title: 'x', rowHeight: 90 }))
      .toThrow('[shop/D/P] rowHeight: must be a finite number from 0 to 1 (a ratio of the row); received 90 (a number); did you mean 0.9 (a ratio, not a percent)?');
    expect(() => new StateTimelinePanel(dashboard(), 'P', { title: 'x', fillOpacity: 0.7 }))
      .toThrow('[shop/D/P] fillOpacity: must be an integer from 0 to 100 (percent); received 0.7 (a number); did you mean 70 (a percent, not a ratio)?');
  });

  test('targets on several datasources make the panel mixed', () => {
    const d = dashboard();
    new TimeSeriesPanel(d, 'Mixed', { title: 'Mixed', targets: [Target.promql('up'), Target.logql('sum(count_over_time({app="x"}[5m]))')] });
    const p = panel(render(d), 'Mixed');
    expect(p.datasource).toEqual({ type: 'datasource', uid: '-- Mixed --' });
    expect(p.targets[1]).toMatchObject({ refId: 'B', datasource: { type: 'loki', uid: 'loki' }, queryType: 'range' });
  });

  test('refIds continue past Z', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(refIdOf)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  test('a target on the wrong kind of datasource is refused', () => {
    expect(() => Target.promql('up', { datasource: DatasourceRef.LOKI })).toThrow('target datasource: a PromQL target needs a Prometheus datasource; received a loki datasource (uid loki)');
    expect(() => Target.logql('{a="b"}', { datasource: DatasourceRef.PROMETHEUS })).toThrow('a LogQL target needs a Loki datasource');
  });
});

describe('single-value panels', () => {
  test('stat: reduce options, colour mode, value mappings', () => {
    const d = dashboard();
    new StatPanel(d, 'Crash', {
      title: 'App Crash Rate (24h)',
      unit: Unit.PERCENT_0_1,
      decimals: 3,
      colorMode: StatColorMode.BACKGROUND,
      reducer: Reducer.MEAN,
      thresholds: Thresholds.lowerIsBetter(0.0001, 0.001),
      valueMappings: [ValueMapping.value('0', 'none', Color.GREEN), ValueMapping.range(1, 100, 'many')],
      targets: [Target.promql('rate(mobile_app_crashes_total[24h])')],
    });
    const p = panel(render(d), 'App Crash Rate (24h)');
    expect(p.type).toBe('stat');
    expect(p.options).toMatchObject({ reduceOptions: { calcs: ['mean'], fields: '', values: false }, colorMode: 'background', graphMode: 'area' });
    expect(p.fieldConfig.defaults).toMatchObject({ unit: 'percentunit', decimals: 3, color: { mode: 'thresholds' } });
    expect(p.fieldConfig.defaults.mappings).toEqual([
      { type: 'value', options: { 0: { text: 'none', color: 'green', index: 0 } } },
      { type: 'range', options: { from: 1, to: 100, result: { text: 'many', index: 1 } } },
    ]);
  });

  test('gauge, bar gauge and pie chart expose their own options', () => {
    const d = dashboard();
    new GaugePanel(d, 'G', { title: 'Memory Usage', unit: Unit.PERCENT_0_1, min: 0, max: 1, showThresholdLabels: true, thresholds: Thresholds.lowerIsBetter(0.7, 0.85), targets: [Target.promql('1 - (node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)')] });
    new BarGaugePanel(d, 'B', { title: 'Top', displayMode: BarGaugeDisplayMode.LCD, targets: [Target.promql('topk(5, up)')] });
    new PieChartPanel(d, 'P', { title: 'Active SPKs by Status', pieType: PieType.DONUT, targets: [Target.promql('production_spks_count', { legend: '{{status}}' })] });
    const json = render(d);
    expect(panel(json, 'Memory Usage')).toMatchObject({ type: 'gauge', options: { showThresholdLabels: true, showThresholdMarkers: true, reduceOptions: { calcs: ['lastNotNull'] } }, fieldConfig: { defaults: { min: 0, max: 1 } } });
    expect(panel(json, 'Top')).toMatchObject({ type: 'bargauge', options: { displayMode: 'lcd', orientation: 'horizontal' } });
    expect(panel(json, 'Active SPKs by Status')).toMatchObject({ type: 'piechart', options: { pieType: 'donut', displayLabels: ['percent'], legend: { placement: 'right', values: ['value', 'percent'] } } });
  });
});

describe('table', () => {
  test('instant table queries, Time hidden, sort and footer', () => {
    const d = dashboard();
    new TablePanel(d, 'T', {
      title: 'Requests by Endpoint',
      unit: Unit.REQUESTS_PER_SECOND,
      sortBy: { column: 'Value' },
      footer: [Reducer.SUM],
      renamedColumns: { Value: 'req/s' },
      targets: [Target.promql('topk(10, sum by (path) (rate(http_requests_total[5m])))')],
    });
    const p = panel(render(d), 'Requests by Endpoint');
    expect(p.type).toBe('table');
    expect(p.targets[0]).toMatchObject({ format: 'table', instant: true, range: false });
    expect(p.options).toMatchObject({ sortBy: [{ displayName: 'Value', desc: true }], footer: { show: true, reducer: ['sum'] } });
    expect(p.transformations).toEqual([{ id: 'organize', options: { excludeByName: { Time: true }, indexByName: {}, renameByName: { Value: 'req/s' } } }]);
  });

  test('several queries are merged', () => {
    const d = dashboard();
    new TablePanel(d, 'T', { title: 't', targets: [Target.promql('up'), Target.promql('up', { format: TargetFormat.TIME_SERIES, instant: false })] });
    const p = panel(render(d), 't');
    expect(p.transformations[0]).toEqual({ id: 'merge', options: {} });
    expect(p.targets[1]).toMatchObject({ format: 'time_series', instant: false, range: true });
  });
});

describe('heatmap and state timeline', () => {
  test('histogram heatmap uses the heatmap format; calculated heatmap does not', () => {
    const d = dashboard();
    new HeatmapPanel(d, 'H', { title: 'Latency distribution', yAxisUnit: Unit.SECONDS, targets: [Target.promql('sum by (le) (increase(http_request_duration_seconds_bucket[$__rate_interval]))', { legend: '{{le}}' })] });
    new HeatmapPanel(d, 'C', { title: 'Driver Utilization', calculate: true, unit: Unit.PERCENT_0_100, targets: [Target.promql('luckygas_driver_utilization_percent')] });
    const json = render(d);
    expect(panel(json, 'Latency distribution')).toMatchObject({ type: 'heatmap', options: { calculate: false, yAxis: { unit: 's' } }, targets: [{ format: 'heatmap' }] });
    expect(panel(json, 'Driver Utilization')).toMatchObject({ options: { calculate: true, yAxis: { unit: 'percent' } }, targets: [{ format: 'time_series' }] });
  });

  test('state timeline with value mappings', () => {
    const d = dashboard();
    new StateTimelinePanel(d, 'S', {
      title: 'Targets up',
      valueMappings: [ValueMapping.value('0', 'DOWN', Color.RED), ValueMapping.value('1', 'UP', Color.GREEN)],
      targets: [Target.promql('up', { legend: '{{job}}' })],
    });
    expect(panel(render(d), 'Targets up')).toMatchObject({
      type: 'state-timeline',
      options: { mergeValues: true, showValue: 'auto', rowHeight: 0.9 },
      fieldConfig: { defaults: { mappings: [{ options: { 0: { text: 'DOWN', color: 'red' } } }, { options: { 1: { text: 'UP' } } }] } },
    });
  });
});

describe('logs', () => {
  test('log query targets and options', () => {
    const d = dashboard();
    new LogsPanel(d, 'L', { title: 'Errors', dedup: LogsDedupStrategy.SIGNATURE, prettifyJson: true, targets: [Target.logql('{namespace="erp", app="backend"} | json | level=~"ERROR|CRITICAL"', { maxLines: 500 })] });
    const p = panel(render(d), 'Errors');
    expect(p).toMatchObject({
      type: 'logs',
      datasource: { type: 'loki', uid: 'loki' },
      options: { showTime: true, wrapLogMessage: true, prettifyLogMessage: true, dedupStrategy: 'signature', sortOrder: 'Descending', enableLogDetails: true },
      targets: [{ refId: 'A', expr: '{namespace="erp", app="backend"} | json | level=~"ERROR|CRITICAL"', maxLines: 500, queryType: 'range' }],
    });
  });

  test('metric and PromQL queries are refused in a logs panel', () => {
    expect(() => new LogsPanel(dashboard(), 'L', { title: 'x', targets: [Target.logql('sum(count_over_time({a="b"}[5m]))')] })).toThrow(
      '[shop/D/L] targets[0].expr: a logs panel needs a LogQL log query (a stream selector with optional pipeline), not a LogQL metric query',
    );
    expect(() => new LogsPanel(dashboard(), 'L', { title: 'x', targets: [Target.promql('up')] })).toThrow('not a PromQL query');
  });

  test('an invalid LogQL target fails with the path', () => {
    expect(() => new LogsPanel(dashboard(), 'L', { title: 'x', targets: [Target.logql('{namespace="erp"')] })).toThrow(/^\[shop\/D\/L\] targets\[0\]\.expr: invalid LogQL "\{namespace=\\"erp\\"" at/);
  });
});

describe('geomap and text', () => {
  test('geomap: marker layer with its location mode and view', () => {
    const d = dashboard();
    new GeomapPanel(d, 'G', { title: 'Active Routes', location: GeomapLocation.coordinates('lat', 'lon'), view: { latitude: 23.7, longitude: 121, zoom: 7 }, targets: [Target.promql('luckygas_active_routes', { format: TargetFormat.TABLE, instant: true })] });
    const p = panel(render(d), 'Active Routes');
    expect(p.type).toBe('geomap');
    expect(p.options.view).toEqual({ id: 'coords', lat: 23.7, lon: 121, zoom: 7, allLayers: true });
    expect(p.options.layers[0]).toMatchObject({ type: 'markers', location: { mode: 'coords', latitude: 'lat', longitude: 'lon' } });
    expect(() => new GeomapPanel(dashboard(), 'Bad', { title: 'x', view: { latitude: 100, longitude: 0 } })).toThrow('[shop/D/Bad] view: latitude must be within -90..90');
  });

  test('text panel', () => {
    const d = dashboard();
    new TextPanel(d, 'T', { title: 'Read me', content: '# On call\nSee the runbooks.', mode: TextMode.MARKDOWN, width: Width.FULL });
    const p = panel(render(d), 'Read me');
    expect(p).toMatchObject({ type: 'text', options: { mode: 'markdown', content: '# On call\nSee the runbooks.' } });
    expect(p.targets).toBeUndefined();
  });
});

test('deprecated panel types are not offered', () => {
  const exported = Object.keys(grafana);
  for (const name of ['GraphPanel', 'SinglestatPanel', 'SingleStatPanel', 'WorldmapPanel']) expect(exported).not.toContain(name);
  const types = [TimeSeriesPanel, StatPanel, GaugePanel, BarGaugePanel, TablePanel, HeatmapPanel, PieChartPanel, LogsPanel, GeomapPanel, StateTimelinePanel, TextPanel];
  const d = dashboard();
  const ids = types.map((T, i) => new (T as any)(d, `P${i}`, { title: `p${i}`, content: 'x' }).type);
  expect(ids).toEqual(['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'heatmap', 'piechart', 'logs', 'geomap', 'state-timeline', 'text']);
  expect(ids).not.toContain('graph');
});

describe('defaults are resolved once, when a panel is created, into its fields', () => {
  test('each panel type: defaults, given values, and the JSON written from them', () => {
    const d = dashboard();
    const ts = new TimeSeriesPanel(d, 'TS', { title: 'ts' });
    expect([ts.drawStyle, ts.lineWidth, ts.fillOpacity, ts.stacking, ts.thresholdsStyle, ts.showPoints, ts.logScale, ts.spanNulls, ts.tooltip])
      .toEqual(['line', 1, 10, 'none', 'off', 'auto', false, false, 'multi']);
    expect([ts.thresholds.base, ts.thresholds.steps, ts.valueMappings]).toEqual([Color.GREEN, [], []]);
    // thresholds drawn as lines when thresholds are given
    expect(new TimeSeriesPanel(d, 'TS2', { title: 'ts2', thresholds: Thresholds.lowerIsBetter(1, 2), lineWidth: 3 })).toMatchObject({ thresholdsStyle: 'line', lineWidth: 3 });
    const stat = new StatPanel(d, 'S', { title: 's', reducer: Reducer.MAX });
    expect([stat.reducer, stat.allValues, stat.colorMode, stat.graphMode, stat.textMode, stat.orientation]).toEqual(['max', false, 'value', 'area', 'auto', 'auto']);
    const gauge = new GaugePanel(d, 'G', { title: 'g' });
    expect([gauge.reducer, gauge.showThresholdMarkers, gauge.showThresholdLabels, gauge.orientation]).toEqual(['lastNotNull', true, false, 'auto']);
    const bars = new BarGaugePanel(d, 'B', { title: 'b' });
    expect([bars.displayMode, bars.orientation, bars.showUnfilled]).toEqual(['gradient', 'horizontal', true]);
    const pie = new PieChartPanel(d, 'P', { title: 'p' });
    expect([pie.pieType, pie.labels, pie.legendValues]).toEqual(['pie', ['percent'], ['value', 'percent']]);
    const table = new TablePanel(d, 'T', { title: 't' });
    expect([table.hiddenColumns, table.renamedColumns, table.filterable]).toEqual([['Time'], {}, false]);
    const heat = new HeatmapPanel(d, 'H', { title: 'h', unit: Unit.SECONDS });
    expect([heat.calculate, heat.colorScheme, heat.yAxisUnit, heat.showLegend]).toEqual([false, 'Oranges', Unit.SECONDS, true]);
    const timeline = new StateTimelinePanel(d, 'ST', { title: 'st' });
    expect([timeline.mergeValues, timeline.showValue, timeline.rowHeight, timeline.fillOpacity]).toEqual([true, 'auto', 0.9, 70]);
    const logs = new LogsPanel(d, 'L', { title: 'l', wrapLines: false });
    expect([logs.showTime, logs.showLabels, logs.showCommonLabels, logs.wrapLines, logs.prettifyJson, logs.enableDetails, logs.dedup, logs.sortOrder])
      .toEqual([true, false, false, false, false, true, 'none', 'Descending']);
    const map = new GeomapPanel(d, 'M', { title: 'm' });
    expect([map.location._render(), map.markerSize, map.markerColor]).toEqual([{ mode: 'auto' }, 5, Color.GREEN]);
    const text = new TextPanel(d, 'X', { title: 'x', content: 'hi' });
    expect([text.content, text.mode, text.codeLanguage]).toEqual(['hi', 'markdown', 'plaintext']);

    const json = render(d);
    expect(panel(json, 'ts').fieldConfig.defaults.custom).toMatchObject({ drawStyle: 'line', lineWidth: 1, fillOpacity: 10, thresholdsStyle: { mode: 'off' } });
    expect(panel(json, 'ts2').fieldConfig.defaults.custom).toMatchObject({ lineWidth: 3, thresholdsStyle: { mode: 'line' } });
    expect(panel(json, 's').options).toMatchObject({ reduceOptions: { calcs: ['max'], fields: '', values: false }, colorMode: 'value', graphMode: 'area' });
    expect(panel(json, 'p').options).toMatchObject({ pieType: 'pie', displayLabels: ['percent'], legend: { values: ['value', 'percent'], placement: 'right' } });
    expect(panel(json, 'h').options.yAxis.unit).toBe('s');
    expect(panel(json, 'l').options).toMatchObject({ wrapLogMessage: false, showTime: true, sortOrder: 'Descending' });
    expect(panel(json, 'm').options.layers[0].config.style).toMatchObject({ size: { fixed: 5 }, color: { fixed: 'green' } });
    expect(panel(json, 'x').options).toEqual({ mode: 'markdown', content: 'hi', code: { language: 'plaintext', showLineNumbers: false, showMiniMap: false } });
  });

  test('a table merges its queries by default when it has several, counted at synth (queries may be added after it is created)', () => {
    const d = dashboard();
    const table = new TablePanel(d, 'T', { title: 't', targets: [Target.promql('up')] });
    table.addTarget(Target.promql('up == 0'));
    expect(panel(render(d), 't').transformations[0]).toEqual({ id: 'merge', options: {} });
  });
});
