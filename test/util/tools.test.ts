import { spawnSync } from 'child_process';
import { promtoolCheckRules, TOOL_VERSIONS } from './tools';

const [bookworm, lts] = TOOL_VERSIONS;

/** Everything `binary --version` prints. */
function version(binary: string): string {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

const VALID_RULES = `groups:
  - name: g
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
`;

// A quoted UTF-8 metric name in the selector: Prometheus 3 syntax, a parse error before it.
const PROMETHEUS_3_RULES = `groups:
  - name: g
    rules:
      - alert: DottedMetricHigh
        expr: '{"my.metric"} > 1'
`;

describe('the two versions of promtool and amtool', () => {
  test('are listed bookworm first, then LTS, each labelled from its --version', () => {
    expect(TOOL_VERSIONS).toHaveLength(2);
    expect(bookworm.name).toMatch(/^promtool 2\.\d+$/);
    expect(lts.name).toMatch(/^promtool 3\.\d+$/);
    expect(bookworm.promtool).not.toEqual(lts.promtool);
    expect(bookworm.amtool).not.toEqual(lts.amtool);
  });

  test('bookworm has promtool 2.x and amtool 0.25.x', () => {
    expect(version(bookworm.promtool)).toMatch(/^promtool, version 2\./m);
    expect(version(bookworm.amtool)).toMatch(/^amtool, version 0\.25\./m);
  });

  test('LTS has promtool 3.x and amtool 0.33.x', () => {
    expect(version(lts.promtool)).toMatch(/^promtool, version 3\./m);
    expect(version(lts.amtool)).toMatch(/^amtool, version 0\.33\./m);
  });

  test.each(TOOL_VERSIONS.map((tool) => [tool.name, tool] as const))('%s accepts a valid rule file', (_name, tool) => {
    const result = promtoolCheckRules({ 'rules.yaml': VALID_RULES }, tool);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  test('a quoted UTF-8 metric name is rejected by promtool 2 and accepted by promtool 3', () => {
    const old = promtoolCheckRules({ 'rules.yaml': PROMETHEUS_3_RULES }, bookworm);
    expect(old.ok).toBe(false);
    expect(old.output).toMatch(/parse error/);
    const current = promtoolCheckRules({ 'rules.yaml': PROMETHEUS_3_RULES }, lts);
    expect(current.output).toMatch(/SUCCESS/);
    expect(current.ok).toBe(true);
  });

  test('the default is bookworm', () => {
    expect(promtoolCheckRules({ 'rules.yaml': PROMETHEUS_3_RULES }).ok).toBe(false);
  });
});
