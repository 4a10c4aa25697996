import { Duration } from 'cdk8s';
import * as yaml from 'js-yaml';
import { SecretRef } from '../../lib';
import { AlertmanagerConfigSecret, AlertmanagerVersion, Integration, Matcher, TimePeriod, TimePeriodProps, Weekday } from '../../lib/alertmanager';
import { amtoolCheckConfigs, TOOL_VERSIONS } from '../util/tools';
import { chart } from './fixtures';

// Differential test of Alertmanager configurations against `amtool check-config` of both versions (0.25
// and 0.33): each case builds a small configuration with the library (AlertmanagerConfigSecret, which
// renders a complete alertmanager.yaml) and states the same input in alertmanager.yaml syntax.
// - accepted by the library => its rendered file passes both amtools;
// - rejected by the library (at construction or synth) => the hand-written file fails at least one amtool
//   (the library keeps to what both versions load), or a deliberate stricter rule below gives the reason.
// Every case is its own file (one error fails a file); all files go through one amtool run per version.

/** alertmanager.yaml pieces of a case, added to a root route and a receiver both named `r`. */
interface Raw {
  readonly root?: { [key: string]: unknown };
  readonly routes?: unknown[];
  readonly receivers?: unknown[];
  readonly inhibit_rules?: unknown[];
  readonly time_intervals?: unknown[];
}

interface Case {
  readonly label: string;
  /** Adds the case to a configuration whose root route goes to receiver `r`. */
  readonly build: (am: AlertmanagerConfigSecret) => void;
  /** The same input in alertmanager.yaml syntax. */
  readonly raw: Raw;
}

const STRICTER: ReadonlyArray<{ readonly message: RegExp; readonly accepted: 'both' | 'one'; readonly reason: string }> = [
  { message: /names starting with "__" are reserved/, accepted: 'both', reason: 'Prometheus strips "__" labels before alerts leave it: a matcher or equal label on them never sees a value' },
  { message: /must match \[a-zA-Z_\]\[a-zA-Z0-9_\]\* \(Prometheus label name\)/, accepted: 'one', reason: 'Alertmanager 0.33 accepts UTF-8 label names; 0.25 refuses them' },
  { message: /must be a SecretRef .* so that no credential is written to the output/, accepted: 'both', reason: 'a secret in plain text: Alertmanager takes it, the library writes credentials only as *_file paths' },
  { message: /must be letters, digits, '-', '_' or '\.', starting with a letter or digit/, accepted: 'both', reason: 'receiver and interval names are kept to characters that survive the operator\'s <namespace>/<name>/ prefixing and amtool\'s comma-separated receiver list' },
  { message: /to: must be e-mail addresses separated by commas/, accepted: 'both', reason: 'Alertmanager parses the addresses only when it sends: a display name or a host without a dot fails or misroutes then' },
  { message: /from: must be an e-mail address/, accepted: 'both', reason: 'Alertmanager parses the sender only when it sends' },
  { message: /must be an http\(s\) URL without credentials \(user:password@\)/, accepted: 'both', reason: 'a password in a URL is a secret in plain text' },
  { message: /the route can never match/, accepted: 'both', reason: 'a route no alert can reach loads, but is dead configuration' },
  { message: /invalid RE2 regular expression .*need Go 1\.22 or later/, accepted: 'one', reason: 'amtool 0.33 is built with Go 1.22+ and reads (?<name>...) groups; 0.25 refuses them' },
  { message: /needs Alertmanager 0\.\d+ or later; the config targets 0\.25/, accepted: 'one', reason: 'a field newer than the targeted release (alertmanagerVersion): only the newer amtool loads it' },
  { message: /months: must be whole numbers 1\.\.12/, accepted: 'both', reason: 'Alertmanager loads a month number outside 1..12, but no date is in it: the interval would never be active' },
  { message: /priority: must be P1\.\.P5 or a template/, accepted: 'both', reason: 'Alertmanager loads any priority; Opsgenie refuses the alert when it is sent' },
  { message: /source, target: both need at least one matcher \(an empty list matches every alert\)/, accepted: 'both', reason: 'an inhibit rule without target matchers mutes every alert while its source fires' },
  { message: /weekdays: must be Weekday values/, accepted: 'both', reason: 'Alertmanager lower-cases day names ("Monday" loads); the library takes the Weekday values only' },
  { message: /channel: must be a Slack channel/, accepted: 'both', reason: 'Slack refuses channel names with white space when it is called' },
];

const m = (name: string, op: string, value: string) => `${name}${op}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const FACTORY = { '=': Matcher.eq, '!=': Matcher.notEq, '=~': Matcher.regex, '!~': Matcher.notRegex } as const;
const slackUrl = SecretRef.fromSecret('slack', 'url');

function generated(): Case[] {
  const cases: Case[] = [];
  // matchers: label names x operators x values
  const names = ['severity', 'team_1', '_x', '__name__', 'bad-name', 'ñame', '0abc', 'a.b', ''];
  for (const name of names) {
    for (const op of ['=', '=~'] as const) {
      cases.push({ label: `matcher ${m(name, op, 'x')}`, build: (am) => am.route.addRoute({ receiver: 'r', matchers: [FACTORY[op](name, 'x')] }), raw: { routes: [{ receiver: 'r', matchers: [m(name, op, 'x')] }] } });
    }
  }
  const values = ['critical', '', 'a"b', 'back\\slash', 'new\nline', 'ü', '{{ x }}', 'a,b', '5..', '.+', 'db|storage', '(?i)crit.*', '(?P<n>x)', '(?<n>x)', '\\C', '(?=x)', '(?!x)', 'a{2,1}', '(a)\\1', '[', 'a{1001}', '\\Z', '*'];
  for (const value of values) {
    for (const op of ['=', '!=', '=~', '!~'] as const) {
      cases.push({ label: `matcher ${JSON.stringify(m('team', op, value))}`, build: (am) => am.route.addRoute({ receiver: 'r', matchers: [FACTORY[op]('team', value)] }), raw: { routes: [{ receiver: 'r', matchers: [m('team', op, value)] }] } });
    }
  }
  // group_by
  for (const groupBy of [['...'], ['alertname', 'cluster'], ['...', 'alertname'], ['a', 'a'], ['bad-name'], ['ñ'], ['__name__'], []]) {
    cases.push({ label: `route groupBy ${JSON.stringify(groupBy)}`, build: (am) => am.route.addRoute({ receiver: 'r', groupBy }), raw: { routes: [{ receiver: 'r', group_by: groupBy }] } });
  }
  // timings
  const durations: Array<[string, Duration]> = [['0s', Duration.seconds(0)], ['500ms', Duration.millis(500)], ['30s', Duration.seconds(30)], ['1h30m', Duration.minutes(90)], ['1d', Duration.days(1)]];
  for (const [text, d] of durations) {
    cases.push({ label: `route groupWait ${text}`, build: (am) => am.route.addRoute({ receiver: 'r', groupWait: d }), raw: { routes: [{ receiver: 'r', group_wait: text }] } });
    cases.push({ label: `route groupInterval ${text}`, build: (am) => am.route.addRoute({ receiver: 'r', groupInterval: d }), raw: { routes: [{ receiver: 'r', group_interval: text }] } });
    cases.push({ label: `route repeatInterval ${text}`, build: (am) => am.route.addRoute({ receiver: 'r', repeatInterval: d }), raw: { routes: [{ receiver: 'r', repeat_interval: text }] } });
  }
  cases.push({ label: 'route repeatInterval below groupInterval', build: (am) => am.route.addRoute({ receiver: 'r', groupInterval: Duration.minutes(10), repeatInterval: Duration.minutes(5) }), raw: { routes: [{ receiver: 'r', group_interval: '10m', repeat_interval: '5m' }] } });
  // time intervals
  const periods: Array<[string, TimePeriodProps, { [key: string]: unknown }]> = [
    ['weekdays monday:friday', { weekdays: [{ start: Weekday.MONDAY, end: Weekday.FRIDAY }] }, { weekdays: ['monday:friday'] }],
    ['weekdays sunday', { weekdays: [{ start: Weekday.SUNDAY }] }, { weekdays: ['sunday'] }],
    ['weekdays saturday:sunday', { weekdays: [{ start: Weekday.SATURDAY, end: Weekday.SUNDAY }] }, { weekdays: ['saturday:sunday'] }],
    ['weekdays funday', { weekdays: [{ start: 'funday' as Weekday }] }, { weekdays: ['funday'] }],
    ['weekdays Monday', { weekdays: [{ start: 'Monday' as Weekday }] }, { weekdays: ['Monday'] }],
    ['days_of_month -1', { daysOfMonth: [{ start: -1 }] }, { days_of_month: ['-1'] }],
    ['days_of_month 1:31', { daysOfMonth: [{ start: 1, end: 31 }] }, { days_of_month: ['1:31'] }],
    ['days_of_month -7:-1', { daysOfMonth: [{ start: -7, end: -1 }] }, { days_of_month: ['-7:-1'] }],
    ['days_of_month 1:-1', { daysOfMonth: [{ start: 1, end: -1 }] }, { days_of_month: ['1:-1'] }],
    ['days_of_month -1:1', { daysOfMonth: [{ start: -1, end: 1 }] }, { days_of_month: ['-1:1'] }],
    ['days_of_month 0', { daysOfMonth: [{ start: 0 }] }, { days_of_month: ['0'] }],
    ['days_of_month 32', { daysOfMonth: [{ start: 32 }] }, { days_of_month: ['32'] }],
    ['days_of_month -32', { daysOfMonth: [{ start: -32 }] }, { days_of_month: ['-32'] }],
    ['days_of_month 10:5', { daysOfMonth: [{ start: 10, end: 5 }] }, { days_of_month: ['10:5'] }],
    ['months 1:12', { months: [{ start: 1, end: 12 }] }, { months: ['1:12'] }],
    ['months 12:1', { months: [{ start: 12, end: 1 }] }, { months: ['12:1'] }],
    ['months 0', { months: [{ start: 0 }] }, { months: ['0'] }],
    ['months 13', { months: [{ start: 13 }] }, { months: ['13'] }],
    ['months -1', { months: [{ start: -1 }] }, { months: ['-1'] }],
    ['times 09:00-17:00', { times: [{ start: '09:00', end: '17:00' }] }, { times: [{ start_time: '09:00', end_time: '17:00' }] }],
    ['times 00:00-24:00', { times: [{ start: '00:00', end: '24:00' }] }, { times: [{ start_time: '00:00', end_time: '24:00' }] }],
    ['times 23:59-24:00', { times: [{ start: '23:59', end: '24:00' }] }, { times: [{ start_time: '23:59', end_time: '24:00' }] }],
    ['times 24:00-24:00', { times: [{ start: '24:00', end: '24:00' }] }, { times: [{ start_time: '24:00', end_time: '24:00' }] }],
    ['times 9:00-17:00', { times: [{ start: '9:00', end: '17:00' }] }, { times: [{ start_time: '9:00', end_time: '17:00' }] }],
    ['times 17:00-09:00', { times: [{ start: '17:00', end: '09:00' }] }, { times: [{ start_time: '17:00', end_time: '09:00' }] }],
    ['times 12:00-12:00', { times: [{ start: '12:00', end: '12:00' }] }, { times: [{ start_time: '12:00', end_time: '12:00' }] }],
    ['times 12:60-13:00', { times: [{ start: '12:60', end: '13:00' }] }, { times: [{ start_time: '12:60', end_time: '13:00' }] }],
    ['times 25:00-26:00', { times: [{ start: '25:00', end: '26:00' }] }, { times: [{ start_time: '25:00', end_time: '26:00' }] }],
    ['location Europe/Amsterdam', { location: 'Europe/Amsterdam' }, { location: 'Europe/Amsterdam' }],
    ['location Mars/Olympus', { location: 'Mars/Olympus' }, { location: 'Mars/Olympus' }],
  ];
  for (const [label, props, raw] of periods) {
    for (const use of ['mute', 'active'] as const) {
      cases.push({
        label: `${use} time interval ${label}`,
        build: (am) => {
          const t = am.addTimeInterval('t', { periods: [TimePeriod.of(props)] });
          am.route.addRoute({ receiver: 'r', [use === 'mute' ? 'muteTimeIntervals' : 'activeTimeIntervals']: [t] });
        },
        raw: { time_intervals: [{ name: 't', time_intervals: [raw] }], routes: [{ receiver: 'r', [`${use}_time_intervals`]: ['t'] }] },
      });
    }
  }
  for (const name of ['business-hours', 'a.b_c', 'a b', 'ns/name', '-x']) {
    cases.push({
      label: `time interval name ${JSON.stringify(name)}`,
      build: (am) => am.route.addRoute({ receiver: 'r', muteTimeIntervals: [am.addTimeInterval(name, { periods: [TimePeriod.businessHours()] })] }),
      raw: { time_intervals: [{ name, time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }] }] }], routes: [{ receiver: 'r', mute_time_intervals: [name] }] },
    });
  }
  // inhibit rules
  for (const equal of [['cluster'], ['cluster', 'service'], ['bad-name'], ['ñ'], ['__name__'], []]) {
    cases.push({
      label: `inhibit rule equal ${JSON.stringify(equal)}`,
      build: (am) => am.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'warning')], equal }),
      raw: { inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal }] },
    });
  }
  // URLs
  for (const url of ['http://relay.monitoring:8080/alerts', 'https://example.com', 'http://[::1]:9000/x', 'http://', 'https:///x', 'ftp://example.com', 'relay:8080', 'http://user:pw@example.com', 'http://x y', 'HTTP://EXAMPLE.COM']) {
    cases.push({ label: `webhook url ${JSON.stringify(url)}`, build: (am) => am.addReceiver('w', { integrations: [Integration.webhook({ url })] }), raw: { receivers: [{ name: 'w', webhook_configs: [{ url }] }] } });
    cases.push({
      label: `pagerduty url ${JSON.stringify(url)}`,
      build: (am) => am.addReceiver('p', { integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('pd', 'key'), url })] }),
      raw: { receivers: [{ name: 'p', pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/pd/key', url }] }] },
    });
    cases.push({
      label: `opsgenie apiUrl ${JSON.stringify(url)}`,
      build: (am) => am.addReceiver('o', { integrations: [Integration.opsgenie({ apiKey: SecretRef.fromSecret('og', 'key'), apiUrl: url })] }),
      raw: { receivers: [{ name: 'o', opsgenie_configs: [{ api_key_file: '/etc/alertmanager/secrets/og/key', api_url: url }] }] },
    });
  }
  // e-mail
  const emails: Array<[string, string, string]> = [
    ['oncall@example.com', 'am@example.com', 'smtp.example.com:587'],
    ['a@example.com, b@example.com', 'am@example.com', 'smtp.example.com:25'],
    ['On Call <oncall@example.com>', 'am@example.com', 'smtp.example.com:587'],
    ['oncall@localhost', 'am@example.com', 'smtp.example.com:587'],
    ['not-an-address', 'am@example.com', 'smtp.example.com:587'],
    ['', 'am@example.com', 'smtp.example.com:587'],
    ['oncall@example.com', '', 'smtp.example.com:587'],
    ['oncall@example.com', 'Alertmanager <am@example.com>', 'smtp.example.com:587'],
    ['oncall@example.com', 'am@example.com', 'smtp.example.com'],
    ['oncall@example.com', 'am@example.com', '[::1]:25'],
    ['oncall@example.com', 'am@example.com', ''],
  ];
  for (const [to, from, smarthost] of emails) {
    cases.push({
      label: `email to ${JSON.stringify(to)} from ${JSON.stringify(from)} smarthost ${JSON.stringify(smarthost)}`,
      build: (am) => am.addReceiver('e', { integrations: [Integration.email({ to, from, smarthost })] }),
      raw: { receivers: [{ name: 'e', email_configs: [{ to, from, smarthost }] }] },
    });
  }
  // receivers and credentials
  for (const name of ['platform', 'team.db_1', 'a b', 'a,b', '-x', 'ns/app/r']) {
    cases.push({ label: `receiver name ${JSON.stringify(name)}`, build: (am) => { am.addReceiver(name); am.route.addRoute({ receiver: name }); }, raw: { receivers: [{ name }], routes: [{ receiver: name }] } });
  }
  cases.push({ label: 'slack apiUrl as a plain string', build: (am) => am.addReceiver('s', { integrations: [Integration.slack({ apiUrl: 'https://hooks.slack.com/services/T/B/X' as unknown as SecretRef })] }), raw: { receivers: [{ name: 's', slack_configs: [{ api_url: 'https://hooks.slack.com/services/T/B/X' }] }] } });
  cases.push({ label: 'pagerduty routingKey as a plain string', build: (am) => am.addReceiver('p', { integrations: [Integration.pagerDuty({ routingKey: 'abc' as unknown as SecretRef })] }), raw: { receivers: [{ name: 'p', pagerduty_configs: [{ routing_key: 'abc' }] }] } });
  for (const channel of ['#alerts', '@someone', 'alerts', '#a b']) {
    cases.push({ label: `slack channel ${JSON.stringify(channel)}`, build: (am) => am.addReceiver('s', { integrations: [Integration.slack({ apiUrl: slackUrl, channel })] }), raw: { receivers: [{ name: 's', slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/slack/url', channel }] }] } });
  }
  return cases;
}

const HAND_WRITTEN: Case[] = [
  {
    label: 'nested routes with continue',
    build: (am) => {
      am.addReceiver('team');
      const team = am.route.addRoute({ receiver: 'team', matchers: [Matcher.eq('team', 'db')], continue: true, groupBy: ['...'] });
      team.addRoute({ matchers: [Matcher.eq('severity', 'critical')], repeatInterval: Duration.hours(1) });
      am.route.addRoute({ receiver: 'r', matchers: [Matcher.regex('severity', 'warning|info')] });
    },
    raw: { receivers: [{ name: 'team' }], routes: [{ receiver: 'team', matchers: ['team="db"'], continue: true, group_by: ['...'], routes: [{ matchers: ['severity="critical"'], repeat_interval: '1h' }] }, { receiver: 'r', matchers: ['severity=~"warning|info"'] }] },
  },
  { label: 'route to an undefined receiver', build: (am) => am.route.addRoute({ receiver: 'nobody' }), raw: { routes: [{ receiver: 'nobody' }] } },
  {
    label: 'route after a catch-all sibling',
    build: (am) => { am.route.addRoute({ receiver: 'r' }); am.route.addRoute({ receiver: 'r', matchers: [Matcher.eq('a', 'b')] }); },
    raw: { routes: [{ receiver: 'r' }, { receiver: 'r', matchers: ['a="b"'] }] },
  },
  { label: 'route with contradictory matchers', build: (am) => am.route.addRoute({ receiver: 'r', matchers: [Matcher.eq('a', 'b'), Matcher.eq('a', 'c')] }), raw: { routes: [{ receiver: 'r', matchers: ['a="b"', 'a="c"'] }] } },
  {
    label: 'pagerduty with routing key, severity, details',
    build: (am) => am.addReceiver('p', { integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('pd', 'key'), severity: 'critical', details: { runbook: '{{ .CommonAnnotations.runbook_url }}' } })] }),
    raw: {},
  },
  { label: 'webhook urlSecret on 0.25', build: (am) => am.addReceiver('w', { integrations: [Integration.webhook({ urlSecret: SecretRef.fromSecret('hook', 'url') })] }), raw: { receivers: [{ name: 'w', webhook_configs: [{ url_file: '/etc/alertmanager/secrets/hook/url' }] }] } },
  { label: 'webhook with bearer token and max alerts', build: (am) => am.addReceiver('w', { integrations: [Integration.webhook({ url: 'http://relay:8080/', bearerToken: SecretRef.fromSecret('hook', 'token'), maxAlerts: 10 })] }), raw: {} },
  { label: 'webhook maxAlerts -1', build: (am) => am.addReceiver('w', { integrations: [Integration.webhook({ url: 'http://relay:8080/', maxAlerts: -1 })] }), raw: { receivers: [{ name: 'w', webhook_configs: [{ url: 'http://relay:8080/', max_alerts: -1 }] }] } },
  { label: 'slack timeout on 0.25', build: (am) => am.addReceiver('s', { integrations: [Integration.slack({ apiUrl: slackUrl, timeout: Duration.seconds(10) })] }), raw: { receivers: [{ name: 's', slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/slack/url', timeout: '10s' }] }] } },
  { label: 'opsgenie priority P6', build: (am) => am.addReceiver('o', { integrations: [Integration.opsgenie({ apiKey: SecretRef.fromSecret('og', 'key'), priority: 'P6' })] }), raw: { receivers: [{ name: 'o', opsgenie_configs: [{ api_key_file: '/etc/alertmanager/secrets/og/key', priority: 'P6' }] }] } },
  { label: 'inhibit rule without target', build: (am) => am.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [] }), raw: { inhibit_rules: [{ source_matchers: ['severity="critical"'] }] } },
];

const CASES = [...generated(), ...HAND_WRITTEN];

function rawConfig(raw: Raw): string {
  return yaml.dump({
    route: { receiver: 'r', ...raw.root, routes: raw.routes },
    receivers: [{ name: 'r' }, ...(raw.receivers ?? [])],
    inhibit_rules: raw.inhibit_rules,
    time_intervals: raw.time_intervals,
  }, { skipInvalid: true });
}

type Verdict = { ok: true; config: string } | { ok: false; message: string };

function library(c: Case): Verdict {
  try {
    // the oldest target: what the library renders must load in both amtools
    const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'r', alertmanagerVersion: AlertmanagerVersion.V0_25 });
    am.addReceiver('r');
    c.build(am);
    const errors = am._errors();
    if (errors.length > 0) return { ok: false, message: errors[0].message };
    return { ok: true, config: am.configYaml };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const verdicts = CASES.map((c) => ({ c, verdict: library(c) }));
const accepted = verdicts.filter((v) => v.verdict.ok) as Array<{ c: Case; verdict: { ok: true; config: string } }>;
const rejected = verdicts.filter((v) => !v.verdict.ok) as Array<{ c: Case; verdict: { ok: false; message: string } }>;

describe('Alertmanager configuration corpus against amtool check-config', () => {
  test('the corpus is large and has both verdicts', () => {
    expect(CASES.length).toBeGreaterThan(200);
    expect(accepted.length).toBeGreaterThan(60);
    expect(rejected.length).toBeGreaterThan(60);
    expect(new Set(CASES.map((c) => c.label)).size).toBe(CASES.length);
  });

  test.each(TOOL_VERSIONS.map((t) => [`the amtool released with ${t.name}`, t] as const))('every configuration the library renders loads in %s', (_name, tool) => {
    const results = amtoolCheckConfigs(accepted.map((a) => a.verdict.config), tool);
    const failures = accepted.flatMap((a, i) => (results[i].ok ? [] : [`${a.c.label}: ${results[i].output.trim()}`]));
    expect(failures).toEqual([]);
  });

  test('every configuration the library rejects fails an amtool, or a documented stricter rule', () => {
    const configs = rejected.map((r) => rawConfig(r.c.raw));
    const byVersion = TOOL_VERSIONS.map((tool) => amtoolCheckConfigs(configs, tool));
    const used = new Set<number>();
    const disagreements: string[] = [];
    rejected.forEach((r, i) => {
      const acceptedBy = TOOL_VERSIONS.filter((_, t) => byVersion[t][i].ok);
      if (acceptedBy.length === 0) return;
      const rule = STRICTER.findIndex((s) => s.message.test(r.verdict.message) && (s.accepted === 'both' || acceptedBy.length < TOOL_VERSIONS.length));
      if (rule < 0) {
        disagreements.push(`${r.c.label}: the library says ${JSON.stringify(r.verdict.message)}, but the amtool released with ${acceptedBy.map((t) => t.name).join(' and ')} accepts it`);
      } else {
        used.add(rule);
      }
    });
    expect(disagreements).toEqual([]);
    expect(STRICTER.filter((_, i) => !used.has(i)).map((s) => s.reason)).toEqual([]);
  });
});
