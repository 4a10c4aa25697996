import { quote, ValidationError } from '../core';

/**
 * The runbook pages of an application's alerts, one per alert under a common base URL:
 * `<base>/<alert-name-in-kebab-case>` (`HighErrorRate` -> `<base>/high-error-rate`).
 *
 * @example
 * const runbooks = RunbookLinks.under('https://wiki.internal/runbooks/erp');
 * group.addAlert('DatabaseDown', { ..., runbookUrl: runbooks.urlFor('DatabaseDown') });
 */
export class RunbookLinks {
  /**
   * Runbooks under `baseUrl`, an absolute http(s) URL.
   * @throws ValidationError when the base is not an http(s) URL
   */
  public static under(baseUrl: string): RunbookLinks {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ValidationError(`runbook base: must be an absolute http(s) URL; received ${quote(baseUrl)}`);
    }
    return new RunbookLinks(baseUrl.replace(/\/+$/, ''));
  }

  /** The base URL, without trailing slash. */
  public readonly baseUrl: string;

  private constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** The runbook page of an alert: `<base>/<alert-name-in-kebab-case>`. */
  public urlFor(alertName: string): string {
    const slug = alertName
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .replace(/[_:\s]+/g, '-')
      .toLowerCase();
    return `${this.baseUrl}/${slug}`;
  }
}
