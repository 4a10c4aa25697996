import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor as KubePodMonitor, PodMonitorSpec, PodMonitorSpecNativeHistogramMinBucketFactor, PodMonitorSpecPodMetricsEndpoints } from '../../imports/monitoring.coreos.com';
import { quote, Validate, ValidationError } from '../core';
import { checkValue } from '../core/problems';
import { optionalArray, optionalObject, requireObject } from '../core/untyped';
import { compact, EndpointOptions, nonEmpty, renderEndpoint } from './endpoint';
import { toGeneratedProps } from './scrape-job';
import { LabelSelector, namespaceSelectorFor, resolveInstanceLabels } from './selector';
import { checkMonitorOptions, checkMonitorProps, MonitorOptions } from './service-monitor';

/** Properties of a `PodMonitor`. */
export interface PodMonitorProps extends MonitorOptions {
  /** The pods to scrape, by their labels. */
  readonly selector: LabelSelector;
}

/**
 * A Prometheus Operator `PodMonitor`: scrapes pods chosen by labels directly, without a Service
 * (workers, batch jobs, pods exposing metrics on a port the Service does not publish).
 *
 * @example
 * PodMonitor.forWorkload(chart, 'worker', workerDeployment, { endpoints: [{ port: 'metrics' }] });
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
export class PodMonitor extends Construct {
  /**
   * A PodMonitor selecting the pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet...),
   * in its namespace. Named endpoint ports are checked against the containers' port names; without
   * endpoints, the workload's only named container port is scraped.
   */
  public static forWorkload(scope: Construct, id: string, workload: kplus.Workload, options: MonitorOptions = {}): PodMonitor {
    const where = `${scope.node.path}/${id}`;
    const selector = LabelSelector.fromWorkload(workload);
    // a workload without pod selector labels, or no workload at all (plain JavaScript): `[path] selector: ...`
    checkValue(where, 'selector', selector);
    ValidationError.within(where, () => {
      optionalObject(options, 'options', "{ endpoints: [{ port: 'metrics' }] }");
      (optionalArray(options.endpoints, 'endpoints', "[{ port: 'metrics' }]") ?? []).forEach((e, i) => requireObject(e, `endpoints[${i}]`, "{ port: 'metrics' }"));
    });
    const ports = workload.containers.flatMap((c) => c.ports);
    const portNames = ports.map((p) => p.name).filter((n): n is string => n !== undefined);
    let endpoints = options.endpoints;
    if (endpoints === undefined || endpoints.length === 0) {
      if (portNames.length !== 1) {
        throw ValidationError.at(where, `endpoints: workload ${quote(workload.name)} has ${portNames.length} named container port(s) (${quote(portNames)}); give endpoints with the port to scrape`);
      }
      endpoints = [{ port: portNames[0] }];
    }
    endpoints.forEach((e, i) => {
      if (e.port !== undefined && !portNames.includes(e.port)) {
        throw ValidationError.at(where, `endpoints[${i}].port: workload ${quote(workload.name)} has no container port named ${quote(e.port)} (its named ports: ${quote(portNames)})`);
      }
      if (e.portNumber !== undefined && !ports.some((p) => p.number === e.portNumber)) {
        throw ValidationError.at(where, `endpoints[${i}].portNumber: workload ${quote(workload.name)} exposes no container port ${e.portNumber} (its ports: ${quote(ports.map((p) => p.number))})`);
      }
    });
    const namespaceSelector = namespaceSelectorFor(scope, workload.metadata.namespace, options.namespaceSelector);
    return new PodMonitor(scope, id, { ...options, selector, endpoints, namespaceSelector });
  }

  /** The selected pods. */
  public readonly selector: LabelSelector;
  /** The labels the Prometheus instance selects this object by. */
  public readonly instanceLabels: { [key: string]: string };
  /** The generated `PodMonitor` object. */
  public readonly resource: KubePodMonitor;
  private readonly endpoints: PodMonitorSpecPodMetricsEndpoints[] = [];
  private readonly props: PodMonitorProps;
  /** The scrape job settings, as the CRD names them. */
  private readonly job: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => checkMonitorProps(props));
    this.props = props;
    this.selector = props.selector;
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    this.job = ValidationError.within(this, () => checkMonitorOptions(this, props));
    if (props.name !== undefined) ValidationError.within(this, () => Validate.kubernetesName(props.name!, 'name'));
    for (const e of props.endpoints ?? []) this.addEndpoint(e);

    this.resource = new KubePodMonitor(this, 'Resource', {
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => this._toKube() }) as unknown as PodMonitorSpec,
    });
    this.node.addValidation({
      validate: () => (this.endpoints.length === 0 ? ["podMetricsEndpoints: a PodMonitor needs at least one endpoint (addEndpoint({ port: 'metrics' }))"] : []),
    });
  }

  /** Adds a port to scrape, checked at once; returns its index in `podMetricsEndpoints`. */
  public addEndpoint(options: EndpointOptions): number {
    const index = this.endpoints.length;
    // PodMonitor TLS reads only from Secrets: the operator has no caFile/certFile/keyFile here.
    const rendered = ValidationError.within(this, () => renderEndpoint(options, `podMetricsEndpoints[${index}].`, false));
    this.endpoints.push(compact(rendered) as PodMonitorSpecPodMetricsEndpoints);
    return index;
  }

  /**
   * The `spec` of the PodMonitor.
   * @internal
   */
  public _toKube(): PodMonitorSpec {
    return compact({
      selector: this.selector._toKube(),
      namespaceSelector: this.props.namespaceSelector?._toKube(),
      podMetricsEndpoints: [...this.endpoints],
      jobLabel: this.props.jobLabel,
      podTargetLabels: nonEmpty(this.props.podTargetLabels),
      ...toGeneratedProps(this.job, (v) => (typeof v === 'number' ? PodMonitorSpecNativeHistogramMinBucketFactor.fromNumber(v) : PodMonitorSpecNativeHistogramMinBucketFactor.fromString(v))),
    });
  }
}
