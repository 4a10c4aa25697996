// The stages that rewrite the line or a field: `output`, `template`.

import { quote, ValidationError } from '../../core';
import { ALLOY_TEMPLATE_FUNCTIONS, goTemplateError, PROMTAIL_TEMPLATE_FUNCTIONS } from '../../core/go-template';
import { requireObject, requireString } from '../../core/untyped';
import { checkFieldName } from './checks';

/**
 * Options of the `output` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/output/
 */
export interface OutputStageOptions {
  /** Extracted field that becomes the log line. Maps to `source`. */
  readonly source: string;
}

/**
 * Options of the `template` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/template/
 */
export interface TemplateStageOptions {
  /** Extracted field written (created when missing). Maps to `source`. */
  readonly source: string;
  /**
   * Go template; `{{ .Value }}` is the field's current value, `{{ .Entry }}` the line, `{{ .<field> }}` other
   * fields. Parsed as the agents parse it when they load the config: actions, `{{ end }}`s, variables, and
   * functions among Go's builtins, sprig's and the agents' own (`ToUpper`, `Replace`, `Hash`,
   * `regexReplaceAll`...). Maps to `template`.
   */
  readonly template: string;
}

/**
 * Checks the options of `Stage.output` and returns the `output` of its definition.
 * @internal
 */
export function checkedOutput(options: OutputStageOptions): OutputStageOptions {
  requireObject(options, 'Stage.output options', "{ source: 'msg' }");
  checkFieldName(options.source, 'Stage.output source');
  return { ...options };
}

/**
 * Checks the options of `Stage.template` and returns the `template` of its definition.
 * @internal
 */
export function checkedTemplate(options: TemplateStageOptions): TemplateStageOptions {
  requireObject(options, 'Stage.template options', "{ source: 'level', template: '{{ ToLower .Value }}' }");
  checkFieldName(options.source, 'Stage.template source');
  requireString(options.template, 'Stage.template template', "'{{ ToLower .Value }}'");
  checkStageTemplate(options.template);
  return { ...options };
}

/**
 * The functions both agents define for the `template` stage: a stage is rendered for either, so it may
 * only use what both parse (the two sets are equal today).
 */
const TEMPLATE_STAGE_FUNCTIONS: ReadonlySet<string> = new Set([...PROMTAIL_TEMPLATE_FUNCTIONS].filter((f) => ALLOY_TEMPLATE_FUNCTIONS.has(f)));

/**
 * Parses the template as Promtail and Alloy do when they load the config (`template.New(...).Funcs(functionMap)
 * .Parse(...)` in clients/pkg/logentry/stages/template.go of grafana/loki v3.5.1 and
 * internal/component/loki/process/stages/template.go of grafana/alloy): a template they cannot parse stops
 * the agent on every node. The data is a map (extracted fields, `.Value`, `.Entry`), so any `.field` parses;
 * no variable but `$` is predefined. A template without actions is a constant, which both accept.
 */
function checkStageTemplate(template: string): void {
  const reason = goTemplateError(template, TEMPLATE_STAGE_FUNCTIONS, []);
  if (reason === undefined) return;
  let fix: string;
  if (reason.startsWith('function ')) {
    fix = 'use Go\'s builtins, Promtail\'s own functions (ToLower, ToUpper, Replace, Trim, TrimLeft, TrimRight, TrimPrefix, TrimSuffix, TrimSpace, Hash, Sha2Hash, regexReplaceAll, regexReplaceAllLiteral) or sprig\'s (default, lower, upper, trunc, replace, contains...); function names are case-sensitive';
  } else if (reason.startsWith('undefined variable')) {
    fix = 'declare variables with {{ $x := ... }} before using them; the data is .Value (the source field), .Entry (the line) and the extracted fields (.level)';
  } else if (/outside \{\{range\}\}$/.test(reason)) {
    fix = '{{ break }} and {{ continue }} only go inside a {{ range }}';
  } else if (/^unexpected (\{\{(end|else)\}\}|EOF)/.test(reason)) {
    fix = 'every {{ if }}, {{ range }} and {{ with }} needs its {{ end }}, and {{ end }} or {{ else }} only closes one of them';
  } else {
    fix = 'write each action as {{ <pipeline> }} (a literal "{{" is written {{ "{{" }}), with quoted strings closed';
  }
  throw new ValidationError(`Stage.template template: Promtail and Alloy cannot parse this Go template (${reason}), and would stop on every node; ${fix}; received ${quote(template)}`);
}
