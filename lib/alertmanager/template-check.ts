// The checks of Alertmanager notification templates (receiver fields Alertmanager expands with Go's
// text/template when it sends a notification): syntax, functions, variables, fields of the notification
// data on the top-level dot, and the templates `{{ template "name" . }}` calls. Alertmanager parses and
// runs these texts only at send time (`amtool check-config` does not), so an error there loses the
// notification. Checked against amtool 0.25 and 0.33 by test/alertmanager/template-differential.test.ts.
// Not public API (not exported from lib/alertmanager/index.ts).

import { GO_TEMPLATE_BUILTINS, goTemplateError, GoTemplateType } from '../core/go-template';
import { MessageTemplates } from './templates';

/** The Alertmanager releases whose notification templates are checked: the portable set is what both define. */
const OLDEST = '0.25';
const NEWEST = '0.33';

/**
 * The functions of Alertmanager's notification templates that amtool 0.25 and 0.33 both define
 * (`amtool template render --template.text '{{ if false }}{{ FUNC }}{{ end }}'` succeeds on both).
 * @internal
 */
export const ALERTMANAGER_TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...GO_TEMPLATE_BUILTINS,
  'toUpper', 'toLower', 'title', 'join', 'match', 'safeHtml', 'reReplaceAll', 'stringSlice',
]);

/**
 * Functions amtool 0.33 defines and amtool 0.25 does not: refused, with a message naming the release
 * that lacks them. @internal
 */
export const ALERTMANAGER_0_33_ONLY_FUNCTIONS: ReadonlySet<string> = new Set([
  'trimSpace', 'safeUrl', 'urlUnescape', 'date', 'tz', 'now', 'since', 'humanizeDuration', 'toJson', 'list', 'append', 'dict',
]);

/**
 * The templates Alertmanager 0.25 and 0.33 both define in their default template files (`default.tmpl`
 * and `email.tmpl`, compiled into the upstream binaries). @internal
 */
export const ALERTMANAGER_DEFAULT_TEMPLATES: ReadonlySet<string> = new Set([
  '__alertmanager', '__alertmanagerURL', '__description', '__subject', '__text_alert_list',
  'discord.default.message', 'discord.default.title', 'email.default.html', 'email.default.subject',
  'opsgenie.default.description', 'opsgenie.default.message', 'opsgenie.default.source',
  'pagerduty.default.client', 'pagerduty.default.clientURL', 'pagerduty.default.description', 'pagerduty.default.instances',
  'pushover.default.message', 'pushover.default.title', 'pushover.default.url',
  'slack.default.callbackid', 'slack.default.fallback', 'slack.default.footer', 'slack.default.iconemoji', 'slack.default.iconurl',
  'slack.default.pretext', 'slack.default.text', 'slack.default.title', 'slack.default.titlelink', 'slack.default.username',
  'sns.default.message', 'sns.default.subject', 'telegram.default.message',
  'victorops.default.entity_display_name', 'victorops.default.monitoring_tool', 'victorops.default.state_message',
  'webex.default.message', 'wechat.default.agent_id', 'wechat.default.message', 'wechat.default.to_party', 'wechat.default.to_tag', 'wechat.default.to_user',
]);

/** Default templates only Alertmanager 0.33 defines. @internal */
export const ALERTMANAGER_0_33_ONLY_TEMPLATES: ReadonlySet<string> = new Set([
  '__text_alert_list_markdown', 'discord.default.content', 'jira.default.description', 'jira.default.priority', 'jira.default.summary',
  'mattermost.default.color', 'mattermost.default.fallback', 'mattermost.default.text', 'mattermost.default.title', 'mattermost.default.titlelink',
  'mattermost.default.username', 'msteams.default.summary', 'msteams.default.text', 'msteams.default.title', 'msteamsv2.default.text',
  'msteamsv2.default.title', 'rocketchat.default.alias', 'rocketchat.default.emoji', 'rocketchat.default.iconurl', 'rocketchat.default.text',
  'rocketchat.default.title', 'rocketchat.default.titlelink', 'slack.default.color',
]);

/** The templates the library's template file (`MessageTemplates.FILE_CONTENT`) defines. @internal */
export const LIBRARY_TEMPLATES: ReadonlySet<string> = new Set([...MessageTemplates.FILE_CONTENT.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map((m) => m[1]));

// The types of the notification data. Only chains on the top-level dot (and `$`) are checked, so an alert
// (`.Status .Labels .Annotations .StartsAt .EndsAt .GeneratorURL .Fingerprint`) and a pair (`.Name .Value`),
// which are reached only by `range` or `index`, are not modelled: nothing is checked where dot is one.
const STRING: GoTemplateType = { name: 'string', members: {} };
const STRINGS: GoTemplateType = { name: '[]string', members: {} };
// Pairs.String exists in 0.33 only, so it is left out (refused)
const PAIRS: GoTemplateType = { name: 'template.Pairs', members: { Names: STRINGS, Values: STRINGS } };
// a map with methods: a method name calls the method, any other name is a key (missing keys give "")
const KV: GoTemplateType = { name: 'template.KV', members: { SortedPairs: PAIRS, Names: STRINGS, Values: STRINGS, Remove: 'args' }, mapValue: STRING };
const ALERT_LIST: GoTemplateType = { name: '[]template.Alert', members: {} };
const ALERTS: GoTemplateType = { name: 'template.Alerts', members: { Firing: ALERT_LIST, Resolved: ALERT_LIST } };

/**
 * The notification data (Alertmanager's `template.Data`) as both 0.25 and 0.33 define it
 * (0.33 adds `NotificationReason`).
 * @internal
 */
export const ALERTMANAGER_TEMPLATE_DATA: GoTemplateType = {
  name: 'template.Data',
  members: { Receiver: STRING, Status: STRING, Alerts: ALERTS, GroupLabels: KV, CommonLabels: KV, CommonAnnotations: KV, ExternalURL: STRING },
};

const TEMPLATES = new Set([...ALERTMANAGER_DEFAULT_TEMPLATES, ...LIBRARY_TEMPLATES]);

/**
 * Why Alertmanager (0.25 or 0.33) would fail to render `text` as a notification template, and how to
 * fix it; undefined when it renders. Stricter than Go in two ways, both deliberate: what only 0.33
 * defines (functions, default templates, the `NotificationReason` field) is refused, and an unknown
 * field or template is refused even in a branch the example data does not take.
 * @internal
 */
export function alertmanagerTemplateError(text: string): string | undefined {
  if (!text.includes('{{')) return undefined;
  const error = goTemplateError(text, ALERTMANAGER_TEMPLATE_FUNCTIONS, [], { data: ALERTMANAGER_TEMPLATE_DATA, templates: TEMPLATES });
  if (error === undefined) return undefined;
  const fn = /^function "([^"]+)" not defined$/.exec(error);
  if (fn) {
    if (ALERTMANAGER_0_33_ONLY_FUNCTIONS.has(fn[1])) {
      return `${error} in Alertmanager ${OLDEST} (only Alertmanager ${NEWEST} defines it; the library accepts only the functions both ${OLDEST} and ${NEWEST} define: ${[...ALERTMANAGER_TEMPLATE_FUNCTIONS].join(', ')})`;
    }
    return `${error}; use one of the functions both Alertmanager ${OLDEST} and ${NEWEST} define: ${[...ALERTMANAGER_TEMPLATE_FUNCTIONS].join(', ')}`;
  }
  const field = /^can't evaluate field (\S+) in type (\S+)$/.exec(error);
  if (field) {
    const type = field[2] === ALERTMANAGER_TEMPLATE_DATA.name ? ALERTMANAGER_TEMPLATE_DATA : undefined;
    const only = field[1] === 'NotificationReason' && type ? ` (only Alertmanager ${NEWEST} defines it; the library accepts only the fields both ${OLDEST} and ${NEWEST} define)` : '';
    const fields = type ? `; the notification data has ${Object.keys(type.members!).map((f) => `.${f}`).join(', ')}` : '';
    return `${error}${only}${fields}`;
  }
  const tmpl = /^template "([^"]+)" not defined$/.exec(error);
  if (tmpl) {
    const only = ALERTMANAGER_0_33_ONLY_TEMPLATES.has(tmpl[1]) ? ` in Alertmanager ${OLDEST} (only Alertmanager ${NEWEST} defines it)` : '';
    return `${error}${only}; define it in the same text, or call one of the library's templates (${[...LIBRARY_TEMPLATES].join(', ')}) or a default template both Alertmanager ${OLDEST} and ${NEWEST} define (e.g. slack.default.title, email.default.html)`;
  }
  if (error.startsWith('wrong number of args')) return `${error}; give the method its argument in parentheses, e.g. (.CommonLabels.Remove (stringSlice "alertname")).Names`;
  return `${error}; fix the template syntax`;
}
