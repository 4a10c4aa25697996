import { IConstruct } from 'constructs';
import { Serialize } from '../core';
import { requireConstruct } from '../core/untyped';
import { AlertingRule } from './alerting-rule';
import { PrometheusRule } from './prometheus-rule';
import { RecordingRule } from './recording-rule';

/** The promtool inputs for every PrometheusRule under a scope. */
export interface RenderedRuleTests {
  /** Every file by relative path: rule files (`<namespace>/<name>.rules.yaml`) and test files (`<namespace>/<name>.test.yaml`). */
  readonly files: { [path: string]: string };
  /** The rule files, for `promtool check rules`. */
  readonly ruleFiles: string[];
  /** The test files, for `promtool test rules` (each names its rule file in `rule_files`). */
  readonly testFiles: string[];
}

/**
 * Collects the rule unit tests declared with `AlertingRule.addTest()` / `RecordingRule.addTest()`
 * into `promtool test rules` files, beside the rule files they test.
 *
 * @example
 * const { files, testFiles } = RuleTests.render(chart);
 * for (const t of testFiles) expect(promtoolTestRules(t, files).ok).toBe(true);
 */
export class RuleTests {
  /**
   * The evaluation interval of groups without an explicit `interval` in the test files: kube-prometheus-stack's
   * default `evaluationInterval`, so the tests see what the cluster does.
   */
  public static readonly DEFAULT_EVALUATION_INTERVAL = '30s';

  /**
   * Renders every PrometheusRule at or under `scope` as a rule file, and the declared tests of its rules
   * as a test file next to it (only for PrometheusRules with tests).
   */
  public static render(scope: IConstruct): RenderedRuleTests {
    requireConstruct(scope, 'scope', 'the app or a chart');
    const files: { [path: string]: string } = {};
    const ruleFiles: string[] = [];
    const testFiles: string[] = [];
    for (const rule of scope.node.findAll().filter((c): c is PrometheusRule => c instanceof PrometheusRule)) {
      const stem = `${rule.namespace}/${rule.name}`;
      const ruleFile = `${stem}.rules.yaml`;
      files[ruleFile] = rule.toRuleFile();
      ruleFiles.push(ruleFile);
      const tests = rule.node.findAll()
        .filter((c): c is AlertingRule | RecordingRule => c instanceof AlertingRule || c instanceof RecordingRule)
        .flatMap((r) => r.ruleTests.map((t) => t._render()));
      if (tests.length === 0) continue;
      const testFile = `${stem}.test.yaml`;
      files[testFile] = Serialize.yaml({
        rule_files: [`${rule.name}.rules.yaml`],
        evaluation_interval: RuleTests.DEFAULT_EVALUATION_INTERVAL,
        tests,
      });
      testFiles.push(testFile);
    }
    return { files, ruleFiles, testFiles };
  }

  private constructor() {}
}
