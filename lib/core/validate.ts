import { quote, ValidationError } from './errors';
import { isLegacyLabelName, isLegacyMetricName, isValidUtf8, underscoreEscaped } from './promql-names';
import { checkedAsV3, describeTarget, PrometheusVersion, RAISE_TARGET } from './target-versions';
import { requireString, requireStringMap } from './untyped';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const K8S_QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Name rules of Prometheus and Kubernetes, exactly as those systems apply them.
 *
 * Each check returns the value unchanged when it is valid and throws a `ValidationError` naming the
 * value and the rule otherwise. Constructs call them inside `ValidationError.within(...)` so that the
 * message also names the construct path.
 *
 * Metric and label names follow the Prometheus release a construct targets when it passes one
 * (`targetVersions.prometheus`): from 3.x on, any non-empty UTF-8 name (`http.server.request.duration`),
 * which the generated PromQL quotes; before, and where no release is given (names Loki, Promtail or
 * Alertmanager read), the legacy character set only.
 */
export class Validate {
  /**
   * A Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`, or, when `prometheus` is a 3.x release, any
   * non-empty UTF-8 name.
   * @param prometheus the release the name must load in; none: the legacy character set
   * @see https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
   */
  public static metricName(name: string, field = 'metric name', prometheus?: PrometheusVersion): string {
    requireString(name, field, '"http_requests_total"');
    if (isLegacyMetricName(name)) return name;
    if (prometheus === undefined) {
      throw new ValidationError(`${field}: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received ${quote(name)}`);
    }
    checkUtf8Name(name, field, 'metric', prometheus);
    return name;
  }

  /**
   * The name of a recording rule: a valid metric name (for `prometheus`, as `metricName`) in the
   * `level:metric:operations` form (at least three non-empty parts separated by colons), e.g.
   * `job:http_requests:rate5m`.
   * @see https://prometheus.io/docs/practices/rules/#naming
   */
  public static recordingRuleName(name: string, prometheus?: PrometheusVersion): string {
    requireString(name, 'record', '"level:metric:operations"');
    Validate.metricName(name, 'record', prometheus);
    if (!hasLevelMetricOperations(name)) {
      throw new ValidationError(`record: must follow the level:metric:operations convention (e.g. "job:http_requests:rate5m"); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A Prometheus label name that users may set: `[a-zA-Z_][a-zA-Z0-9_]*` (or, when `prometheus` is a 3.x
   * release, any non-empty UTF-8 name), not starting with `__` (reserved for Prometheus' internal labels).
   * @param prometheus the release the name must load in; none: the legacy character set
   * @see https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
   */
  public static labelName(name: string, field = 'label name', prometheus?: PrometheusVersion): string {
    requireString(name, field, '"team"');
    if (!isLegacyLabelName(name)) {
      if (prometheus === undefined) {
        throw new ValidationError(`${field}: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received ${quote(name)}`);
      }
      checkUtf8Name(name, field, 'label', prometheus);
    }
    if (name.startsWith('__')) {
      throw new ValidationError(`${field}: names starting with "__" are reserved for Prometheus internal use; received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A Prometheus label name including the reserved `__` ones (`__name__`, `__address__`,
   * `__meta_kubernetes_pod_name`...), as relabeling source and target labels may use.
   */
  public static relabelLabelName(name: string, field = 'label name'): string {
    requireString(name, field, '"__meta_kubernetes_pod_name"');
    if (!isLegacyLabelName(name)) {
      throw new ValidationError(`${field}: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A Kubernetes object name (DNS-1123 subdomain): lower-case alphanumerics, `-` and `.`, starting and
   * ending with an alphanumeric, at most 253 characters.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
   */
  public static kubernetesName(name: string, field = 'name'): string {
    requireString(name, field, '"my-app"');
    if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      throw new ValidationError(`${field}: must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters, alphanumeric at both ends); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A DNS-1123 label, as namespaces, service and port names must be: lower-case alphanumerics and
   * `-`, alphanumeric at both ends, at most 63 characters.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
   */
  public static dnsLabel(name: string, field = 'name'): string {
    requireString(name, field, '"my-app"');
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      throw new ValidationError(`${field}: must be a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters, alphanumeric at both ends); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A Kubernetes label key: an optional DNS subdomain prefix and `/`, then a name of at most 63
   * characters of alphanumerics, `-`, `_` and `.`, alphanumeric at both ends.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   */
  public static kubernetesLabelKey(key: string, field = 'label key'): string {
    requireString(key, field, '"app.kubernetes.io/name"');
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    if (!prefixOk || name.length > 63 || !K8S_QUALIFIED_NAME.test(name)) {
      throw new ValidationError(`${field}: must be an optional DNS subdomain prefix and '/' followed by at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends; received ${quote(key)}`);
    }
    return key;
  }

  /**
   * A Kubernetes label value: empty, or at most 63 alphanumerics, `-`, `_` and `.`, alphanumeric at both ends.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   */
  public static kubernetesLabelValue(value: string, field = 'label value'): string {
    requireString(value, field, '"payments"');
    if (value !== '' && (value.length > 63 || !K8S_QUALIFIED_NAME.test(value))) {
      throw new ValidationError(`${field}: must be empty or at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends; received ${quote(value)}`);
    }
    return value;
  }

  /** Checks every key and value of a Kubernetes label map. */
  public static kubernetesLabels(labels: { [key: string]: string }, field = 'labels'): { [key: string]: string } {
    requireStringMap(labels, field);
    for (const [k, v] of Object.entries(labels)) {
      Validate.kubernetesLabelKey(k, `${field} key`);
      Validate.kubernetesLabelValue(v, `${field}[${JSON.stringify(k)}]`);
    }
    return labels;
  }

  /** Checks every name of a Prometheus label map (values are free text), for `prometheus` as `labelName`. */
  public static prometheusLabels(labels: { [name: string]: string }, field = 'labels', prometheus?: PrometheusVersion): { [name: string]: string } {
    requireStringMap(labels, field);
    for (const k of Object.keys(labels)) Validate.labelName(k, `${field} name`, prometheus);
    return labels;
  }
}

/**
 * A metric or label name outside the legacy character set, for a target release: Prometheus 3 accepts any
 * non-empty UTF-8 name, 2.x none.
 */
function checkUtf8Name(name: string, field: string, kind: 'metric' | 'label', prometheus: PrometheusVersion): void {
  if (name === '') throw new ValidationError(`${field}: must not be empty`);
  if (!isValidUtf8(name)) throw new ValidationError(`${field}: must be valid UTF-8 (it holds a lone UTF-16 surrogate); received ${quote(name)}`);
  if (checkedAsV3(prometheus)) return;
  const legacy = kind === 'metric' ? '[a-zA-Z_:][a-zA-Z0-9_:]*' : '[a-zA-Z_][a-zA-Z0-9_]*';
  throw new ValidationError(
    `${field}: must match ${legacy} (Prometheus ${kind} name); received ${quote(name)}, a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ` +
      `${describeTarget(prometheus)}. Use ${quote(underscoreEscaped(name, kind === 'label'))}, or ${RAISE_TARGET}`,
  );
}

/**
 * Whether `name` has at least three colon-separated parts, none empty (`name.split(':')` without the
 * array: every recording rule of every app is checked).
 */
function hasLevelMetricOperations(name: string): boolean {
  let parts = 1;
  let partLength = 0;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) !== 0x3a) {
      partLength++;
    } else {
      if (partLength === 0) return false;
      parts++;
      partLength = 0;
    }
  }
  return partLength > 0 && parts >= 3;
}
