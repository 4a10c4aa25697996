import { App, Size, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringApp, MonitoringChart, PrometheusOperatorVersion, PrometheusVersion, TargetVersions } from '../../lib/core';
import { LabelSelector, PodMonitor, Probe, ScrapeJobOptions, ScrapeProtocol, ServiceMonitor } from '../../lib/prometheus';
import { operatorScrapeJob } from '../util/operator-config';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { promtoolCheckConfigs, TOOL_VERSIONS } from '../util/tools';

// The scrape job settings of ServiceMonitor, PodMonitor and Probe (and ScrapeConfig, test/prometheus/
// scrape-config.test.ts): how they render, what they refuse, and their version gates, which are checked
// against promtool of both Prometheus versions.

const chart = (targetVersions?: TargetVersions, app: App = Testing.app()) => new MonitoringChart(app, 'x', { partOf: 'x', namespace: 'x', targetVersions });
const selector = () => LabelSelector.matchLabels({ app: 'api' });
const sm = (options: object, targetVersions?: TargetVersions) => new ServiceMonitor(chart(targetVersions), 'sm', { selector: selector(), endpoints: [{ port: 'metrics' }], ...options });

/** Every setting, at values every supported Prometheus that knows the field accepts. */
const ALL: ScrapeJobOptions = {
  sampleLimit: 50000,
  targetLimit: 100,
  labelLimit: 64,
  labelNameLengthLimit: 128,
  labelValueLengthLimit: 2048,
  keepDroppedTargets: 10,
  scrapeProtocols: [ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.OPEN_METRICS_TEXT_1_0_0, ScrapeProtocol.PROMETHEUS_TEXT_1_0_0, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4],
  fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4,
  scrapeClass: 'istio-mtls',
  nativeHistogramBucketLimit: 160,
  nativeHistogramMinBucketFactor: 1.1,
  scrapeClassicHistograms: true,
  convertClassicHistogramsToNHCB: true,
};
const RENDERED = {
  sampleLimit: 50000,
  targetLimit: 100,
  labelLimit: 64,
  labelNameLengthLimit: 128,
  labelValueLengthLimit: 2048,
  keepDroppedTargets: 10,
  scrapeProtocols: ['PrometheusProto', 'OpenMetricsText1.0.0', 'PrometheusText1.0.0', 'PrometheusText0.0.4'],
  fallbackScrapeProtocol: 'PrometheusText0.0.4',
  scrapeClass: 'istio-mtls',
  nativeHistogramBucketLimit: 160,
  nativeHistogramMinBucketFactor: '1.1',
  scrapeClassicHistograms: true,
  convertClassicHistogramsToNHCB: true,
};

describe('scrape job settings', () => {
  test('render on ServiceMonitor, PodMonitor and Probe under the CRDs\' names; valid against the CRDs', () => {
    const c = chart();
    new ServiceMonitor(c, 'sm', { name: 'sm', selector: selector(), endpoints: [{ port: 'metrics' }], ...ALL, bodySizeLimit: Size.mebibytes(10) });
    new PodMonitor(c, 'pm', { name: 'pm', selector: selector(), endpoints: [{ port: 'metrics' }], ...ALL, bodySizeLimit: Size.kibibytes(1536) });
    new Probe(c, 'probe', { name: 'probe', prober: { url: 'blackbox:9115' }, targets: ['https://example.com'], ...ALL });
    const m = synth(c);
    const objects = [one(m, 'ServiceMonitor', 'sm'), one(m, 'PodMonitor', 'pm'), one(m, 'Probe', 'probe')];
    for (const o of objects) {
      expect(o.spec).toMatchObject(RENDERED);
      expect(crdSchemaErrors(o)).toEqual([]);
    }
    expect(objects[0].spec.bodySizeLimit).toBe('10MiB');
    expect(objects[1].spec.bodySizeLimit).toBe('1536KiB');
    expect(objects[2].spec.bodySizeLimit).toBeUndefined();
  });

  test('a whole-number bucket factor is written as an integer, and both forms are valid quantities', () => {
    const c = chart();
    new ServiceMonitor(c, 'a', { name: 'a', selector: selector(), endpoints: [{ port: 'metrics' }], nativeHistogramMinBucketFactor: 2 });
    new ServiceMonitor(c, 'b', { name: 'b', selector: selector(), endpoints: [{ port: 'metrics' }], nativeHistogramMinBucketFactor: 0.5 });
    const m = synth(c);
    expect(one(m, 'ServiceMonitor', 'a').spec.nativeHistogramMinBucketFactor).toBe(2);
    expect(one(m, 'ServiceMonitor', 'b').spec.nativeHistogramMinBucketFactor).toBe('0.5');
    expect([...crdSchemaErrors(one(m, 'ServiceMonitor', 'a')), ...crdSchemaErrors(one(m, 'ServiceMonitor', 'b'))]).toEqual([]);
  });

  test('the settings at their default target load in promtool 3.5, as the operator writes them into the scrape job', () => {
    const lts = TOOL_VERSIONS[1];
    const spec = one(synth(sm({ name: 'sm', ...ALL, bodySizeLimit: Size.mebibytes(10) }).node.scope as MonitoringChart), 'ServiceMonitor').spec;
    const config = yaml.dump({ scrape_configs: [{ job_name: 'sm', file_sd_configs: [{ files: ['targets.json'] }], ...operatorScrapeJob(spec, 3) }] });
    expect(config).toContain('fallback_scrape_protocol: PrometheusText0.0.4');
    expect(config).toContain('body_size_limit: 10MiB');
    expect(promtoolCheckConfigs([config], lts)[0].output).toMatch(/SUCCESS/);
  });
});

/**
 * One case per gated setting: the setting alone, and, where promtool has no release that knows the field,
 * the release the library names.
 */
const GATED: Array<{ readonly label: string; readonly options: ScrapeJobOptions }> = [
  { label: 'keepDroppedTargets', options: { keepDroppedTargets: 10 } },
  { label: 'scrapeProtocols', options: { scrapeProtocols: [ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4] } },
  { label: 'scrapeProtocols PrometheusText1.0.0', options: { scrapeProtocols: [ScrapeProtocol.PROMETHEUS_TEXT_1_0_0] } },
  { label: 'fallbackScrapeProtocol', options: { fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4 } },
  { label: 'nativeHistogramBucketLimit', options: { nativeHistogramBucketLimit: 160 } },
  { label: 'nativeHistogramMinBucketFactor', options: { nativeHistogramMinBucketFactor: 1.1 } },
  { label: 'scrapeClassicHistograms', options: { scrapeClassicHistograms: true } },
  { label: 'convertClassicHistogramsToNHCB', options: { convertClassicHistogramsToNHCB: true } },
  { label: 'scrapeNativeHistograms', options: { scrapeNativeHistograms: true } },
  { label: 'sampleLimit', options: { sampleLimit: 1000 } },
  { label: 'targetLimit', options: { targetLimit: 10 } },
  { label: 'labelLimit', options: { labelLimit: 30 } },
  { label: 'labelNameLengthLimit', options: { labelNameLengthLimit: 100 } },
  { label: 'labelValueLengthLimit', options: { labelValueLengthLimit: 1000 } },
];

describe('version gates of the scrape job settings, against promtool of both versions', () => {
  /** The library's verdict on a ServiceMonitor with `options` for a chart targeting `prometheus`, and its spec when accepted. */
  const library = (options: ScrapeJobOptions, prometheus: PrometheusVersion) => {
    try {
      const c = chart({ prometheus });
      new ServiceMonitor(c, 'sm', { name: 'sm', selector: selector(), endpoints: [{ port: 'metrics' }], ...options });
      return { ok: true, spec: one(synth(c), 'ServiceMonitor').spec, message: '' };
    } catch (e) {
      return { ok: false, spec: undefined, message: (e as Error).message };
    }
  };

  test.each(TOOL_VERSIONS.map((t, i) => [t.name, i] as const))('a setting the library accepts for a %s target loads there; one it refuses does not', (_name, index) => {
    const tool = TOOL_VERSIONS[index];
    const target = index === 0 ? PrometheusVersion.V2_42 : PrometheusVersion.V3_5;
    const major = index === 0 ? 2 : 3;
    // the settings as the operator would write them without its own version gates (the default target accepts all but one)
    const rendered = GATED.map((g) => library(g.options, PrometheusVersion.of('3.8')).spec!);
    const configs = rendered.map((spec, i) => yaml.dump({ scrape_configs: [{ job_name: `case${i}`, file_sd_configs: [{ files: ['targets.json'] }], ...operatorScrapeJob(spec, major) }] }));
    const promtool = promtoolCheckConfigs(configs, tool);
    const disagreements = GATED.flatMap((g, i) => {
      const verdict = library(g.options, target);
      return verdict.ok === promtool[i].ok ? [] : [`${g.label}: the library ${verdict.ok ? 'accepts' : `refuses (${verdict.message})`} for a ${target} target, ${tool.name} ${promtool[i].ok ? 'accepts' : `refuses: ${promtool[i].output.trim().split('\n').pop()}`}`];
    });
    expect(disagreements).toEqual([]);
    // both verdicts occur: the comparison tells the gates apart
    expect(new Set(promtool.map((r) => r.ok)).size).toBe(2);
  });

  test('each refusal names the field, the release that introduced it, the target and the fix', () => {
    expect(() => sm({ fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4 }, { prometheus: PrometheusVersion.V2_42 })).toThrow(
      '[x/sm] fallbackScrapeProtocol: needs Prometheus 3.0 or later; the chart targets Prometheus 2.42 (targetVersions.prometheus), for which the Prometheus Operator leaves it out of the configuration. '
      + 'Remove it, or declare targetVersions: { prometheus: PrometheusVersion.of(\'3.0\') } (or later) if every Prometheus that loads it runs 3.0 or later',
    );
    expect(() => sm({ keepDroppedTargets: 1 }, { prometheus: PrometheusVersion.of('2.46') })).toThrow('[x/sm] keepDroppedTargets: needs Prometheus 2.47 or later; the chart targets Prometheus 2.46');
    expect(() => sm({ nativeHistogramMinBucketFactor: 1.1 }, { prometheus: PrometheusVersion.of('2.49') })).toThrow('[x/sm] nativeHistogramMinBucketFactor: needs Prometheus 2.50 or later');
    expect(() => sm({ scrapeProtocols: [ScrapeProtocol.PROMETHEUS_PROTO] }, { prometheus: PrometheusVersion.of('2.48') })).toThrow('[x/sm] scrapeProtocols: needs Prometheus 2.49 or later');
    expect(() => sm({ scrapeProtocols: [ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.PROMETHEUS_TEXT_1_0_0] }, { prometheus: PrometheusVersion.of('2.55') }))
      .toThrow('[x/sm] scrapeProtocols[1]: needs Prometheus 3.0 or later; the chart targets Prometheus 2.55');
    // the default target is the LTS, 3.5: native histograms scraped by the config setting need 3.8
    expect(() => sm({ scrapeNativeHistograms: true })).toThrow('[x/sm] scrapeNativeHistograms: needs Prometheus 3.8 or later; the chart targets Prometheus 3.5 (targetVersions.prometheus)');
    expect(() => sm({ scrapeNativeHistograms: true }, { prometheus: PrometheusVersion.of('3.8') })).not.toThrow();
    expect(() => sm({ keepDroppedTargets: 1 }, { prometheus: PrometheusVersion.of('2.47') })).not.toThrow();
  });

  test('fields newer than the targeted Prometheus Operator are refused, with the release whose CRD has them', () => {
    const operator = (v: string) => ({ prometheusOperator: PrometheusOperatorVersion.of(v) });
    expect(() => sm({ scrapeClass: 'mtls' }, operator('0.71'))).toThrow(
      '[x/sm] scrapeClass: needs Prometheus Operator 0.72 or later; the chart targets Prometheus Operator 0.71 (targetVersions.prometheusOperator), whose CRDs do not have the field '
      + '(the API server drops or refuses it). Remove it, or declare targetVersions: { prometheusOperator: PrometheusOperatorVersion.of(\'0.72\') } (or later) if every cluster runs 0.72 or later',
    );
    expect(() => sm({ fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4 }, operator('0.79'))).toThrow('[x/sm] fallbackScrapeProtocol: needs Prometheus Operator 0.80 or later');
    expect(() => sm({ convertClassicHistogramsToNHCB: true }, operator('0.81'))).toThrow('[x/sm] convertClassicHistogramsToNHCB: needs Prometheus Operator 0.82 or later');
    expect(() => sm({ scrapeNativeHistograms: true }, { ...operator('0.87'), prometheus: PrometheusVersion.of('3.8') })).toThrow('[x/sm] scrapeNativeHistograms: needs Prometheus Operator 0.88 or later');
    expect(() => sm({ nativeHistogramBucketLimit: 10 }, operator('0.77'))).toThrow('[x/sm] nativeHistogramBucketLimit: needs Prometheus Operator 0.78 or later');
    expect(() => sm({ keepDroppedTargets: 10 }, operator('0.67'))).toThrow('[x/sm] keepDroppedTargets: needs Prometheus Operator 0.68 or later');
    expect(() => sm({ scrapeProtocols: [ScrapeProtocol.PROMETHEUS_TEXT_1_0_0] }, operator('0.78')))
      .toThrow('[x/sm] scrapeProtocols[0]: needs Prometheus Operator 0.79 or later; the chart targets Prometheus Operator 0.78 (targetVersions.prometheusOperator), whose CRDs do not have the value "PrometheusText1.0.0"');
    expect(() => sm({ bodySizeLimit: Size.mebibytes(1) }, operator('0.72'))).toThrow('[x/sm] bodySizeLimit: needs Prometheus Operator 0.73 or later');
    expect(() => new Probe(chart(operator('0.71')), 'p', { prober: { url: 'blackbox:9115' }, targets: ['https://example.com'], scrapeClass: 'mtls' }))
      .toThrow('[x/p] scrapeClass: needs Prometheus Operator 0.72 or later');
    expect(() => sm({ sampleLimit: 10, scrapeClass: 'mtls' }, operator('0.72'))).not.toThrow();
  });

  test('an app declaring Prometheus 2.x gets a synth error for a 3.x-only field; declaring 3.5 (app or chart) accepts it', () => {
    const monitor = (app: MonitoringApp, targetVersions?: TargetVersions) => new ServiceMonitor(chart(targetVersions, app), 'Api', {
      selector: selector(), endpoints: [{ port: 'metrics' }], fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4,
    });
    expect(() => monitor(new MonitoringApp({ targetVersions: { prometheus: PrometheusVersion.V2_42 } }))).toThrow('[x/Api] fallbackScrapeProtocol: needs Prometheus 3.0 or later; the chart targets Prometheus 2.42');
    expect(() => monitor(new MonitoringApp({ targetVersions: { prometheus: PrometheusVersion.V3_5 } }))).not.toThrow();
    expect(() => monitor(new MonitoringApp({ targetVersions: { prometheus: PrometheusVersion.V2_42 } }), { prometheus: PrometheusVersion.V3_5 })).not.toThrow();
  });
});

describe('refused values of the scrape job settings', () => {
  test('limits are counts: integers of at least 0', () => {
    expect(() => sm({ targetLimit: -1 })).toThrow('[x/sm] targetLimit: must be an integer of at least 0 (a count of targets, 0 for no limit); received -1');
    expect(() => sm({ labelLimit: 1.5 })).toThrow('[x/sm] labelLimit: must be an integer of at least 0 (a count of labels per sample, 0 for no limit); received 1.5');
    expect(() => sm({ labelNameLengthLimit: '100' })).toThrow('[x/sm] labelNameLengthLimit: must be an integer of at least 0 (bytes per label name, 0 for no limit); received "100" (a string)');
    expect(() => sm({ labelValueLengthLimit: NaN })).toThrow('[x/sm] labelValueLengthLimit: must be an integer of at least 0 (bytes per label value, 0 for no limit); received NaN (a number)');
    expect(() => sm({ keepDroppedTargets: -5 })).toThrow('[x/sm] keepDroppedTargets: must be an integer of at least 0 (a count of dropped targets, 0 for no limit); received -5');
    expect(() => sm({ nativeHistogramBucketLimit: 0.5 })).toThrow('[x/sm] nativeHistogramBucketLimit: must be an integer of at least 0 (a count of buckets per native histogram, 0 for no limit); received 0.5');
    expect(() => sm({ nativeHistogramMinBucketFactor: -1 })).toThrow('[x/sm] nativeHistogramMinBucketFactor: must be a finite number of at least 0 (a growth factor from one bucket to the next, e.g. 1.1; 0 for the finest resolution); received -1');
  });

  test('protocols: ScrapeProtocol values, at least one, none twice', () => {
    expect(() => sm({ scrapeProtocols: [] })).toThrow('[x/sm] scrapeProtocols: give at least one protocol, or leave the field out for Prometheus\' default');
    expect(() => sm({ scrapeProtocols: [ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.PROMETHEUS_PROTO] }))
      .toThrow('[x/sm] scrapeProtocols: "PrometheusProto" is listed twice (Prometheus refuses duplicated protocols); received ["PrometheusProto","PrometheusProto"]');
    expect(() => sm({ scrapeProtocols: ['text/plain'] })).toThrow('[x/sm] scrapeProtocols[0]: must be a ScrapeProtocol (ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.OPEN_METRICS_TEXT_0_0_1, '
      + 'ScrapeProtocol.OPEN_METRICS_TEXT_1_0_0, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4, ScrapeProtocol.PROMETHEUS_TEXT_1_0_0); received "text/plain"');
    expect(() => sm({ fallbackScrapeProtocol: 'prometheustext0.0.4' })).toThrow('[x/sm] fallbackScrapeProtocol: must be a ScrapeProtocol (');
    expect(() => sm({ scrapeProtocols: 'PrometheusProto' })).toThrow('[x/sm] scrapeProtocols: must be a list, e.g. [ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4]; received "PrometheusProto" (a string)');
  });

  test('scrape class, flags and body size limit', () => {
    expect(() => sm({ scrapeClass: '' })).toThrow('[x/sm] scrapeClass: must be the name of a scrape class of the Prometheus resource, without surrounding white space; received ""');
    expect(() => sm({ scrapeClass: ' mtls' })).toThrow('[x/sm] scrapeClass: must be the name of a scrape class of the Prometheus resource, without surrounding white space; received " mtls"');
    expect(() => sm({ convertClassicHistogramsToNHCB: 'yes' })).toThrow('[x/sm] convertClassicHistogramsToNHCB: must be true or false; received "yes" (a string)');
    expect(() => sm({ bodySizeLimit: '10MiB' })).toThrow('[x/sm] bodySizeLimit: must be a Size, e.g. Size.mebibytes(10); received "10MiB"');
    expect(() => sm({ bodySizeLimit: Size.kibibytes(0.0001) })).toThrow('[x/sm] bodySizeLimit: must be a whole number of bytes, at least 0 (0 means no limit); received 0.1024 bytes');
  });
});
