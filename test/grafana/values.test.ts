import { Color, Dashboard, Link, TextPanel, Thresholds, ThresholdsMode, Unit, ValueMapping } from '../../lib/grafana';
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

  test('free-form ids are checked', () => {
    expect(() => Unit.of(' s')).toThrow('unit: must be a non-empty Grafana unit id without surrounding white space; received " s"');
    expect(() => Unit.currency('')).toThrow('unit: currency symbol must not be empty');
  });
});

describe('Thresholds and colours', () => {
  test('lower- and higher-is-better scales', () => {
    expect(Thresholds.lowerIsBetter(0.8, 0.95)._render()).toEqual({ mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'yellow', value: 0.8 }, { color: 'red', value: 0.95 }] });
    expect(Thresholds.higherIsBetter(0.95, 0.99)._render().steps.map((s) => s.color)).toEqual(['red', 'yellow', 'green']);
    expect(Thresholds.of(Color.BLUE, [{ value: 50, color: Color.of('#EAB839') }], ThresholdsMode.PERCENTAGE)._render()).toEqual({ mode: 'percentage', steps: [{ color: 'blue', value: null }, { color: '#EAB839', value: 50 }] });
  });

  test('steps must increase; colours must be Grafana colours', () => {
    expect(() => Thresholds.lowerIsBetter(2, 1)).toThrow('thresholds: step values must increase strictly; received 2, 1');
    expect(() => Thresholds.of(Color.GREEN, [{ value: NaN, color: Color.RED }])).toThrow('thresholds: step values must be finite numbers');
    expect(() => Color.of('reddish')).toThrow('color: must be a Grafana palette colour (green, dark-red, light-blue...) or a hex colour such as "#EAB839"; received "reddish"');
    expect(Color.of('semi-dark-red').name).toBe('semi-dark-red');
    expect(() => ValueMapping.range(5, 1, 'x')).toThrow('value mapping: range start must not exceed its end; received 5..1');
  });
});

describe('Link', () => {
  test('URLs are checked; tag drop-downs only on dashboards', () => {
    expect(() => Link.url('x', 'not a url')).toThrow('link url: must be a non-empty URL without white space; received "not a url"');
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
