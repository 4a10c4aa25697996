import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  ServiceMonitor as KubeServiceMonitor, ServiceMonitorSpec, ServiceMonitorSpecEndpoints, ServiceMonitorSpecEndpointsTargetPort, ServiceMonitorSpecNativeHistogramMinBucketFactor,
} from '../../imports/monitoring.coreos.com';
import { quote, Validate, ValidationError } from '../core';
import { checkValue } from '../core/problems';
import { optionalArray, optionalObject, optionalString, optionalStringList, requireObject } from '../core/untyped';
import { compact, EndpointOptions, nonEmpty, renderEndpoint } from './endpoint';
import { BodySizeLimitOptions, renderBodySizeLimit, renderScrapeJob, ScrapeJobOptions, toGeneratedProps } from './scrape-job';
import { LabelSelector, NamespaceSelector, namespaceSelectorFor, resolveInstanceLabels } from './selector';

/** Options shared by `ServiceMonitor` and `PodMonitor` (everything but what they select). */
export interface MonitorOptions extends ScrapeJobOptions, BodySizeLimitOptions {
  /**
   * The object's `metadata.name`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Where the selected objects live.
   * @default - the monitor's own namespace
   */
  readonly namespaceSelector?: NamespaceSelector;
  /**
   * The ports to scrape; more can be added with `addEndpoint()`. At least one is required.
   * @default - none, unless derived from a Service or workload with a single named port
   */
  readonly endpoints?: EndpointOptions[];
  /**
   * A label of the selected object whose value becomes the `job` label. Maps to `jobLabel`.
   * @default - the Service name (ServiceMonitor) or `<namespace>/<PodMonitor name>` (PodMonitor)
   */
  readonly jobLabel?: string;
  /**
   * Pod labels copied onto every scraped series. Maps to `podTargetLabels`.
   * @default []
   */
  readonly podTargetLabels?: string[];
  /**
   * The labels by which the Prometheus instance selects this object (its `serviceMonitorSelector` / `podMonitorSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

/** Options of `ServiceMonitor.forService`. */
export interface ServiceMonitorOptions extends MonitorOptions {
  /**
   * Labels of the Service copied onto every scraped series. Maps to `targetLabels`.
   * @default []
   */
  readonly targetLabels?: string[];
}

/** Properties of a `ServiceMonitor`. */
export interface ServiceMonitorProps extends ServiceMonitorOptions {
  /** The Services to scrape, by their labels. */
  readonly selector: LabelSelector;
}

/**
 * A Prometheus Operator `ServiceMonitor`: scrapes the endpoints behind Services chosen by labels.
 * Rejects what the operator would reject or silently ignore: no endpoint, an endpoint without a port,
 * a scrape timeout longer than the interval, two authentication methods, TLS without https.
 *
 * @example
 * const sm = new ServiceMonitor(chart, 'api', {
 *   selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals' }),
 *   endpoints: [{ port: 'metrics', interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) }],
 * });
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 */
export class ServiceMonitor extends Construct {
  /**
   * A ServiceMonitor selecting a cdk8s-plus `Service` by its labels, in its namespace. Named endpoint
   * ports are checked against the Service's ports; without endpoints, the Service's only named port is scraped.
   */
  public static forService(scope: Construct, id: string, service: kplus.Service, options: ServiceMonitorOptions = {}): ServiceMonitor {
    const where = `${scope.node.path}/${id}`;
    const selector = LabelSelector.fromService(service);
    // a Service without labels, or no Service at all (plain JavaScript): `[path] selector: ...`
    checkValue(where, 'selector', selector);
    ValidationError.within(where, () => {
      optionalObject(options, 'options', "{ endpoints: [{ port: 'metrics' }] }");
      (optionalArray(options.endpoints, 'endpoints', "[{ port: 'metrics' }]") ?? []).forEach((e, i) => requireObject(e, `endpoints[${i}]`, "{ port: 'metrics' }"));
    });
    const portNames = service.ports.map((p) => p.name).filter((n): n is string => n !== undefined);
    let endpoints = options.endpoints;
    if (endpoints === undefined || endpoints.length === 0) {
      if (service.ports.length !== 1 || portNames.length !== 1) {
        throw ValidationError.at(where, `endpoints: Service ${quote(service.name)} has ${service.ports.length} port(s) (named: ${quote(portNames)}); give endpoints with the port name to scrape`);
      }
      endpoints = [{ port: portNames[0] }];
    }
    endpoints.forEach((e, i) => {
      if (e.port !== undefined && !portNames.includes(e.port)) {
        throw ValidationError.at(where, `endpoints[${i}].port: Service ${quote(service.name)} has no port named ${quote(e.port)} (its named ports: ${quote(portNames)})`);
      }
    });
    const namespaceSelector = namespaceSelectorFor(scope, service.metadata.namespace, options.namespaceSelector);
    return new ServiceMonitor(scope, id, { ...options, selector, endpoints, namespaceSelector });
  }

  /** The selected Services. */
  public readonly selector: LabelSelector;
  /** The labels the Prometheus instance selects this object by. */
  public readonly instanceLabels: { [key: string]: string };
  /** The generated `ServiceMonitor` object. */
  public readonly resource: KubeServiceMonitor;
  private readonly endpoints: ServiceMonitorSpecEndpoints[] = [];
  private readonly props: ServiceMonitorProps;
  /** The scrape job settings, as the CRD names them. */
  private readonly job: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      checkMonitorProps(props);
      optionalStringList(props.targetLabels, 'targetLabels', '[\'app.kubernetes.io/name\']');
    });
    this.props = props;
    this.selector = props.selector;
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    this.job = ValidationError.within(this, () => checkMonitorOptions(this, props));
    (props.targetLabels ?? []).forEach((l) => ValidationError.within(this, () => Validate.kubernetesLabelKey(l, 'targetLabels')));
    if (props.name !== undefined) ValidationError.within(this, () => Validate.kubernetesName(props.name!, 'name'));
    for (const e of props.endpoints ?? []) this.addEndpoint(e);

    this.resource = new KubeServiceMonitor(this, 'Resource', {
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => this._toKube() }) as unknown as ServiceMonitorSpec,
    });
    this.node.addValidation({
      validate: () => (this.endpoints.length === 0 ? [`endpoints: a ServiceMonitor needs at least one endpoint (addEndpoint({ port: 'metrics' }))`] : []),
    });
  }

  /** Adds a port to scrape, checked at once; returns its index in `endpoints`. */
  public addEndpoint(options: EndpointOptions): number {
    const index = this.endpoints.length;
    const rendered = ValidationError.within(this, () => renderEndpoint(options, `endpoints[${index}].`, true));
    const { portNumber, ...rest } = rendered;
    this.endpoints.push(compact({
      ...rest,
      targetPort: portNumber === undefined ? undefined : ServiceMonitorSpecEndpointsTargetPort.fromNumber(portNumber),
    }) as ServiceMonitorSpecEndpoints);
    return index;
  }

  /**
   * The `spec` of the ServiceMonitor.
   * @internal
   */
  public _toKube(): ServiceMonitorSpec {
    return compact({
      selector: this.selector._toKube(),
      namespaceSelector: this.props.namespaceSelector?._toKube(),
      endpoints: [...this.endpoints],
      jobLabel: this.props.jobLabel,
      targetLabels: nonEmpty(this.props.targetLabels),
      podTargetLabels: nonEmpty(this.props.podTargetLabels),
      ...toGeneratedProps(this.job, (v) => (typeof v === 'number' ? ServiceMonitorSpecNativeHistogramMinBucketFactor.fromNumber(v) : ServiceMonitorSpecNativeHistogramMinBucketFactor.fromString(v))),
    });
  }
}

/**
 * The types of the props shared by ServiceMonitor and PodMonitor, for plain-JavaScript callers, and the
 * problems of the selectors they were given.
 * @internal
 */
export function checkMonitorProps(props: MonitorOptions & { readonly selector: LabelSelector }): void {
  requireObject(props, 'props', '{ selector, endpoints: [{ port: \'metrics\' }] }');
  optionalString(props.name, 'name', '\'checkout\'');
  optionalString(props.jobLabel, 'jobLabel', '\'app.kubernetes.io/name\'');
  optionalArray(props.endpoints, 'endpoints', '[{ port: \'metrics\' }]');
  checkValue(undefined, 'selector', props.selector);
  checkValue(undefined, 'namespaceSelector', props.namespaceSelector);
  optionalStringList(props.podTargetLabels, 'podTargetLabels', '[\'app.kubernetes.io/version\']');
}

/**
 * Checks the options shared by ServiceMonitor and PodMonitor, of a monitor under `scope`; returns the scrape
 * job settings (`ScrapeJobOptions`, `bodySizeLimit`) as the CRDs name them.
 * @internal
 */
export function checkMonitorOptions(scope: IConstruct, options: MonitorOptions): { [key: string]: any } {
  if (options.jobLabel !== undefined) Validate.kubernetesLabelKey(options.jobLabel, 'jobLabel');
  (options.podTargetLabels ?? []).forEach((l) => Validate.kubernetesLabelKey(l, 'podTargetLabels'));
  return compact({ ...renderScrapeJob(scope, options), bodySizeLimit: renderBodySizeLimit(scope, options.bodySizeLimit, '0.73') });
}
