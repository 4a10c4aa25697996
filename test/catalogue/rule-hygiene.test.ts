import { Duration } from 'cdk8s';
import { Severity } from '../../lib/core';
import { Check, QueryLint, SKIP_ANNOTATION, StandardCatalogues } from '../../lib/catalogue';
import { PrometheusRule } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';
import { chart, shop } from './fixtures';

const good = {
  expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
  for: Duration.minutes(5),
  severity: Severity.CRITICAL,
  summary: 'More than 5% of requests fail',
  runbookUrl: 'https://runbooks.example.com/shop/high-error-rate',
};

function setup() {
  const c = chart();
  const lint = new QueryLint(c, 'QueryLint', { catalogues: [shop(), StandardCatalogues.prometheus()] });
  const rules = new PrometheusRule(c, 'Rules', { name: 'shop' });
  return { c, lint, rules, group: rules.addGroup('shop.api') };
}

const open = (lint: QueryLint) => lint.findings().filter((f) => f.suppressedBecause === undefined).map((f) => f.message);

describe('alert hygiene', () => {
  test('a complete alert passes every check, and its rules pass promtool', () => {
    const { c, lint, rules, group } = setup();
    group.addAlert('HighErrorRate', good);
    expect(lint.findings()).toEqual([]);
    expect(() => synth(c)).not.toThrow();
    expect(promtoolCheckRules({ 'rules.yaml': rules.toRuleFile() })).toMatchObject({ ok: true });
  });

  test('a severity outside the allowed set', () => {
    const { lint, group } = setup();
    group.addAlert('HighErrorRate', { ...good, severity: Severity.of('page') });
    expect(open(lint)).toEqual([
      '[x/Rules/shop.api/HighErrorRate] alert: alert "HighErrorRate": severity must be one of ["critical","warning","info"]; received "page" (alert-severity; fix it, or QueryLint.suppress(construct, Check.ALERT_SEVERITY, reason))',
    ]);
  });

  test('the allowed severities are configurable', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [shop()], severities: [Severity.of('page'), Severity.of('ticket')] });
    new PrometheusRule(c, 'Rules').addGroup('g').addAlert('HighErrorRate', good);
    expect(open(lint)).toEqual([expect.stringContaining('severity must be one of ["page","ticket"]; received "critical"')]);
  });

  test('an alert without a runbook link', () => {
    const { lint, group } = setup();
    group.addAlert('HighErrorRate', { ...good, runbookUrl: undefined });
    expect(open(lint)).toEqual([expect.stringMatching(/^\[x\/Rules\/shop\.api\/HighErrorRate\] alert: alert "HighErrorRate": has no runbook link \(runbookUrl\).*\(alert-runbook;/)]);
  });

  test('an alert without a summary (given through raw annotations)', () => {
    const { lint, group } = setup();
    const alert = group.addAlert('HighErrorRate', good);
    delete (alert.annotations as { [k: string]: string }).summary; // what a hand-written annotations map could leave out
    expect(open(lint)).toEqual([expect.stringMatching(/alert "HighErrorRate": has no summary annotation.*\(alert-summary;/)]);
  });

  test("an alert without 'for', and the explicit reason that allows it, kept on the PrometheusRule", () => {
    const { c, lint, group } = setup();
    const alert = group.addAlert('ApiDown', { ...good, expr: 'up{job="shop"} == 0', for: undefined });
    expect(open(lint)).toEqual([expect.stringMatching(/^\[x\/Rules\/shop\.api\/ApiDown\] alert: alert "ApiDown": has no 'for': .*\(alert-for;/)]);
    QueryLint.suppress(alert, Check.ALERT_FOR, 'the probe already retries three times before reporting down');
    expect(open(lint)).toEqual([]);
    const rule = one(synth(c), 'PrometheusRule', 'shop');
    expect(rule.metadata.annotations).toEqual({ [SKIP_ANNOTATION]: 'alert-for (shop.api/ApiDown): the probe already retries three times before reporting down' });
  });

  test('an alert on a raw counter value', () => {
    const { lint, group } = setup();
    group.addAlert('TooManyFailures', { ...good, expr: 'payments_total{result="failure"} > 100' });
    expect(open(lint)).toEqual([
      expect.stringMatching(/^\[x\/Rules\/shop\.api\/TooManyFailures\] expr: counter "payments_total" \(shop-api\) is used without rate\(\).* at 1:1 in "payments_total\{result=\\"failure\\"\} > 100" \(counter-without-rate;/),
    ]);
  });

  test('the same alert with the same labels in two groups', () => {
    const { rules, lint, group } = setup();
    group.addAlert('HighErrorRate', good);
    rules.addGroup('shop.copy').addAlert('HighErrorRate', { ...good, expr: 'sum(rate(http_requests_total{status=~"5.."}[10m])) / sum(rate(http_requests_total[10m])) > 0.05' });
    rules.addGroup('shop.other-team').addAlert('HighErrorRate', { ...good, labels: { team: 'payments' } });
    expect(open(lint)).toEqual([
      '[x/Rules/shop.copy/HighErrorRate] alert: alert "HighErrorRate": same name and labels as x/Rules/shop.api/HighErrorRate in another group: Alertmanager cannot tell their notifications apart; rename one or give it a distinguishing label (duplicate-alert; fix it, or QueryLint.suppress(construct, Check.DUPLICATE_ALERT, reason))',
    ]);
  });

  test('recording rules of the app are known metrics to its alerts', () => {
    const { lint, group } = setup();
    group.addRecord('path:http_requests:rate5m', { expr: 'sum by (path) (rate(http_requests_total[5m]))' });
    group.addAlert('Busy', { ...good, expr: 'path:http_requests:rate5m{path="/checkout"} > 100' });
    group.addAlert('Typo', { ...good, expr: 'path:http_request:rate5m > 100' });
    expect(open(lint)).toEqual([expect.stringMatching(/^\[x\/Rules\/shop\.api\/Typo\] expr: unknown metric "path:http_request:rate5m".*did you mean "path:http_requests:rate5m"\?/)]);
  });

  test('recording rules of the same name: their labels together, and the values every rule sets are known', () => {
    const { lint, group } = setup();
    group.addRecord('slo:sli_error:ratio_rate5m', { expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', labels: { slo: 'availability' } });
    group.addRecord('slo:sli_error:ratio_rate5m', { expr: 'sum by (path) (rate(http_request_duration_seconds_count[5m]))', labels: { slo: 'latency' } });
    group.addAlert('Burn', { ...good, expr: 'slo:sli_error:ratio_rate5m{slo="latency", path="/"} > 0.01' });
    group.addAlert('Typo', { ...good, expr: 'slo:sli_error:ratio_rate5m{slo="availabilty"} > 0.01' });
    expect(open(lint)).toEqual([expect.stringMatching(/^\[x\/Rules\/shop\.api\/Typo\] expr: slo="availabilty" matches none of the known values of "slo:sli_error:ratio_rate5m"'s "slo" \["availability","latency"\]/)]);
  });
});
