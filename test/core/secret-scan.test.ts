import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Testing } from 'cdk8s';
import { buildAll } from '../../apps/synth-all';
import { MonitoringChart, SecretRef, SecretScan, Severity, Synthesizer, SynthWarnings, ValidationError } from '../../lib';
import { AlertmanagerConfig, Integration } from '../../lib/alertmanager';
import { BlackboxExporter, BlackboxModule } from '../../lib/exporters';
import { Dashboard, TextPanel } from '../../lib/grafana';
import { LogAgent, LogClient, LogCollection, LogDiscovery, LoggingStack, LokiStorage, PromtailAgent } from '../../lib/loki';
import { isCredentialName, redactUrl } from '../../lib/core/secret-scan';
import { PrometheusRule } from '../../lib/prometheus';

// Credentials of the right shape, assembled at run time so that this file holds none itself.
const SLACK_HOOK = ['https://hooks.slack.com/services', 'T0ABCD123', 'B0ABCD456', 'aB3dE5fG7hI9jK1lM3nO5pQ7'].join('/');
const SLACK_TOKEN = ['xox' + 'b', '2841739562', '4827163950', 'aB3dE5fG7hI9jK1lM3nO5pQ7'].join('-');
const GITHUB = 'gh' + 'p_' + 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';
const GITHUB_FINE = 'github' + '_pat_' + '11ABCDEFG0' + 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zZ_'.repeat(2).slice(0, 72);
const GITLAB = 'gl' + 'pat-' + 'xY7zQ2mN4pR6sT8vW0aB';
const AWS_ID = 'AK' + 'IAZ7Q3XK5MPL2RT4VW';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY7Q3kLmN9pZ';
const GOOGLE = 'AI' + 'za' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const JWT = ['ey' + 'JhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const PEM = '-----BEGIN RSA ' + 'PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2C3d4E5f6G7h8I9j0\n-----END RSA PRIVATE KEY-----';
const GRAFANA_SA = 'gl' + 'sa_' + 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW' + '_0a1b2c3d';
const OPSGENIE = 'Genie' + 'Key 1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const STRIPE = 'sk' + '_live_' + 'aB3dE5fG7hI9jK1lM3nO5pQ7';

const HINT = /; (?:keep it in a Secret and reference it with SecretRef \(SecretRef\.fromSecret\(name, key\), where the construct takes one\)|a label or annotation cannot reference a Secret: take the credential out of it \(link to where it is kept instead\)), or acknowledge a public value with SecretScan\.allow\(scope, '(.+)', 'why it is public'\) \(scope: the construct at this path or a parent\)$/;

/** A ConfigMap whose `metadata.annotations.note` is `value`. */
function annotated(value: string): { [key: string]: unknown } {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { note: value } } };
}

/** The findings of `value` in an annotation, as `field: description`. */
function inAnnotation(value: string): string[] {
  return SecretScan.scan(annotated(value)).map((f) => `${f.field}: ${f.description}`);
}

/** The message of the error that `fn` throws (fails when it throws none). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** A chart `x` of a new app (written to a temporary folder, if ever). */
function chartOf(app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) }), labels?: { [key: string]: string }): MonitoringChart {
  return new MonitoringChart(app, 'x', { partOf: 'x', namespace: 'x', labels });
}

/** The `[path] field: description` part of each line of a synth error (the hint is checked on its own). */
function findingLines(message: string): string[] {
  return message.split('\n').slice(1).map((line) => {
    const hint = HINT.exec(line);
    if (hint === null) throw new Error(`no hint in ${line}`);
    const body = line.slice(0, hint.index).trim();
    // the hint names the field of its line, ready to copy
    expect(body).toContain(` ${hint[1]}: looks like `);
    return body;
  });
}

describe('SecretScan.scan: well-known token formats, anywhere in a string', () => {
  test.each<[string, string, string]>([
    ['a Slack webhook URL', `post to ${SLACK_HOOK}`, '"T0AB…", 44 characters'],
    ['a Slack token', `bot ${SLACK_TOKEN}`, '"xoxb…", 51 characters'],
    ['a GitHub token', `CI uses ${GITHUB}`, '"ghp_…", 40 characters'],
    ['a GitHub token', GITHUB_FINE, '"gith…", 93 characters'],
    ['a GitLab token', `https://gitlab.example.com/x/-/raw/main/a.md?ref=main&x=${GITLAB}`, '"glpa…", 26 characters'],
    ['an AWS access key id', `key ${AWS_ID} leaked`, '"AKIA…", 20 characters'],
    ['a Google API key', `maps ${GOOGLE}`, '"AIza…", 39 characters'],
    ['a JSON Web Token', `Bearer ${JWT}`, '"eyJh…", 92 characters'],
    ['a PEM private key', PEM, '"----…", 31 characters'],
    ['a Grafana token', GRAFANA_SA, '"glsa…", 46 characters'],
    ['an Opsgenie API key', `Authorization ${OPSGENIE}`, '"1b2c…", 36 characters'],
    ['a Stripe live key', STRIPE, '"sk_l…", 32 characters'],
  ])('%s (%#)', (what, value, shown) => {
    expect(inAnnotation(value)).toEqual([`metadata.annotations.note: ${what} (${shown})`]);
  });

  test('an AWS secret access key next to its access key id, in the same string or a sibling field', () => {
    expect(inAnnotation(`aws_access_key_id=${AWS_ID} aws_secret_access_key=${AWS_SECRET}`)).toEqual([
      'metadata.annotations.note: an AWS access key id ("AKIA…", 20 characters), and an AWS secret access key (next to an access key id) ("wJal…", 40 characters)',
    ]);
    const doc = { kind: 'Thing', spec: { id: AWS_ID, value: AWS_SECRET } };
    expect(SecretScan.scan(doc).map((f) => `${f.field}: ${f.description}`)).toEqual([
      'spec.id: an AWS access key id ("AKIA…", 20 characters)',
      'spec.value: an AWS secret access key (next to an access key id) ("wJal…", 40 characters)',
    ]);
    // 40 characters of base64 without an access key id are a hash, not a secret
    expect(inAnnotation(AWS_SECRET)).toEqual([]);
  });

  test('placeholders that share a prefix, and documented examples, are not tokens', () => {
    for (const value of ['glpat-XXXXXXXXXXXXXXXXXXXX', 'AKIAIOSFODNN7EXAMPLE', 'AKIAXXXXXXXXXXXXXXXX', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xoxb-your-bot-token-here']) {
      expect(inAnnotation(`e.g. ${value}`)).toEqual([]);
    }
  });
});

describe('SecretScan.scan: URLs', () => {
  test.each<[string, string, string]>([
    ['https://admin:hunter22@grafana.example.com/d/x', 'a password in a URL\'s user info ("hu…", 8 characters)', 'user info'],
    ['postgres://app:S3cr3tPass@db.internal:5432/orders?sslmode=require', 'a password in a URL\'s user info ("S3…", 10 characters)', 'a DSN'],
    ['https://h.example.com/x/@deploy:hunter22', 'a user:password pair in a URL\'s path ("hu…", 8 characters)', '@user:pass in the path'],
    ['https://loki.example.com/loki/api/v1/push?token=9f8e7d6c5b4a', 'a credential in the query parameter "token" of a URL ("9f…", 12 characters)', '?token='],
    ['https://api.example.com/v1?x=1&api_key=Zm9vYmFy', 'a credential in the query parameter "api_key" of a URL ("Zm…", 8 characters)', '&api_key='],
    ['https://api.example.com/v1?access_token=abcd1234&apikey=q1w2e3r4', 'a credential in the query parameter "access_token" of a URL ("ab…", 8 characters), and a credential in the query parameter "apikey" of a URL ("q1…", 8 characters)', 'two parameters'],
    ['https://x.blob.core.windows.net/c/f?sv=2022-11-02&sig=Q2x3Y4z5A6b7C8d9E0f1', 'a credential in the query parameter "sig" of a URL ("Q2x3…", 20 characters)', 'a SAS signature'],
    ['https://app.example.com/cb#access_token=ya29a0AfH6SMBx', 'a credential in the query parameter "access_token" of a URL ("ya…", 14 characters)', 'a fragment token'],
    ['https://relay.example.com/webhook/3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c', 'a token in a webhook URL\'s path ("3f9a…", 32 characters)', 'a webhook token'],
    ['https://discord.com/api/channels/123456789012345678/aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5', 'a token in a webhook URL\'s path ("aB3d…", 36 characters)', 'a webhook host (its numeric id is no secret)'],
    ['endpoint minioadmin:Sup3rS3cret@minio.storage.svc:9000', 'a password in a user:password@host address ("Su…", 11 characters)', 'user info without a scheme'],
  ])('%s (%s)', (url, description) => {
    expect(inAnnotation(url)).toEqual([`metadata.annotations.note: ${description}`]);
  });
});

describe('SecretScan.scan: literal values of credential names', () => {
  test('fields, headers and name/value pairs, an Authorization value without its scheme', () => {
    const doc = {
      kind: 'Thing',
      spec: {
        password: 'hunter22',
        http_config: { authorization: { type: 'Bearer', credentials: 'q1w2e3r4t5y6' } },
        headers: { 'X-Api-Key': 'k3y9f8e7d6c5b4a', Authorization: 'Bearer abc123def456ghi789' },
        routing_key: '0123456789abcdef0123456789abcdef',
        env: [{ name: 'REDIS_PASSWORD', value: 'r3d1s-pass' }, { name: 'GITHUB_TOKEN', value: 'a1b2c3d4e5f6a7b8' }],
        secureJsonData: { httpHeaderValue1: 'token-4f3e2d1c' },
        body: '{"api_key":"9f8e7d6c5b4a3210","query":"up"}',
        args: ['--web.listen-address=:9100', '--auth.password=S3cret!x'],
      },
    };
    expect(SecretScan.scan(doc).map((f) => `${f.field}: ${f.description}`)).toEqual([
      'spec.password: a literal value of the credential field "password" ("hu…", 8 characters)',
      'spec.http_config.authorization.credentials: a literal value of the credential field "credentials" ("q1…", 12 characters)',
      'spec.headers.X-Api-Key: a literal value of the credential field "X-Api-Key" ("k3…", 15 characters)',
      'spec.headers.Authorization: a literal value of the credential field "Authorization" ("abc1…", 18 characters)',
      'spec.routing_key: a literal value of the credential field "routing_key" ("0123…", 32 characters)',
      'spec.env[0].value: a literal value of "REDIS_PASSWORD" ("r3…", 10 characters)',
      'spec.env[1].value: a literal value of "GITHUB_TOKEN" ("a1b2…", 16 characters)',
      'spec.secureJsonData.httpHeaderValue1: a literal value in secureJsonData ("to…", 14 characters)',
      'spec.body: a literal value assigned to "api_key" ("9f8e…", 16 characters)',
      'spec.args[1]: a literal value assigned to "auth.password" ("S3…", 8 characters)',
    ]);
  });

  test("a VictorOps routing key names a team (both renderings), unlike PagerDuty's; a token there is still one", () => {
    const team = 'database-platform-team2';
    const doc = {
      kind: 'Thing',
      spec: {
        receivers: [{
          victorops_configs: [{ routing_key: team, api_key_file: '/etc/alertmanager/secrets/victorops/key' }],
          victoropsConfigs: [{ routingKey: team }, { routingKey: SLACK_TOKEN }],
          pagerduty_configs: [{ routing_key: team }],
        }],
      },
    };
    expect(SecretScan.scan(doc).map((f) => f.field)).toEqual(['spec.receivers[0].victoropsConfigs[1].routingKey', 'spec.receivers[0].pagerduty_configs[0].routing_key']);
  });

  test('references, files, templates and placeholders under credential names are not literals', () => {
    const doc = {
      kind: 'Thing',
      spec: {
        password_file: '/etc/secrets/pw', api_key_file: '/etc/alertmanager/secrets/opsgenie/api-key', credentials_file: '/run/token',
        access_key_id: '${LOKI_S3_ACCESS_KEY_ID}', secret_access_key: '${LOKI_S3_SECRET_ACCESS_KEY}',
        password: '{{ .Values.password }}', token: '$__file{/etc/secrets/token}', apiKey: '<your-api-key>', secret: '********',
        authorization: { type: 'Bearer', credentials_file: '/etc/token' }, bearerToken: 'Bearer ${TOKEN}',
        routingKey: { name: 'pagerduty', key: 'routing-key' },
        env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } } }, { name: 'TOKEN_TTL', value: '3600' }],
        secureJsonData: { password: '$__env{GRAFANA_DB_PASSWORD}' },
        automountServiceAccountToken: false, existingSecret: 'grafana-admin', clientSecretName: 'oauth-client',
        description: 'Password: required; Token refresh rate (per second)',
      },
      metadata: { annotations: { 'observability.cdk8s.io/alertmanager-config-secret': 'alertmanager-main', 'example.com/token': 'enabled' } },
    };
    expect(SecretScan.scan(doc)).toEqual([]);
  });
});

describe('SecretScan.scan: embedded files and keys', () => {
  test('a dashboard JSON in a ConfigMap: the field inside the file', () => {
    const dash = { title: 'Ops', panels: [{}, {}, {}, { type: 'text', description: `token ${GITHUB}` }] };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { 'dash.json': JSON.stringify(dash, null, 2) } };
    expect(SecretScan.scan(cm)).toEqual([{ field: 'data["dash.json"] > panels[3].description', description: 'a GitHub token ("ghp_…", 40 characters)' }]);
  });

  test('alertmanager.yaml in a Secret: the field inside the YAML', () => {
    const config = `route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: ${SLACK_HOOK}\n`;
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'am' }, stringData: { 'alertmanager.yaml': config } };
    const [finding] = SecretScan.scan(secret);
    expect(finding).toEqual({ field: 'stringData["alertmanager.yaml"] > receivers[0].webhook_configs[0].url', description: 'a Slack webhook URL ("T0AB…", 44 characters)' });
  });

  test('a name/value pair inside YAML is found through the structure; YAML that does not parse is scanned by lines', () => {
    const config = 'scrape_configs:\n  - job_name: api\n    env:\n      - name: DB_PASSWORD\n        value: hunter22x\n';
    expect(SecretScan.scan({ kind: 'ConfigMap', data: { 'agent.yaml': config } })).toEqual([
      { field: 'data["agent.yaml"] > scrape_configs[0].env[0].value', description: 'a literal value of "DB_PASSWORD" ("hu…", 9 characters)' },
    ]);
    const twoDocuments = `a: 1\n---\nurl: ${SLACK_HOOK}\n`;
    expect(SecretScan.scan({ kind: 'ConfigMap', data: { 'multi.yaml': twoDocuments } })).toEqual([
      { field: 'data["multi.yaml"] > line 3', description: 'a Slack webhook URL ("T0AB…", 44 characters)' },
    ]);
  });

  test('an Alloy (or any other) file: the line', () => {
    const alloy = 'loki.write "default" {\n  endpoint {\n    url = "http://loki/loki/api/v1/push"\n    password = "hunter2x9"\n  }\n}\n';
    const cm = { kind: 'ConfigMap', metadata: { name: 'a' }, data: { 'config.alloy': alloy } };
    expect(SecretScan.scan(cm)).toEqual([{ field: 'data["config.alloy"] > line 4', description: 'a literal value assigned to "password" ("hu…", 9 characters)' }]);
  });

  test('a Secret: base64 data is decoded, one-line values are scanned under their key', () => {
    const secret = { kind: 'Secret', metadata: { name: 's' }, data: { password: Buffer.from('hunter22').toString('base64'), 'ca.crt': Buffer.from('MIIB').toString('base64') }, stringData: { url: SLACK_HOOK } };
    expect(SecretScan.scan(secret).map((f) => f.field)).toEqual(['data.password', 'stringData.url']);
  });

  test('an object key that is a token is named by its position, never by its text', () => {
    expect(SecretScan.scan({ kind: 'Thing', metadata: { labels: { app: 'x', [GITHUB]: 'y' } } })).toEqual([
      { field: 'metadata.labels.<key 1>', description: 'a GitHub token ("ghp_…", 40 characters)' },
    ]);
  });
});

describe('SecretScan.scan: what must not fire', () => {
  const sha = 'sha256:' + 'a3f1c2d4e5b6a7980112233445566778'.repeat(2);
  test.each([
    ['ordinary URLs', 'https://grafana.internal/d/api-health/api-health?orgId=1&var-namespace=shop&from=now-6h&to=now'],
    ['runbook URLs', 'https://wiki.internal/runbooks/gas-delivery/high-error-rate#database-connection'],
    ['in-cluster URLs', 'http://luckygas-notifier.gas-delivery.svc:8080/alertmanager'],
    ['a webhook URL without a token', 'https://hooks.example.com/alerts/team-a'],
    ['URL templates', '{{ if .CommonAnnotations.dashboard_url }}{{ .CommonAnnotations.dashboard_url }}{{ else }}https://grafana.internal/dashboards{{ end }}'],
    ['a DSN with a variable', 'postgres://app:${DB_PASSWORD}@db.internal:5432/orders'],
    ['uids', 'gas-delivery-lucky-gas-executiv-64f43f1f'],
    ['image digests', `quay.io/prometheus/node-exporter:v1.7.0@${sha}`],
    ['image digests without a registry', `postgres:16@${sha}`],
    ['config checksums', 'a3f1c2d4e5b6a7980112233445566778a3f1c2d4e5b6a7980112233445566778'],
    ['git revisions', 'a3f1c2d4e5b6a7980112233445566778899aabbc'],
    ['PromQL', 'sum by (endpoint) (rate(auth_token_errors_total{job="api", handler=~"/api/v1/token.*"}[$__rate_interval])) > 0.05'],
    ['PromQL with @', 'rate(http_requests_total[5m] @ end())'],
    ['regexes', '.*(token|password|secret|api_key).*'],
    ['Grafana variables', '$__rate_interval'],
    ['long label values', 'a-very-long-label-value-with-many-segments-0123456789-abcdefghij'],
    ['e-mail addresses', 'alertmanager@qutykarunia.com'],
    ['mailto links', 'mailto:ops@example.com'],
    ['a smarthost', 'smtp.qutykarunia.com:587'],
    ['prose about tokens', 'The token refresh rate is high; check the password reset service. Secret rotation: weekly.'],
    ['a UUID', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e'],
    ['Go templates with credential words', '{{ .Annotations.token }} {{ template "pagerduty.default.instances" .Alerts.Firing }}'],
    ['an Authorization type', 'Bearer'],
  ])('%s', (_name, value) => {
    expect(inAnnotation(value)).toEqual([]);
  });
});

describe('SecretScan.allow', () => {
  test('checks its arguments, with the path of the scope', () => {
    const app = Testing.app();
    const c = chartOf(app);
    expect(() => SecretScan.allow(c, 'metadata.labels.token', '  ')).toThrow(
      new ValidationError('SecretScan.allow "metadata.labels.token": reason must not be empty; say why the value is public', 'x'),
    );
    expect(() => SecretScan.allow(c, ' ', 'public')).toThrow("[x] SecretScan.allow: field must name the field of the finding, e.g. 'metadata.annotations.runbook'");
    expect(() => SecretScan.allow(app, 'metadata.labels.token', 'public')).toThrow(
      '[] SecretScan.allow: scope must be the construct of the value or a parent below the app; an acknowledgement for a whole app is not per field',
    );
    expect(() => SecretScan.allow(c, undefined as unknown as string, 'public')).toThrow(ValidationError);
    expect(() => SecretScan.allow(c, 'x', 3 as unknown as string)).toThrow("reason: must be a string, e.g. 'public status page key'; received 3 (a number)");
    expect(() => SecretScan.allow({} as unknown as MonitoringChart, 'x', 'y')).toThrow('scope: must be a construct');
  });

  test('acknowledges one field of the objects at or under the scope, and nothing else', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    const c = chartOf(app);
    const rules = new PrometheusRule(c, 'Rules');
    rules.addGroup('api').addAlert('ApiDown', {
      expr: 'up == 0', severity: Severity.CRITICAL, summary: `maps key ${GOOGLE}`, runbookUrl: `https://wiki.example.com/api?token=${GITLAB}`,
    });
    SecretScan.allow(rules, 'spec.groups[0].rules[0].annotations.summary', 'the browser key of the public status map');
    // the runbook URL is still reported
    expect(findingLines(errorOf(() => Synthesizer.synthFiles(app)))).toEqual([
      '[x/Rules/Resource] spec.groups[0].rules[0].annotations.runbook_url: looks like a GitLab token ("glpa…", 26 characters)',
    ]);
    SecretScan.allow(c, 'spec.groups[0].rules[0].annotations.runbook_url', 'a token of the public demo wiki');
    expect(() => Synthesizer.synthFiles(app)).not.toThrow();
  });

  test('an acknowledgement on a construct that does not hold the object says where the field is, not that it is stale', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    const c = chartOf(app);
    const rules = new PrometheusRule(c, 'Rules');
    const alert = rules.addGroup('api').addAlert('ApiDown', {
      expr: 'up == 0', severity: Severity.CRITICAL, summary: 'API down', runbookUrl: `https://wiki.example.com/api?token=${GITLAB}`,
    });
    // the alerting rule is part of the PrometheusRule's object, not an object of its own
    SecretScan.allow(alert, 'spec.groups[0].rules[0].annotations.runbook_url', 'a token of the public demo wiki');
    expect(() => Synthesizer.synthFiles(app)).toThrow('[x/Rules/Resource] spec.groups[0].rules[0].annotations.runbook_url: looks like a GitLab token');
    expect(SynthWarnings.collect(app)).toEqual([{
      path: 'x/Rules/api/ApiDown',
      message: 'SecretScan.allow: "spec.groups[0].rules[0].annotations.runbook_url" is a field of x/Rules/Resource, which is not this construct nor under it; acknowledge it on x/Rules/Resource or one of its parents',
    }]);
  });

  test('an acknowledgement that matches nothing is a warning on its scope, so that stale ones are noticed', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    const c = chartOf(app);
    const rules = new PrometheusRule(c, 'Rules');
    rules.addGroup('api').addAlert('ApiDown', { expr: 'up == 0', severity: Severity.CRITICAL, summary: 'API down' });
    SecretScan.allow(rules, 'spec.groups[0].rules[0].annotations.summary', 'was a public key');
    Synthesizer.synthFiles(app);
    expect(SynthWarnings.collect(app)).toEqual([{
      path: 'x/Rules',
      message: 'SecretScan.allow: nothing at "spec.groups[0].rules[0].annotations.summary" looks like a credential any more (reason given: "was a public key"); remove the acknowledgement',
    }]);
  });
});

describe('at synth, through the constructs that take such strings', () => {
  test('one error for the whole app, before any file is written, with the path, the field, the value redacted and the fix', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')), 'dist');
    const app = new App({ outdir });
    const c = chartOf(app);
    new AlertmanagerConfig(c, 'Routing', { name: 'routing', receiver: 'default' })
      .addReceiver('default', { integrations: [Integration.webhook({ url: SLACK_HOOK })] });
    const other = new MonitoringChart(app, 'y', { partOf: 'y', namespace: 'y' });
    new PrometheusRule(other, 'Rules').addGroup('api').addAlert('ApiDown', { expr: 'up == 0', severity: Severity.CRITICAL, summary: `API down; key ${AWS_ID}` });
    const message = errorOf(() => Synthesizer.synth(app));
    expect(message).toBe([
      'secret scan: 2 value(s) of the output look like credentials:',
      "  [x/Routing/Resource] spec.receivers[0].webhookConfigs[0].url: looks like a Slack webhook URL (\"T0AB…\", 44 characters); keep it in a Secret and reference it with SecretRef (SecretRef.fromSecret(name, key), where the construct takes one), or acknowledge a public value with SecretScan.allow(scope, 'spec.receivers[0].webhookConfigs[0].url', 'why it is public') (scope: the construct at this path or a parent)",
      "  [y/Rules/Resource] spec.groups[0].rules[0].annotations.summary: looks like an AWS access key id (\"AKIA…\", 20 characters); a label or annotation cannot reference a Secret: take the credential out of it (link to where it is kept instead), or acknowledge a public value with SecretScan.allow(scope, 'spec.groups[0].rules[0].annotations.summary', 'why it is public') (scope: the construct at this path or a parent)",
    ].join('\n'));
    expect(message).not.toContain(SLACK_HOOK.slice(-20));
    expect(message).not.toContain(AWS_ID);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a runbook URL, an alert annotation, a dashboard description and text panel, a blackbox module, a log client URL, Loki S3', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    const c = chartOf(app);
    new PrometheusRule(c, 'Rules').addGroup('api').addAlert('ApiDown', {
      expr: 'up == 0', severity: Severity.CRITICAL, summary: 'API down',
      runbookUrl: `https://gitlab.example.com/ops/runbooks/-/raw/main/api.md?private_token=${GITLAB}`,
      annotations: { escalation: `curl -H 'Authorization: Bearer ${JWT}' https://pager.example.com` },
    });
    const dash = new Dashboard(c, 'Dash', { title: 'Ops', description: `CI token ${GITHUB}` });
    new TextPanel(dash, 'Notes', { title: 'Notes', content: 'Database: `postgres://app:S3cr3tPass@db.internal:5432/orders`' });
    new BlackboxExporter(c, 'bb', {}).addModule(BlackboxModule.http('status', { headers: { 'X-Vault-Token': 'k3y9f8e7d6c5b4a' }, body: '{"api_key":"9f8e7d6c5b4a3210"}' }));
    const logs = new LogCollection(c, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push?token=9f8e7d6c5b4a' })] });
    logs.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    new PromtailAgent(c, 'Promtail', { collection: logs });
    new LoggingStack(c, 'Logging', {
      agent: LogAgent.ALLOY,
      clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push?api_key=9f8e7d6c5b4a' })],
      loki: { storage: LokiStorage.s3({ bucket: 'logs', region: 'eu-west-1', endpoint: 'minioadmin:Sup3rS3cret@minio.storage.svc:9000' }) },
    });
    const lines = findingLines(errorOf(() => Synthesizer.synthFiles(app)));
    expect(lines).toEqual([
      '[x/Rules/Resource] spec.groups[0].rules[0].annotations.escalation: looks like a JSON Web Token ("eyJh…", 92 characters)',
      '[x/Rules/Resource] spec.groups[0].rules[0].annotations.runbook_url: looks like a GitLab token ("glpa…", 26 characters)',
      '[x/Dash/ConfigMap] data["x-ops.json"] > description: looks like a GitHub token ("ghp_…", 40 characters)',
      '[x/Dash/ConfigMap] data["x-ops.json"] > panels[0].options.content: looks like a password in a URL\'s user info ("S3…", 10 characters)',
      '[x/bb/Config/Resource] data["blackbox.yml"] > modules.status.http.body: looks like a literal value assigned to "api_key" ("9f8e…", 16 characters)',
      '[x/bb/Config/Resource] data["blackbox.yml"] > modules.status.http.headers.X-Vault-Token: looks like a literal value of the credential field "X-Vault-Token" ("k3…", 15 characters)',
      '[x/Promtail/Config/Resource] data["promtail.yaml"] > clients[0].url: looks like a credential in the query parameter "token" of a URL ("9f…", 12 characters)',
      expect.stringMatching(/^\[x\/Logging\/Agent\/Config\/Resource\] data\["config\.alloy"\] > line \d+: looks like a credential in the query parameter "api_key" of a URL \("9f…", 12 characters\)$/),
      '[x/Logging/Loki/Resource/Resource] data["config.yaml"] > common.storage.s3.endpoint: looks like a password in a user:password@host address ("Su…", 11 characters)',
    ]);
  });

  test('a token as a chart label value is in every object; app.synth() and Testing.synth() report it through the chart validation', () => {
    const c = chartOf(Testing.app(), { token: 'a1b2c3d4e5f6' });
    new PrometheusRule(c, 'Rules').addGroup('api').addAlert('ApiDown', { expr: 'up == 0', severity: Severity.CRITICAL, summary: 'API down' });
    new Dashboard(c, 'Dash', { title: 'Ops' });
    const message = errorOf(() => Testing.synth(c));
    const lines = message.split('\n');
    expect(lines[0]).toBe('Validation failed with the following errors:');
    expect(lines.slice(1).map((l) => l.replace(HINT, ''))).toEqual([
      '  [x] secret scan of x/Rules/Resource: metadata.labels.token: looks like a literal value of the credential field "token" ("a1…", 12 characters)',
      '  [x] secret scan of x/Dash/ConfigMap: metadata.labels.token: looks like a literal value of the credential field "token" ("a1…", 12 characters)',
    ]);
    SecretScan.allow(c, 'metadata.labels.token', 'a public feature-flag token');
    expect(() => Testing.synth(c)).not.toThrow();
  });

  test('a literal in a Secret manifest: the fix is a Secret created outside the output', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    new ApiObject(chartOf(app), 'Db', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter22' } });
    expect(errorOf(() => Synthesizer.synthFiles(app)).split('\n')[1]).toBe(
      '  [x/Db] stringData.password: looks like a literal value of the credential field "password" ("hu…", 8 characters); a Secret written to the output is as '
      + "readable as the rest of it: create it outside (sealed-secrets, external-secrets) and reference it with SecretRef, or acknowledge a public value with SecretScan.allow(scope, 'stringData.password', 'why it is public') (scope: the construct at this path or a parent)",
    );
  });

  test('credentials given as SecretRef never show', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-')) });
    const c = chartOf(app);
    new AlertmanagerConfig(c, 'Routing', { name: 'routing', receiver: 'default' })
      .addReceiver('default', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('slack', 'url') }), Integration.webhook({ urlSecret: SecretRef.fromSecret('hook', 'url') })] });
    expect(() => Synthesizer.synthFiles(app)).not.toThrow();
  });
});

describe('redactUrl: a URL for an error message', () => {
  test.each<[string, string]>([
    ['https://alertmanager.example.com:9093/api/v2/alerts', 'https://alertmanager.example.com:9093/api/v2/alerts'],
    ['https://user:p4ssw0rd@hooks.example.com/x', 'https://***@hooks.example.com/x'],
    [`https://${GITHUB}@raw.example.com`, 'https://***@raw.example.com'],
    [SLACK_HOOK, 'https://hooks.slack.com/services/T0ABCD123/B0ABCD456/aB3d…'],
    ['https://h.example.com/p?token=abc&flag&empty=&region=eu', 'https://h.example.com/p?token=***&flag&empty=&region=***'],
    ['https://h.example.com/p#access_token=abc', 'https://h.example.com/p#***'],
    ['https://h.example.com/p#', 'https://h.example.com/p#'],
    ['user:pass@db.example.com:5432/orders', '***@db.example.com:5432/orders'],
    ['not a url', 'not a url'],
    ['', ''],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('isCredentialName: the names whose every literal value is a credential', () => {
  test('header and variable names', () => {
    const names = ['Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'Api-Key', 'X-Auth-Token', 'Private-Token', 'REDIS_PASSWORD', 'X-Gitlab-Api-Key', 'Accept', 'User-Agent', 'X-Request-Id', 'existingSecret', 'X-Vault-Token'];
    expect(names.filter(isCredentialName)).toEqual(['Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'Api-Key', 'X-Auth-Token', 'Private-Token', 'REDIS_PASSWORD', 'X-Gitlab-Api-Key']);
  });
});

describe('the reference apps', () => {
  test('scan clean, every object of every environment', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-secret-scan-'));
    let objects = 0;
    for (const app of buildAll(outdir)) {
      for (const file of Synthesizer.synthFiles(app)) {
        for (const manifest of file.manifests) {
          objects++;
          expect({ file: file.fileName, name: (manifest.metadata as { name: string }).name, findings: SecretScan.scan(manifest) })
            .toEqual({ file: file.fileName, name: (manifest.metadata as { name: string }).name, findings: [] });
        }
      }
    }
    expect(objects).toBeGreaterThan(100);
  });
});
