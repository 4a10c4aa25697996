// What the Prometheus Operator writes into Prometheus' configuration for the library's custom resources,
// following its source (pkg/prometheus/promcfg.go of v0.93: generateRelabelConfig, addScrapeProtocols,
// addFallbackScrapeProtocol, addNativeHistogramConfig, AddLimitsToYAML, generateScrapeConfig), so that the
// scrape jobs can go through `promtool check config` of each Prometheus version. Credentials, which the
// operator copies from the Secrets into the configuration, are placeholders here.
import { Manifest } from './synth';

type Yaml = { [key: string]: unknown };

/** The `relabel_configs` entry the operator writes for a relabeling of a custom resource (generateRelabelConfig). */
export function operatorRelabelConfig(o: { action?: unknown; sourceLabels?: string[]; separator?: string; targetLabel?: string; regex?: string; modulus?: number; replacement?: string }): Yaml {
  const out: Yaml = {};
  if (o.sourceLabels !== undefined && o.sourceLabels.length > 0) out.source_labels = o.sourceLabels;
  if (o.separator !== undefined) out.separator = o.separator;
  if (o.targetLabel !== undefined && o.targetLabel !== '') out.target_label = o.targetLabel;
  // the operator leaves out an empty regex and a zero modulus (Go zero values)
  if (o.regex !== undefined && o.regex !== '') out.regex = o.regex;
  if (o.modulus !== undefined && o.modulus !== 0) out.modulus = o.modulus;
  if (o.replacement !== undefined) out.replacement = o.replacement;
  if (o.action !== undefined) out.action = o.action;
  return out;
}

/** The integer limits of a scrape job: the custom resource's field and Prometheus' (AddLimitsToYAML). */
const LIMITS: Array<[string, string]> = [
  ['sampleLimit', 'sample_limit'], ['targetLimit', 'target_limit'], ['labelLimit', 'label_limit'],
  ['labelNameLengthLimit', 'label_name_length_limit'], ['labelValueLengthLimit', 'label_value_length_limit'], ['keepDroppedTargets', 'keep_dropped_targets'],
];

/**
 * The scrape job settings of a monitor, probe or scrape config spec (`ScrapeJobOptions`, `bodySizeLimit`), as
 * the operator writes them for a Prometheus of major version `major`, without its version gates (it leaves a
 * field out for a Prometheus older than the field; this rendering keeps it, to show what that Prometheus says).
 */
export function operatorScrapeJob(spec: { [key: string]: any }, major: 2 | 3): Yaml {
  const out: Yaml = {};
  for (const [field, key] of LIMITS) if (spec[field] !== undefined) out[key] = spec[field];
  if (spec.scrapeProtocols !== undefined) out.scrape_protocols = spec.scrapeProtocols;
  if (spec.fallbackScrapeProtocol !== undefined) out.fallback_scrape_protocol = spec.fallbackScrapeProtocol;
  if (spec.scrapeNativeHistograms !== undefined) out.scrape_native_histograms = spec.scrapeNativeHistograms;
  if (spec.nativeHistogramBucketLimit !== undefined) out.native_histogram_bucket_limit = spec.nativeHistogramBucketLimit;
  // a Kubernetes quantity, written as a float (AsApproximateFloat64)
  if (spec.nativeHistogramMinBucketFactor !== undefined) out.native_histogram_min_bucket_factor = Number(spec.nativeHistogramMinBucketFactor);
  if (spec.scrapeClassicHistograms !== undefined) out[major === 3 ? 'always_scrape_classic_histograms' : 'scrape_classic_histograms'] = spec.scrapeClassicHistograms;
  if (spec.convertClassicHistogramsToNHCB !== undefined) out.convert_classic_histograms_to_nhcb = spec.convertClassicHistogramsToNHCB;
  if (spec.bodySizeLimit !== undefined) out.body_size_limit = spec.bodySizeLimit;
  return out;
}

/** A credential the operator copies from a Secret: a placeholder (the Secret's name and key). */
function secret(ref: { name: string; key: string }): string {
  return `<${ref.name}/${ref.key}>`;
}

/** The HTTP client settings of a ScrapeConfig or of one of its service discoveries (basic auth, authorization, TLS). */
function httpClient(spec: { [key: string]: any }): Yaml {
  const out: Yaml = {};
  if (spec.basicAuth) out.basic_auth = { username: secret(spec.basicAuth.username), password: secret(spec.basicAuth.password) };
  if (spec.authorization) out.authorization = { type: spec.authorization.type ?? 'Bearer', credentials: secret(spec.authorization.credentials) };
  if (spec.tlsConfig) {
    const tls = spec.tlsConfig;
    // the operator writes the Secrets' keys to files under /etc/prometheus/certs
    const file = (ref: { secret: { name: string; key: string } }) => `/etc/prometheus/certs/secret_${ref.secret.name}_${ref.secret.key}`;
    out.tls_config = {
      ...(tls.ca ? { ca_file: file(tls.ca) } : {}),
      ...(tls.cert ? { cert_file: file(tls.cert) } : {}),
      ...(tls.keySecret ? { key_file: file({ secret: tls.keySecret }) } : {}),
      ...(tls.serverName !== undefined ? { server_name: tls.serverName } : {}),
      ...(tls.insecureSkipVerify !== undefined ? { insecure_skip_verify: tls.insecureSkipVerify } : {}),
    };
  }
  return out;
}

/**
 * The `scrape_configs` entry the operator generates from a `ScrapeConfig` object (generateScrapeConfig), for a
 * Prometheus of major version `major`.
 */
export function operatorScrapeConfig(manifest: Manifest, major: 2 | 3): Yaml {
  const spec = manifest.spec as { [key: string]: any };
  const out: Yaml = { job_name: `scrapeConfig/${manifest.metadata.namespace}/${manifest.metadata.name}` };
  if (spec.honorLabels !== undefined) out.honor_labels = spec.honorLabels;
  if (spec.metricsPath !== undefined) out.metrics_path = spec.metricsPath;
  if (spec.params !== undefined) out.params = spec.params;
  if (spec.scrapeInterval !== undefined) out.scrape_interval = spec.scrapeInterval;
  if (spec.scrapeTimeout !== undefined) out.scrape_timeout = spec.scrapeTimeout;
  if (spec.scheme !== undefined) out.scheme = spec.scheme;
  Object.assign(out, httpClient(spec), operatorScrapeJob(spec, major));
  if (spec.staticConfigs) out.static_configs = spec.staticConfigs.map((c: any) => ({ targets: c.targets, labels: c.labels }));
  if (spec.fileSDConfigs) {
    out.file_sd_configs = spec.fileSDConfigs.map((c: any) => ({ files: c.files, ...(c.refreshInterval ? { refresh_interval: c.refreshInterval } : {}) }));
  }
  if (spec.httpSDConfigs) {
    out.http_sd_configs = spec.httpSDConfigs.map((c: any) => ({ ...httpClient(c), url: c.url, ...(c.refreshInterval ? { refresh_interval: c.refreshInterval } : {}) }));
  }
  if (spec.kubernetesSDConfigs) {
    out.kubernetes_sd_configs = spec.kubernetesSDConfigs.map((c: any) => ({
      role: c.role.toLowerCase(),
      ...(c.namespaces ? { namespaces: { names: c.namespaces.names ?? [], ...(c.namespaces.ownNamespace !== undefined ? { own_namespace: c.namespaces.ownNamespace } : {}) } } : {}),
      ...(c.selectors ? { selectors: c.selectors.map((s: any) => ({ role: s.role.toLowerCase(), ...(s.label ? { label: s.label } : {}), ...(s.field ? { field: s.field } : {}) })) } : {}),
      ...(c.attachMetadata ? { attach_metadata: c.attachMetadata } : {}),
    }));
  }
  // initRelabelings, then the jobName relabeling, then the object's own
  const relabel: Yaml[] = [{ source_labels: ['job'], target_label: '__tmp_prometheus_job_name' }];
  if (spec.jobName !== undefined) relabel.push({ target_label: 'job', action: 'replace', replacement: spec.jobName });
  for (const r of spec.relabelings ?? []) relabel.push(operatorRelabelConfig(r));
  out.relabel_configs = relabel;
  if (spec.metricRelabelings) out.metric_relabel_configs = spec.metricRelabelings.map(operatorRelabelConfig);
  return out;
}
