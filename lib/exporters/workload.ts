import { createHash } from 'crypto';
import { Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, Validate, ValidationError } from '../core';
import { Relabel } from '../prometheus/relabel';
import { ServiceMonitor } from '../prometheus/service-monitor';

/** Properties shared by the exporter constructs: how the exporter runs and is scraped. */
export interface ExporterProps {
  /**
   * The name of the Deployment, Service and ConfigMap (a DNS-1123 label, as a Service name must be).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The container image, pinned to a version.
   * @default - the version the construct is tested with (see each exporter)
   */
  readonly image?: string;
  /**
   * The number of replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the exporter container.
   * @default - requests 10m CPU / 32Mi memory, limits 100m CPU / 64Mi memory (128Mi for postgres-exporter)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * How often Prometheus scrapes the exporter (or runs a probe).
   * @default - the Prometheus instance's scrape interval
   */
  readonly scrapeInterval?: Duration;
  /**
   * The labels by which the Prometheus instance selects the exporter's ServiceMonitor or Probes.
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

/** What `exporterWorkload` builds. @internal */
export interface ExporterWorkload {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly container: kplus.Container;
  readonly configMap: kplus.ConfigMap;
}

/** The name of an exporter's objects, from props or the construct id. @internal */
export function exporterName(scope: Construct, props: ExporterProps): string {
  const name = props.name ?? scope.node.id;
  ValidationError.within(scope, () => Validate.dnsLabel(name, 'name'));
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 1)) {
    throw ValidationError.at(scope, `replicas: must be a positive integer; received ${quote(props.replicas)}`);
  }
  return name;
}

/**
 * A Deployment (non-root, read-only root filesystem, no privilege escalation, resources set), its
 * Service with a `metrics` port, and a ConfigMap mounted at `configPath`, whose content hash is a pod
 * annotation so that a configuration change rolls the pods.
 * @internal
 */
export function exporterWorkload(
  scope: Construct,
  name: string,
  props: ExporterProps,
  spec: {
    image: string;
    port: number;
    args: string[];
    configPath: string;
    configFile: string;
    config: () => string;
    env?: { [name: string]: kplus.EnvValue };
    defaultMemoryLimit: Size;
    capabilities?: kplus.Capability[];
  },
): ExporterWorkload {
  const configMap = new kplus.ConfigMap(scope, 'Config', { metadata: { name } });
  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: { name },
    replicas: props.replicas ?? 1,
    securityContext: { ensureNonRoot: true, user: 65534, group: 65534 },
    automountServiceAccountToken: false,
  });
  const container = deployment.addContainer({
    name: 'exporter',
    image: spec.image,
    args: spec.args,
    ports: [{ number: spec.port, name: 'metrics' }],
    envVariables: spec.env,
    securityContext: {
      ensureNonRoot: true,
      user: 65534,
      group: 65534,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL], add: spec.capabilities },
    },
    resources: props.resources ?? {
      cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(32), limit: spec.defaultMemoryLimit },
    },
    liveness: kplus.Probe.fromHttpGet('/', { port: spec.port }),
    readiness: kplus.Probe.fromHttpGet('/', { port: spec.port }),
  });
  container.mount(spec.configPath, kplus.Volume.fromConfigMap(scope, 'ConfigVolume', configMap), { readOnly: true });
  // The content is only known at synth time (addX() may still change it): both the ConfigMap data and
  // the checksum annotation are filled lazily from the same render.
  configMap.addData(spec.configFile, Lazy.any({ produce: () => spec.config() }) as unknown as string);
  deployment.podMetadata.addAnnotation('checksum/config', Lazy.any({ produce: () => createHash('sha256').update(spec.config()).digest('hex') }) as unknown as string);
  const service = deployment.exposeViaService({ name, ports: [{ port: spec.port, targetPort: spec.port, name: 'metrics' }] });
  // The ServiceMonitor selects the Service by these labels.
  service.metadata.addLabel('app.kubernetes.io/name', name);
  service.metadata.addLabel('app.kubernetes.io/component', 'exporter');
  return { deployment, service, container, configMap };
}

/** A ServiceMonitor scraping an exporter's `metrics` port, with its `job` label set when given. @internal */
export function exporterServiceMonitor(scope: Construct, service: kplus.Service, props: ExporterProps, jobName: string | undefined): ServiceMonitor {
  return ServiceMonitor.forService(scope, 'ServiceMonitor', service, {
    name: service.name,
    instanceLabels: props.instanceLabels,
    endpoints: [{ port: 'metrics', interval: props.scrapeInterval, relabelings: jobName === undefined ? undefined : [Relabel.set('job', jobName)] }],
  });
}
