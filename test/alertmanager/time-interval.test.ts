import * as yaml from 'js-yaml';
import { AlertmanagerConfigSecret, Matcher, TimePeriod, Weekday } from '../../lib/alertmanager';
import { one, synth } from '../util/synth';
import { checkConfigSecret, configOf } from './amtool';
import { chart } from './fixtures';
import { amtoolCheckConfig, TOOL_VERSIONS } from '../util/tools';

/** Adds `period` to a time interval "t" of an Alertmanager config at `platform/Alertmanager`. */
function inInterval(period: TimePeriod) {
  const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'r' });
  return am.addTimeInterval('t', { periods: [period] });
}

describe('time intervals', () => {
  test('render in the file syntax and pass amtool, as active and mute intervals', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r' });
    am.addReceiver('r');
    const hours = am.addTimeInterval('business-hours', { periods: [TimePeriod.businessHours({ start: '08:30', end: '18:00', location: 'Asia/Taipei' })] });
    const holidays = am.addTimeInterval('holidays', {
      periods: [TimePeriod.of({ months: [{ start: 12 }], daysOfMonth: [{ start: 24, end: 26 }] }), TimePeriod.of({ weekdays: [{ start: Weekday.SATURDAY }, { start: Weekday.SUNDAY }], daysOfMonth: [{ start: -1 }] })],
    });
    am.route.addRoute({ matchers: [Matcher.eq('severity', 'warning')], activeTimeIntervals: [hours], muteTimeIntervals: [holidays] });
    const secret = one(synth(scope), 'Secret');
    const config = yaml.load(configOf(secret)) as any;
    expect(config.time_intervals).toEqual([
      { name: 'business-hours', time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '08:30', end_time: '18:00' }], location: 'Asia/Taipei' }] },
      { name: 'holidays', time_intervals: [{ months: ['12'], days_of_month: ['24:26'] }, { weekdays: ['saturday', 'sunday'], days_of_month: ['-1'] }] },
    ]);
    expect(config.route.routes[0]).toMatchObject({ active_time_intervals: ['business-hours'], mute_time_intervals: ['holidays'] });
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('rejects bad times, ranges and zones', () => {
    expect(() => inInterval(TimePeriod.businessHours({ start: '9:00' }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: times: start and end must be HH:MM between 00:00 and 24:00; received "9:00"-"17:00"');
    expect(() => inInterval(TimePeriod.businessHours({ start: '18:00', end: '08:00' }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: times: end must be after start (a range may not cross midnight: split it in two); received 18:00-08:00');
    expect(() => inInterval(TimePeriod.of({ weekdays: [{ start: Weekday.FRIDAY, end: Weekday.MONDAY }] }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: weekdays: the range must not end before it starts (Sunday first, as Alertmanager counts; give a weekend as two ranges); received friday:monday');
    expect(() => inInterval(TimePeriod.of({ weekdays: [{ start: Weekday.SATURDAY, end: Weekday.SUNDAY }] }))).toThrow(/received saturday:sunday/);
    expect(() => inInterval(TimePeriod.of({ daysOfMonth: [{ start: 0 }] }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: daysOfMonth: must be whole numbers 1..31 or -31..-1 (days of the month, negative ones counting from its end); received {"start":0}');
    expect(() => inInterval(TimePeriod.of({ months: [{ start: 13 }] }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: months: must be whole numbers 1..12 (months, 1 = January); received {"start":13}');
    expect(() => inInterval(TimePeriod.of({ location: 'Mars Time' }))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: location: must be an IANA time zone name such as "Europe/Amsterdam" or "UTC" (Alertmanager refuses the whole configuration otherwise); received "Mars Time"');
  });

  // Differential: the library's verdict on a location equals both amtools' (Go's time.LoadLocation).
  test.each(TOOL_VERSIONS.map((t, i) => [i === 0 ? 'amtool 0.25 (bookworm)' : 'amtool 0.33 (LTS)', t] as const))('time zones are accepted exactly when %s accepts them', (_name, tool) => {
    for (const location of ['Europe/Amsterdam', 'UTC', 'Local', 'Asia/Calcutta', 'US/Eastern', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'Mars/Olympus_Mons', 'Europe/Amsterdamm', 'Nowhere']) {
      let library = true;
      try {
        inInterval(TimePeriod.of({ location }));
      } catch {
        library = false;
      }
      const config = `route: {receiver: r}\nreceivers: [{name: r}]\ntime_intervals:\n- name: t\n  time_intervals:\n  - location: ${JSON.stringify(location)}\n`;
      expect({ location, library }).toEqual({ location, library: amtoolCheckConfig(config, {}, tool).ok });
    }
  });

  // found by the differential corpus (config-corpus.test.ts): both amtools refuse these
  test('rejects a weekday that is not a Weekday value, and a day range from the end of the month to its start', () => {
    expect(() => inInterval(TimePeriod.of({ weekdays: [{ start: 'funday' as Weekday }] })))
      .toThrow('[platform/Alertmanager] time interval "t" periods[0]: weekdays: must be Weekday values (sunday, monday, tuesday, wednesday, thursday, friday, saturday); received "funday"');
    expect(() => inInterval(TimePeriod.of({ daysOfMonth: [{ start: -1, end: 1 }] })))
      .toThrow('[platform/Alertmanager] time interval "t" periods[0]: daysOfMonth: a range that starts counting from the end of the month must end so too (Alertmanager refuses -1:1); received {"start":-1,"end":1}');
    expect(TimePeriod.of({ daysOfMonth: [{ start: 1, end: -1 }] }).props.daysOfMonth).toEqual([{ start: 1, end: -1 }]);
  });

  test('the factories do not throw; plain-JavaScript props name the field and what it expects', () => {
    const js = (v: unknown) => v as any;
    expect(TimePeriod.of(js(null))).toBeInstanceOf(TimePeriod);
    expect(() => inInterval(TimePeriod.of(js(null)))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: props: must be an object, e.g. { weekdays: [{ start: Weekday.MONDAY, end: Weekday.FRIDAY }] }; received null');
    expect(() => inInterval(TimePeriod.of(js({ times: 300 })))).toThrow('periods[0]: times: must be a list, e.g. [{ start: \'09:00\', end: \'17:00\' }]; received 300 (a number)');
    expect(() => inInterval(TimePeriod.of(js({ times: [{ start: 9, end: '17:00' }] })))).toThrow('periods[0]: times[0].start: must be a string, e.g. \'09:00\'; received 9 (a number)');
    expect(() => inInterval(TimePeriod.of({ daysOfMonth: [{ start: 1.5 }] }))).toThrow('periods[0]: daysOfMonth: must be whole numbers 1..31 or -31..-1 (days of the month, negative ones counting from its end); received {"start":1.5}');
    expect(() => inInterval(TimePeriod.businessHours(js(null)))).toThrow('periods[0]: options: must be an object');
    expect(() => inInterval(js('weekdays'))).toThrow('[platform/Alertmanager] time interval "t" periods[0]: must be a TimePeriod, e.g. TimePeriod.businessHours(); received "weekdays"');
  });

  test('rejects an interval without periods or with a bad name, with the config path', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r' });
    expect(() => am.addTimeInterval('empty', { periods: [] })).toThrow('[platform/Alertmanager] time interval "empty" periods: at least one period is required');
    expect(() => am.addTimeInterval('a b', { periods: [TimePeriod.businessHours()] })).toThrow(/^\[platform\/Alertmanager\] time interval name: must be letters/);
  });
});
