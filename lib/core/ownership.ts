import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppWideValue } from './render-pass';

/**
 * One owner per object: two objects of one app with the same apiVersion, kind, namespace and name
 * synthesize fine and then overwrite each other when applied (the second `kubectl apply` or Argo CD
 * sync wins, silently). Every `MonitoringChart` checks its own objects against the whole app; the index
 * of the app's objects is built once per synthesis (`RenderPass`).
 *
 * @internal
 */
export function ownershipErrors(chart: Chart): string[] {
  const index = OBJECTS.of(chart);
  const errors: string[] = [];
  for (const object of index.byChart.get(chart) ?? []) {
    const owners = index.byIdentity.get(identityOf(object))!;
    // reported once, by the chart of the second owner, naming the first
    const first = owners[0];
    if (owners.length < 2 || first === object) continue;
    const ns = CLUSTER_SCOPED.has(object.kind) ? undefined : object.metadata.namespace;
    errors.push(`${object.kind} ${ns === undefined ? '' : `${ns}/`}${object.name} (${object.apiVersion}) of ${object.node.path} `
      + `is also the object of ${first.node.path}: two objects with one API group, kind, namespace and name (names compared `
      + 'without case) overwrite each other when applied; give one of them another name (or id) or put it in another namespace');
  }
  return errors;
}

interface ObjectIndex {
  readonly byIdentity: Map<string, ApiObject[]>;
  readonly byChart: Map<Chart, ApiObject[]>;
}

const OBJECTS = new AppWideValue(buildIndex);

function buildIndex(root: IConstruct): ObjectIndex {
  const byIdentity = new Map<string, ApiObject[]>();
  const byChart = new Map<Chart, ApiObject[]>();
  // pre-order: a construct's closest chart is itself or its parent's
  const closest = new Map<IConstruct, Chart>();
  for (const c of root.node.findAll()) {
    const scope = c.node.scope;
    const chart = Chart.isChart(c) ? c : scope === undefined ? undefined : closest.get(scope);
    if (chart === undefined) continue;
    closest.set(c, chart);
    if (!ApiObject.isApiObject(c)) continue;
    const key = identityOf(c);
    const owners = byIdentity.get(key);
    if (owners === undefined) byIdentity.set(key, [c]);
    else owners.push(c);
    const objects = byChart.get(chart);
    if (objects === undefined) byChart.set(chart, [c]);
    else objects.push(c);
  }
  return { byIdentity, byChart };
}

/** Kinds without a namespace: the API server ignores a namespace given to them. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'PersistentVolume', 'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService',
]);

/**
 * What the API server identifies an object by: its API group (not the version: `v1` and `v1beta1` of a
 * kind are one object), kind, namespace (none for cluster-scoped kinds) and name. Kubernetes names are
 * case-sensitive, but two names of one app that differ only by case are a mistake (SLOs `Api` and `api`).
 */
function identityOf(object: ApiObject): string {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  const namespace = CLUSTER_SCOPED.has(object.kind) ? '' : object.metadata.namespace ?? '';
  return `${group}\u0000${object.kind}\u0000${namespace}\u0000${object.name.toLowerCase()}`;
}
