import { quote, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';
import { optionalBoolean, optionalString, requireObject, requireString, requireStringList } from '../core/untyped';

/** What a link to another dashboard needs: its uid and title. Implemented by `Dashboard`. */
export interface IDashboardLinkTarget {
  /** The dashboard uid. */
  readonly uid: string;
  /** The dashboard title. */
  readonly title: string;
}

/** Options of a link. */
export interface LinkOptions {
  /**
   * Tooltip of a dashboard link. Maps to `tooltip`.
   * @default - none
   */
  readonly tooltip?: string;
  /**
   * Open in a new tab. Maps to `targetBlank`.
   * @default - true for external URLs and runbooks, false for dashboards
   */
  readonly newTab?: boolean;
  /**
   * Carry the current time range (dashboard links only). Maps to `keepTime`.
   * @default - true for links to dashboards, false otherwise
   */
  readonly keepTime?: boolean;
  /**
   * Carry the current variable values (dashboard links only). Maps to `includeVars`.
   * @default - true for links to dashboards, false otherwise
   */
  readonly includeVariables?: boolean;
}

/**
 * A link shown on a dashboard (`links[]`, top right) or on a panel (`links[]`, panel header): a runbook,
 * another dashboard, any URL, or (dashboards only) a drop-down of dashboards with given tags.
 *
 * @example
 * Link.runbook('https://wiki.internal/runbooks/api-down');
 * Link.toDashboard(otherDashboard);
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/manage-dashboard-links/
 */
export class Link {
  /** A link to any URL (absolute, or relative to Grafana such as `/alerting/list`). */
  public static url(title: string, url: string, options: LinkOptions = {}): Link {
    return deferProblem(() => {
      checkLink(title, options);
      checkUrl(url);
    }, () => new Link(title, () => url, 'external link', safe(options), safe(options).newTab ?? true, false));
  }

  /** A link to a runbook, titled `Runbook` unless given another title. */
  public static runbook(url: string, title = 'Runbook', options: LinkOptions = {}): Link {
    return deferProblem(() => {
      checkLink(title, options);
      checkUrl(url);
    }, () => new Link(title, () => url, 'doc', safe(options), safe(options).newTab ?? true, false));
  }

  /** A link to another dashboard (`/d/<uid>`), keeping the time range and variables by default. */
  public static toDashboard(dashboard: IDashboardLinkTarget, options: LinkOptions = {}): Link {
    const target = safe(dashboard) as Partial<IDashboardLinkTarget>;
    return deferProblem(() => {
      requireObject(dashboard, 'link dashboard', "a Dashboard, or { uid: 'abc', title: 'ABC' }");
      requireString(dashboard.uid, 'link dashboard uid', "'abc'");
      checkLink(dashboard.title, options);
    }, () => new Link(target.title as string, () => `/d/${target.uid}`, 'dashboard', { keepTime: true, includeVariables: true, ...safe(options) }, safe(options).newTab ?? false, false));
  }

  /** A drop-down of the dashboards carrying all `tags` (dashboard links only). */
  public static dashboardsTagged(title: string, tags: string[], options: LinkOptions = {}): Link {
    return deferProblem(() => {
      checkLink(title, options);
      requireStringList(tags, `link ${quote(title)} tags`, "['erp']");
      if (tags.length === 0) throw new ValidationError(`link ${quote(title)}: tags must not be empty`);
    }, () => new Link(title, () => '', 'dashboard', { keepTime: true, includeVariables: true, ...safe(options) }, safe(options).newTab ?? false, true, Array.isArray(tags) ? tags : []));
  }

  /** The link text. */
  public readonly title: string;
  /** Whether the link is a tag-based drop-down, which only dashboards (not panels) can show. */
  public readonly isTagged: boolean;
  private readonly url: () => string;
  private readonly icon: string;
  private readonly options: LinkOptions;
  private readonly newTab: boolean;
  private readonly tags: string[];

  private constructor(title: string, url: () => string, icon: string, options: LinkOptions, newTab: boolean, isTagged: boolean, tags: string[] = []) {
    this.title = title;
    this.url = url;
    this.icon = icon;
    this.options = options;
    this.newTab = newTab;
    this.isTagged = isTagged;
    this.tags = tags;
  }

  /** @internal as a dashboard link */
  public _renderDashboardLink(): { [key: string]: unknown } {
    raiseProblem(this);
    return {
      title: this.title,
      type: this.isTagged ? 'dashboards' : 'link',
      url: this.isTagged ? undefined : this.url(),
      tags: this.tags,
      asDropdown: this.isTagged,
      icon: this.icon,
      tooltip: this.options.tooltip ?? '',
      targetBlank: this.newTab,
      keepTime: this.options.keepTime ?? false,
      includeVars: this.options.includeVariables ?? false,
    };
  }

  /** @internal as a panel link (data link without field references) */
  public _renderPanelLink(): { [key: string]: unknown } {
    raiseProblem(this);
    let url = this.url();
    const params = [this.options.keepTime ? '${__url_time_range}' : undefined, this.options.includeVariables ? '${__all_variables}' : undefined].filter((p) => p !== undefined);
    if (params.length > 0) url += (url.includes('?') ? '&' : '?') + params.join('&');
    return { title: this.title, url, targetBlank: this.newTab };
  }
}

/** The options object, or `{}` for a value that is not one (the factory keeps that problem). */
function safe<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? value : {}) as T;
}

/** The title and options every link has. */
function checkLink(title: string, options: LinkOptions): void {
  requireString(title, 'link title', "'Runbook'");
  if (title.trim() === '') throw new ValidationError(`link title: must not be empty; received ${quote(title)}`);
  requireObject(options, `link ${quote(title)} options`, '{ newTab: true }');
  optionalString(options.tooltip, `link ${quote(title)} tooltip`, "'Open the runbook'");
  for (const f of ['newTab', 'keepTime', 'includeVariables'] as const) optionalBoolean(options[f], `link ${quote(title)} ${f}`);
}

function checkUrl(url: string): void {
  if (typeof url !== 'string' || url === '' || /\s/.test(url)) {
    throw new ValidationError(`link url: must be a non-empty URL without white space; received ${quote(url)}`);
  }
}
