import { Duration } from 'cdk8s';
import { QueryLint, SKIP_ANNOTATION, StandardCatalogues } from '../../lib/catalogue';
import { HistogramBuckets, Slo, Sli } from '../../lib/slo';
import { byKind, synth } from '../util/synth';
import { chart, shop } from './fixtures';

describe('the query lint on SLOs', () => {
  test('the rules and alerts an SLO generates pass every check (no false positive on generated PromQL); their burn-rate alerts carry the reason for having no for', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [shop(), StandardCatalogues.prometheus(), StandardCatalogues.blackbox()] });
    new Slo(c, 'Availability', {
      sli: Sli.ratio({ errors: 'http_requests_total{status=~"5.."}', total: 'http_requests_total' }),
      objective: 99.9,
      period: Duration.days(30),
      groupBy: ['path'],
      runbookUrl: 'https://runbooks.example.com/shop/availability',
    });
    new Slo(c, 'Latency', {
      sli: Sli.latency({ histogram: 'http_request_duration_seconds{method="GET"}', threshold: Duration.millis(250), buckets: HistogramBuckets.PYTHON_CLIENT_DEFAULT }),
      objective: 99,
      period: Duration.days(7),
      runbookUrl: 'https://runbooks.example.com/shop/latency',
    });
    new Slo(c, 'Probe', { sli: Sli.probe('probe_success{job="shop"}'), objective: 99.5, runbookUrl: 'https://runbooks.example.com/shop/probe' });
    // nothing fails; the only accepted findings are the burn-rate alerts without `for`, with lib/slo's reason
    expect(lint.findings().filter((f) => f.suppressedBecause === undefined)).toEqual([]);
    expect(lint.findings().map((f) => `${f.path.split('/').pop()} ${f.check}`)).toEqual([
      'AvailabilityErrorBudgetBurn alert-for', 'AvailabilityErrorBudgetBurn-2 alert-for', 'LatencyErrorBudgetBurn alert-for',
      'LatencyErrorBudgetBurn-2 alert-for', 'ProbeErrorBudgetBurn alert-for', 'ProbeErrorBudgetBurn-2 alert-for',
    ]);
    // the reason is kept on the PrometheusRule of each SLO, one line per alert
    const rules = byKind(synth(c), 'PrometheusRule').filter((r) => r.metadata.annotations?.[SKIP_ANNOTATION]);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      const lines = rule.metadata.annotations![SKIP_ANNOTATION].split('\n');
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(/^alert-for \(slo-alerts-x-[A-Za-z]+\/[A-Za-z]+ErrorBudgetBurn(-2)?\): multi-window burn-rate alert: /);
    }
  });

  test('a typo in an SLI selector is found, with the SLO path and the SLI field', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [shop(), StandardCatalogues.prometheus()] });
    new Slo(c, 'Availability', {
      sli: Sli.ratio({ errors: 'http_requests_total{stauts=~"5.."}', total: 'http_request_total' }),
      objective: 99.9,
      runbookUrl: 'https://runbooks.example.com/shop/availability',
    });
    const mine = lint.findings().filter((f) => f.path === 'x/Availability').map((f) => `${f.field}: ${f.detail}`);
    expect(mine).toEqual([
      'sli.errors: unknown label "stauts" on "http_requests_total"; did you mean "status"?',
      'sli.total: unknown metric "http_request_total": no attached catalogue, exporter or recording rule declares it; did you mean "http_requests_total"?',
    ]);
  });
});
