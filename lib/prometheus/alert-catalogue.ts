import { IConstruct } from 'constructs';
import { PrometheusDuration } from '../core';
import { optionalString, requireConstruct } from '../core/untyped';
import { AlertingRule } from './alerting-rule';
import { RuleGroup } from './rule-group';

/** One alert of a catalogue. */
export interface AlertCatalogueEntry {
  /** The alert name. */
  readonly alert: string;
  /** The rule group's name. */
  readonly group: string;
  /** The severity label. */
  readonly severity: string;
  /** `for`, formatted (`5m`), or undefined when the alert fires at once. */
  readonly for?: string;
  /** The summary annotation. */
  readonly summary: string;
  /** The runbook URL, if any. */
  readonly runbookUrl?: string;
  /** The construct path of the rule. */
  readonly path: string;
  /**
   * The fields an `AlertOverride` changed (`['threshold', 'for']`), when the alert was overridden.
   * @default - not overridden
   */
  readonly overridden?: string[];
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The list of every alert of an app, built from the construct tree, for READMEs and on-call handbooks.
 *
 * @example
 * fs.writeFileSync('ALERTS.md', AlertCatalogue.markdown(chart));
 */
export class AlertCatalogue {
  /** Every alerting rule at or under `scope`, in definition order. */
  public static entries(scope: IConstruct): AlertCatalogueEntry[] {
    requireConstruct(scope, 'scope', 'the app or a chart');
    return scope.node.findAll()
      .filter((c): c is AlertingRule => c instanceof AlertingRule)
      .map((a) => {
        const parent = a.node.scope;
        return {
          alert: a.alertName,
          group: parent instanceof RuleGroup ? parent.groupName : '',
          severity: a.severity.name,
          for: a.for === undefined ? undefined : PrometheusDuration.format(a.for),
          summary: a.summary,
          runbookUrl: a.runbookUrl,
          path: a.node.path,
          ...(a._overriddenFields.length > 0 ? { overridden: a._overriddenFields } : {}),
        };
      });
  }

  /**
   * A Markdown table of every alert at or under `scope`: name, severity, `for`, summary and runbook
   * link, in definition order; with an Overridden column when an alert was changed by an `AlertOverride`.
   * @param title a heading printed above the table; default none
   */
  public static markdown(scope: IConstruct, title?: string): string {
    optionalString(title, 'title', "'Alerts'");
    const rows = AlertCatalogue.entries(scope);
    const lines: string[] = [];
    if (title !== undefined) lines.push(`## ${title}`, '');
    if (rows.length === 0) {
      lines.push('_No alerts._');
      return lines.join('\n') + '\n';
    }
    // the column only when used: catalogues without overrides stay as they were
    const overrides = rows.some((r) => r.overridden !== undefined);
    lines.push(`| Alert | Severity | For | Group | Summary | Runbook |${overrides ? ' Overridden |' : ''}`, `| --- | --- | --- | --- | --- | --- |${overrides ? ' --- |' : ''}`);
    for (const r of rows) {
      const runbook = r.runbookUrl === undefined ? '—' : `[runbook](${r.runbookUrl.replace(/\)/g, '%29').replace(/ /g, '%20')})`;
      const overridden = overrides ? ` ${r.overridden?.join(', ') ?? '—'} |` : '';
      lines.push(`| \`${r.alert}\` | ${r.severity} | ${r.for ?? '—'} | ${cell(r.group)} | ${cell(r.summary)} | ${runbook} |${overridden}`);
    }
    return lines.join('\n') + '\n';
  }

  private constructor() {}
}
