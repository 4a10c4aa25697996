import { Testing } from 'cdk8s';
import { ConstructQueries, MonitoringChart, SecretRef } from '../../lib/core';
import { LogClient, LogCollection, LogDiscovery, LogDiscoveryKind, LogPipeline, MatchAction, Stage, StageKind } from '../../lib/loki';
import { synth } from '../util/synth';
import { used } from './used';

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
}
const URL = 'http://loki.loki.svc:3100/loki/api/v1/push';

describe('LogCollection', () => {
  test('jobs expose their stages: the job stages (cri by default for pods), then each pipeline', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    job.addPipeline(LogPipeline.of({ name: 'a', selector: '{namespace="a"}', stages: [Stage.logfmt({ mapping: { level: '' } })] }));
    job.addPipeline(LogPipeline.of({ name: 'b', stages: [Stage.drop({ source: ['level'], value: 'debug' })] }));
    expect(c.jobs.map((j) => j.name)).toEqual(['pods']);
    expect(job.stages().map((s) => s.kind)).toEqual([StageKind.CRI, StageKind.MATCH, StageKind.DROP]);
    expect(c.jobs[0].discovery.kind).toBe(LogDiscoveryKind.KUBERNETES_PODS);
    expect(c.hostDirectories()).toEqual(['/var/log/pods']);
  });

  test('pipeline selectors and nested match selectors are recorded with their field for app-wide LogQL checks', () => {
    const scope = chart();
    const c = new LogCollection(scope, 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    job.addPipeline(LogPipeline.of({
      name: 'erp', selector: '{namespace="erp"}',
      stages: [Stage.match({ selector: '{app="probe"}', action: MatchAction.DROP })],
    }));
    expect(ConstructQueries.logqlUnder(scope).map((r) => `${r.scope.node.path} ${r.field} ${r.query.expression}`)).toEqual([
      'x/Logs/pods pipelines["erp"].selector {namespace="erp"}',
      'x/Logs/pods pipelines["erp"].stages[0].match.selector {app="probe"}',
    ]);
  });

  test('a pipeline added twice is rejected with the job path', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    const p = LogPipeline.of({ name: 'erp', stages: [Stage.logfmt({ mapping: { level: '' } })] });
    job.addPipeline(p);
    expect(() => job.addPipeline(p)).toThrow('[x/Logs/pods] pipelines["erp"]: a pipeline of this name is already in the job; pipeline names must be unique');
  });

  test('a pipeline may not overwrite a discovery label', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    expect(() => job.addPipeline(LogPipeline.of({ name: 'erp', stages: [Stage.json({ expressions: { namespace: 'ns' } }), Stage.labels({ labels: { namespace: '' } })] })))
      .toThrow('[x/Logs/pods] pipelines["erp"].stages[1].labels: label "namespace" is already set by the job');
  });

  test('a pipeline with its own cri stage is rejected when the job already parses CRI', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    expect(() => job.addPipeline(LogPipeline.of({ name: 'p', stages: [Stage.cri()] }))).toThrow('[x/Logs/pods] pipelines["p"]: the job already parses the container runtime format with its cri stage; remove the cri stage from the pipeline');
    const bare = new LogCollection(chart(), 'Bare', { clients: [LogClient.push({ url: URL })] }).addJob('pods', { discovery: LogDiscovery.kubernetesPods(), stages: [] });
    expect(() => bare.addPipeline(LogPipeline.of({ name: 'p', selector: '{a="b"}', stages: [Stage.cri()] }))).not.toThrow();
  });

  test('a guard error raised while building an app pipeline is reported by addPipeline with the construct path and field', () => {
    const { ValidationError } = require('../../lib/core');
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    const job = c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    expect(() => ValidationError.within(job, () => job.addPipeline(LogPipeline.of({ name: 'shop', stages: [Stage.labels({ labels: { request_id: '' } })] })))).toThrow(
      '[x/Logs/pods] pipelines["shop"]: pipeline "shop" stages[0].labels: label "request_id" looks unbounded (a request id)',
    );
  });

  test('without a client or a job, synth fails', () => {
    const scope = chart();
    new LogCollection(scope, 'Logs');
    expect(() => synth(scope)).toThrow(/\[x\/Logs\] clients: a log collection needs at least one client[\s\S]*\[x\/Logs\] jobs: a log collection needs at least one job/);
  });

  test('job names are checked', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    expect(() => c.addJob('Pods!', { discovery: LogDiscovery.kubernetesPods() })).toThrow('[x/Logs/Pods!] job name: lower-case letters');
  });

  test('a duplicate client is rejected', () => {
    const c = new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })] });
    expect(() => c.addClient(LogClient.push({ url: URL }))).toThrow('[x/Logs] clients: "http://loki.loki.svc:3100/loki/api/v1/push" (tenant "") is already a client');
  });

  test('limits are checked', () => {
    expect(() => new LogCollection(chart(), 'Logs', { limits: { readlineBurst: 10 } })).toThrow('[x/Logs] limits.readlineBurst: only applies with readlineRate');
    expect(() => new LogCollection(chart(), 'Logs2', { limits: { maxStreams: 1.5 } })).toThrow('[x/Logs2] limits.maxStreams: must be an integer of at least 1 (streams); received 1.5 (a number)');
  });

  test('secretRefs lists the client credentials', () => {
    const c = new LogCollection(chart(), 'Logs', {
      clients: [LogClient.push({ url: URL, basicAuthUsername: 'u', basicAuthPassword: SecretRef.fromSecret('loki', 'password') })],
    });
    expect(c.secretRefs().map((r) => r.describe())).toEqual(['secret loki/password']);
  });
});

describe('LogClient', () => {
  test.each<[string, object, string]>([
    ['a base URL', { url: 'http://loki:3100' }, 'LogClient url: give Loki\'s push endpoint, not its base URL (append /loki/api/v1/push); received "http://loki:3100"'],
    ['not a URL', { url: 'loki:3100/push' }, 'LogClient url: must be http or https'],
    ['credentials in the URL', { url: 'http://u:p@loki/loki/api/v1/push' }, 'LogClient url: must not carry credentials; use basicAuthPassword (a SecretRef)'],
    ['a bad tenant', { url: URL, tenantId: 'a b' }, 'LogClient tenantId: a Loki tenant id is 1-150 characters'],
    ['a user without password', { url: URL, basicAuthUsername: 'u' }, 'LogClient basicAuthUsername/basicAuthPassword: give both or neither'],
    ['an unbounded external label', { url: URL, externalLabels: { pod_ip: '1' } }, 'LogClient externalLabels: label "pod_ip" looks unbounded (an IP address)'],
  ])('rejects %s', (_name, options, message) => {
    expect(used(LogClient.push(options as any))).toThrow(message);
  });
});

describe('LogDiscovery', () => {
  test('pod labels are guarded and may not shadow standard labels', () => {
    expect(used(LogDiscovery.kubernetesPods({ podLabels: { app: 'app' } }))).toThrow('LogDiscovery.kubernetesPods podLabels: "app" is a standard label already');
    expect(() => LogDiscovery.kubernetesPods({ podLabels: { team: 'example.com/team' } })).not.toThrow();
    expect(used(LogDiscovery.kubernetesPods({ podLabels: { hash: 'pod-template-hash' } }))).toThrow('label "hash" (from field "pod-template-hash") looks unbounded (a hash)');
    expect(used(LogDiscovery.kubernetesPods({ podLabels: { session: 'session' } }))).toThrow('LogDiscovery.kubernetesPods podLabels: label "session" looks unbounded');
  });
  test('namespaces and paths are checked', () => {
    expect(used(LogDiscovery.kubernetesPods({ namespaces: ['Bad_NS'] }))).toThrow('LogDiscovery.kubernetesPods namespaces: must be a DNS-1123 label');
    expect(used(LogDiscovery.staticFiles({ paths: ['var/log/x'], labels: { job: 'x' } }))).toThrow('LogDiscovery.staticFiles paths: must be absolute');
    expect(used(LogDiscovery.staticFiles({ paths: ['/var/log/x'], labels: {} }))).toThrow('give at least a "job" label');
  });
});

describe('host paths: logs only under the collection\'s log roots, mounted read-only and narrowed', () => {
  const collection = (hostLogRoots?: string[]) => new LogCollection(chart(), 'Logs', { clients: [LogClient.push({ url: URL })], hostLogRoots });
  const outside = (path: string, mounted: string, roots = '"/var/log"') =>
    `[x/Logs/files] discovery: LogDiscovery.staticFiles paths: ${JSON.stringify(path)} is outside the collection's host log roots (${roots}): the agent would mount the node's ${JSON.stringify(mounted)} into its container. Read log files under a log root, or add their directory to the LogCollection's hostLogRoots`;
  const files = (c: LogCollection, ...paths: string[]) => () => c.addJob('files', { discovery: LogDiscovery.staticFiles({ paths, labels: { job: 'files' } }) });

  test('the default root is /var/log', () => {
    expect(collection().hostLogRoots).toEqual(['/var/log']);
  });

  test('a file outside /var/log is rejected with the job path, the path, the directory it would mount and the fix', () => {
    expect(files(collection(), '/etc/shadow')).toThrow(outside('/etc/shadow', '/etc'));
    expect(files(collection(), '/**/*.log')).toThrow(outside('/**/*.log', '/'));
    // the glob starts inside the last segment: its directory is /var, not /var/log
    expect(files(collection(), '/var/log*/x.log')).toThrow(outside('/var/log*/x.log', '/var'));
    expect(files(collection(), '/var/logs/app.log')).toThrow(outside('/var/logs/app.log', '/var/logs'));
    // the first bad path of a job is named, after good ones
    expect(files(collection(), '/var/log/syslog', '/root/.bash_history')).toThrow(outside('/root/.bash_history', '/root'));
  });

  test('a pod log directory outside the roots is rejected too', () => {
    const c = collection();
    expect(() => c.addJob('pods', { discovery: LogDiscovery.kubernetesPods({ podLogsDirectory: '/data/pods' }) })).toThrow(
      '[x/Logs/pods] discovery: LogDiscovery.kubernetesPods podLogsDirectory: "/data/pods" is outside the collection\'s host log roots ("/var/log"): the agent would mount the node\'s "/data/pods" into its container. Read log files under a log root, or add their directory to the LogCollection\'s hostLogRoots');
  });

  test('paths with ".", ".." or empty segments are rejected before any mount is derived from them', () => {
    expect(used(LogDiscovery.staticFiles({ paths: ['/var/log/../../etc/shadow'], labels: { job: 'x' } }))).toThrow(
      '[x/Logs/job] discovery: LogDiscovery.staticFiles paths: must be a normalized path (no ".", ".." or empty segment, no trailing "/"), so that the directory mounted is the one read; received "/var/log/../../etc/shadow"');
    expect(used(LogDiscovery.staticFiles({ paths: ['/var/log//x.log'], labels: { job: 'x' } }))).toThrow('received "/var/log//x.log"');
    expect(used(LogDiscovery.staticFiles({ paths: ['/var/log/./x.log'], labels: { job: 'x' } }))).toThrow('received "/var/log/./x.log"');
    expect(used(LogDiscovery.kubernetesPods({ podLogsDirectory: '/var/log/pods/..' }))).toThrow(
      '[x/Logs/job] discovery: LogDiscovery.kubernetesPods podLogsDirectory: must be a normalized path (no ".", ".." or empty segment); received "/var/log/pods/.."');
  });

  test('mounts are narrowed to the fixed directory of each glob, brace and escape globs included', () => {
    const c = collection();
    c.addJob('files', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog', '/var/log/apps/*/current.log', '/var/log/nginx/{access,error}.log', '/var/log/x/{a,b}/y.log', '/var/log/odd\\*/z.log'], labels: { job: 'files' } }) });
    expect(c.hostDirectories()).toEqual(['/var/log', '/var/log/apps', '/var/log/nginx', '/var/log/x']);
  });

  test('hostLogRoots widens the allow-list: a job under another root is accepted and only its directory is mounted', () => {
    const c = collection(['/var/log', '/opt/shop/logs/']);
    expect(c.hostLogRoots).toEqual(['/var/log', '/opt/shop/logs']);
    files(c, '/opt/shop/logs/api/*.log')();
    expect(c.hostDirectories()).toEqual(['/opt/shop/logs/api']);
    expect(files(collection(['/var/log', '/opt/shop/logs']), '/opt/shop/data.db')).toThrow(outside('/opt/shop/data.db', '/opt/shop', '"/var/log", "/opt/shop/logs"'));
  });

  test('hostLogRoots narrows it: /var/log/pods alone refuses /var/log/syslog', () => {
    expect(files(collection(['/var/log/pods']), '/var/log/syslog')).toThrow(outside('/var/log/syslog', '/var/log', '"/var/log/pods"'));
  });

  test('a root may not be /, nor be, contain or lie in a directory of node credentials, configuration or sockets', () => {
    const rejected = (root: string) => () => collection(['/var/log', root]);
    const why = (root: string, relation: string, sensitive: string) =>
      `[x/Logs] hostLogRoots[1]: ${JSON.stringify(root)} ${relation} ${JSON.stringify(sensitive)}, which holds the node's credentials, configuration or control sockets; a log agent must not mount it. Give the directories the logs are written to, e.g. "/var/log"`;
    expect(rejected('/')).toThrow('[x/Logs] hostLogRoots[1]: "/" would let a job mount the whole node; give the directories the logs are written to, e.g. "/var/log"');
    expect(rejected('/etc')).toThrow(why('/etc', 'is', '/etc'));
    expect(rejected('/etc/ssl')).toThrow(why('/etc/ssl', 'lies in', '/etc'));
    expect(rejected('/var/lib/kubelet/pods')).toThrow(why('/var/lib/kubelet/pods', 'lies in', '/var/lib/kubelet'));
    expect(rejected('/var')).toThrow(why('/var', 'contains', '/var/lib/containerd'));
    expect(rejected('/run')).toThrow(why('/run', 'contains', '/run/containerd'));
    expect(rejected('/var/run')).toThrow(why('/var/run', 'is', '/var/run'));
    // a journal under /run is fine: it is none of the sockets' directories
    expect(() => collection(['/run/log/journal'])).not.toThrow();
  });

  test('hostLogRoots must be absolute, normalized, and not empty', () => {
    expect(() => collection(['var/log'])).toThrow('[x/Logs] hostLogRoots[0]: must be an absolute, normalized path without white space (no ".", ".." or empty segment), e.g. "/var/log"; received "var/log"');
    expect(() => collection(['/var/log/../etc'])).toThrow('[x/Logs] hostLogRoots[0]: must be an absolute, normalized path without white space (no ".", ".." or empty segment), e.g. "/var/log"; received "/var/log/../etc"');
    expect(() => collection([])).toThrow('[x/Logs] hostLogRoots: give at least one directory (e.g. ["/var/log"]), or leave it undefined for the default');
    expect(() => collection([7 as unknown as string])).toThrow('[x/Logs] hostLogRoots[0]: must be a string');
  });
});
