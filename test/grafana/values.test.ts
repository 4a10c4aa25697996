import { Color, Dashboard, Link, TextPanel, Thresholds, ThresholdsMode, TimeSeriesPanel, Unit, ValueMapping } from '../../lib/grafana';
import { chart } from './helpers';

describe('Unit', () => {
  test('named constants are Grafana unit ids', () => {
    expect([Unit.PERCENT_0_100, Unit.PERCENT_0_1, Unit.BYTES_IEC, Unit.BYTES_SI, Unit.REQUESTS_PER_SECOND, Unit.SECONDS, Unit.MILLISECONDS, Unit.MINUTES].map((u) => u.id)).toEqual(
      ['percent', 'percentunit', 'bytes', 'decbytes', 'reqps', 's', 'ms', 'm'],
    );
    expect(Unit.currency('NT$').id).toBe('currency:NT$');
    expect(Unit.suffix(' orders').id).toBe('suffix: orders');
    expect(Unit.of('pps').id).toBe('pps');
  });

  test('free-form ids are checked, and reported by the panel that uses the unit', () => {
    const d = new Dashboard(chart(), 'D', { title: 'x' });
    expect(() => Unit.of(' s')).not.toThrow();
    expect(() => new TimeSeriesPanel(d, 'P', { title: 'p', unit: Unit.of(' s') }))
      .toThrow('[shop/D/P] unit: unit: must be a non-empty Grafana unit id without surrounding white space, e.g. \'kbytes\'; received " s"');
    expect(() => new TimeSeriesPanel(d, 'P2', { title: 'p', unit: Unit.currency('') })).toThrow('[shop/D/P2] unit: unit: currency symbol must be a non-empty string, e.g. \'NT$\'; received ""');
    expect(() => new TimeSeriesPanel(d, 'P3', { title: 'p', unit: 's' as any })).toThrow('[shop/D/P3] unit: must be a Unit, e.g. Unit.SECONDS or Unit.of(\'kbytes\'); received "s"');
    expect(() => String(Unit.suffix(''))).toThrow('unit: suffix must be a non-empty string');
  });
});

describe('Thresholds and colours', () => {
  test('lower- and higher-is-better scales', () => {
    expect(Thresholds.lowerIsBetter(0.8, 0.95)._render()).toEqual({ mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'yellow', value: 0.8 }, { color: 'red', value: 0.95 }] });
    expect(Thresholds.higherIsBetter(0.95, 0.99)._render().steps.map((s) => s.color)).toEqual(['red', 'yellow', 'green']);
    expect(Thresholds.of(Color.BLUE, [{ value: 50, color: Color.of('#EAB839') }], ThresholdsMode.PERCENTAGE)._render()).toEqual({ mode: 'percentage', steps: [{ color: 'blue', value: null }, { color: '#EAB839', value: 50 }] });
  });

  test('steps must increase; colours must be Grafana colours', () => {
    const d = new Dashboard(chart(), 'D', { title: 'x' });
    const on = (thresholds: Thresholds, id: string) => () => new TimeSeriesPanel(d, id, { title: 'p', thresholds });
    expect(() => Thresholds.lowerIsBetter(2, 1)).not.toThrow();
    expect(on(Thresholds.lowerIsBetter(2, 1), 'A')).toThrow('[shop/D/A] thresholds: thresholds: step values must increase strictly; received 2, 1');
    expect(on(Thresholds.of(Color.GREEN, [{ value: NaN, color: Color.RED }]), 'B'))
      .toThrow('[shop/D/B] thresholds: thresholds steps[0].value: must be a finite number (the unit of the panel values); received NaN (a number)');
    // percentage mode: a percent of the min..max range
    expect(on(Thresholds.of(Color.GREEN, [{ value: 120, color: Color.RED }], ThresholdsMode.PERCENTAGE), 'E'))
      .toThrow('[shop/D/E] thresholds: thresholds steps[0].value: must be a finite number from 0 to 100 (percent of the min..max range); received 120 (a number)');
    expect(() => Color.of('reddish')).toThrow('color: must be a Grafana palette colour (green, dark-red, light-blue...) or a hex colour such as "#EAB839"; received "reddish"');
    expect(Color.of('semi-dark-red').name).toBe('semi-dark-red');
    expect(() => ValueMapping.range(5, 1, 'x')).toThrow('value mapping: range start must not exceed its end; received 5..1');
  });
});

describe('Link', () => {
  test('URLs are checked; tag drop-downs only on dashboards', () => {
    expect(() => Link.url('x', 'not a url')).not.toThrow();
    const d = new Dashboard(chart(), 'D', { title: 'x' });
    expect(() => d.addLink(Link.url('x', 'not a url'))).toThrow('[shop/D] links[0]: link url: must be a non-empty URL without white space; received "not a url"');
    expect(() => new TextPanel(d, 'T', { title: 't', content: 'c', links: [Link.runbook(42 as any)] })).toThrow('[shop/D/T] links[0]: link url: must be a non-empty URL without white space; received 42');
    expect(() => d.addLink(Link.dashboardsTagged('Team', 'erp' as any))).toThrow('[shop/D] links[0]: link "Team" tags: must be a list of strings, e.g. [\'erp\']; received "erp" (a string)');
    expect(Link.dashboardsTagged('Team', ['erp'])._renderDashboardLink()).toMatchObject({ type: 'dashboards', tags: ['erp'], asDropdown: true });
    expect(Link.toDashboard({ uid: 'abc', title: 'ABC' })._renderPanelLink()).toEqual({ title: 'ABC', url: '/d/abc?${__url_time_range}&${__all_variables}', targetBlank: false });
  });
});

describe('panel links', () => {
  test('a tag drop-down cannot be a panel link', () => {
    const d = new Dashboard(chart(), 'D', { title: 'x' });
    expect(() => new TextPanel(d, 'T', { title: 't', content: 'c', links: [Link.dashboardsTagged('Team', ['erp'])] })).toThrow(
      '[shop/D/T] links: a tag drop-down (Link.dashboardsTagged) can only be a dashboard link; received "Team"',
    );
  });
});
