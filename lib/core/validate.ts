import { quote, ValidationError } from './errors';
import { requireString, requireStringMap } from './untyped';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const K8S_QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Name rules of Prometheus and Kubernetes, exactly as those systems apply them.
 *
 * Each check returns the value unchanged when it is valid and throws a `ValidationError` naming the
 * value and the rule otherwise. Constructs call them inside `ValidationError.within(...)` so that the
 * message also names the construct path.
 */
export class Validate {
  /**
   * A Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
   * @see https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
   */
  public static metricName(name: string, field = 'metric name'): string {
    requireString(name, field, '"http_requests_total"');
    if (!METRIC_NAME.test(name)) {
      throw new ValidationError(`${field}: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * The name of a recording rule: a valid metric name in the `level:metric:operations` form
   * (at least three non-empty parts separated by colons), e.g. `job:http_requests:rate5m`.
   * @see https://prometheus.io/docs/practices/rules/#naming
   */
  public static recordingRuleName(name: string): string {
    requireString(name, 'record', '"level:metric:operations"');
    Validate.metricName(name, 'record');
    if (!hasLevelMetricOperations(name)) {
      throw new ValidationError(`record: must follow the level:metric:operations convention (e.g. "job:http_requests:rate5m"); received ${quote(name)}`);
    }
    return name;
  }

  /**
   * A Prometheus label name that users may set: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`
   * (reserved for Prometheus' internal labels).
   * @see https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
   */
  public static labelName(name: string, field = 'label name'): string {
    requireString(name, field, '"team"');
    if (!LABEL_NAME.test(name)) {
      throw new ValidationError(`${field}: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received ${quote(name)}`);
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
    if (!LABEL_NAME.test(name)) {
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

  /** Checks every name of a Prometheus label map (values are free text). */
  public static prometheusLabels(labels: { [name: string]: string }, field = 'labels'): { [name: string]: string } {
    requireStringMap(labels, field);
    for (const k of Object.keys(labels)) Validate.labelName(k, `${field} name`);
    return labels;
  }
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
