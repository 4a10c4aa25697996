import { quote, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';
import { requireString } from '../core/untyped';

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
   * Runbooks under `baseUrl`, an absolute http(s) URL. A base that is not one is kept with the value and
   * reported where a link is made (`urlFor`), as no construct receives the links themselves.
   */
  public static under(baseUrl: string): RunbookLinks {
    return deferProblem(() => {
      let url: URL | undefined;
      try {
        url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ValidationError(`runbook base: must be an absolute http(s) URL; received ${quote(baseUrl)}`);
      }
    }, () => new RunbookLinks(String(baseUrl).replace(/\/+$/, '')));
  }

  /** The base URL, without trailing slash. */
  public readonly baseUrl: string;

  private constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** The runbook page of an alert: `<base>/<alert-name-in-kebab-case>`. */
  public urlFor(alertName: string): string {
    raiseProblem(this);
    requireString(alertName, 'alert name', "'CheckoutHighErrorRate'");
    const slug = alertName
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .replace(/[_:\s]+/g, '-')
      .toLowerCase();
    return `${this.baseUrl}/${slug}`;
  }
}
