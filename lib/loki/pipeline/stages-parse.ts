// The stages that parse a line into extracted fields (`cri`, `json`, `logfmt`, `regex`) or join lines (`multiline`).

import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, Re2Regex, ValidationError } from '../../core';
import { checkNumber, optionalBoolean, requireObject, requireString } from '../../core/untyped';
import { captureGroupNames, checkFieldName, checkNonEmptyMap, COUNT } from './checks';

/**
 * Options of the `cri` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/cri/
 */
export interface CriStageOptions {
  /**
   * Maximum number of partial lines (`P` flag) joined into one entry. Maps to `max_partial_lines`.
   * @default 100
   */
  readonly maxPartialLines?: number;
  /**
   * Maximum size in bytes of a joined partial line. Maps to `max_partial_line_size`.
   * @default - no limit
   */
  readonly maxPartialLineSizeBytes?: number;
  /**
   * Truncate joined partial lines longer than `maxPartialLineSizeBytes`. Maps to `max_partial_line_size_truncate`.
   * @default false
   */
  readonly maxPartialLineSizeTruncate?: boolean;
}

/**
 * Options of the `json` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/json/
 */
export interface JsonStageOptions {
  /**
   * Fields to extract: extracted-field name to JMESPath expression; an empty expression extracts the
   * top-level key of the same name (the stage's `definition` then holds that key as an explicit, quoted
   * when needed, expression). Maps to `expressions`.
   */
  readonly expressions: { [field: string]: string };
  /**
   * Extracted field to parse instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
  /**
   * Drop lines that are not valid JSON. Maps to `drop_malformed`.
   * @default false
   */
  readonly dropMalformed?: boolean;
}

/**
 * Options of the `logfmt` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/logfmt/
 */
export interface LogfmtStageOptions {
  /**
   * Fields to extract: extracted-field name to logfmt key; empty means the key of the same name (made
   * explicit in the stage's `definition`). Maps to `mapping`.
   */
  readonly mapping: { [field: string]: string };
  /**
   * Extracted field to parse instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
}

/**
 * Options of the `regex` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/regex/
 */
export interface RegexStageOptions {
  /**
   * An RE2 regular expression whose named capture groups (`(?P<level>\w+)`) become extracted fields.
   * Checked with RE2: look-arounds and back-references are rejected. Maps to `expression`.
   */
  readonly expression: string;
  /**
   * Extracted field to match instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
}

/**
 * Options of the `multiline` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/multiline/
 */
export interface MultilineStageOptions {
  /** RE2 regular expression matching the first line of an entry (e.g. `^\d{4}-\d{2}-\d{2}`). Maps to `firstline`. */
  readonly firstLine: string;
  /**
   * How long to wait for more lines before sending an entry. Maps to `max_wait_time`.
   * @default Duration.seconds(3)
   */
  readonly maxWait?: Duration;
  /**
   * Maximum number of lines of one entry. Maps to `max_lines`.
   * @default 128
   */
  readonly maxLines?: number;
}

/**
 * Checks the options of `Stage.cri` and returns the `cri` of its definition.
 * @internal
 */
export function checkedCri(options: CriStageOptions): CriStageOptions {
  requireObject(options, 'Stage.cri options', '{ maxPartialLines: 100 }');
  // cri.go (grafana/loki v3.5.1): max_partial_lines an int, max_partial_line_size a flagext.ByteSize (uint64)
  checkNumber(options.maxPartialLines, 'Stage.cri maxPartialLines', COUNT('lines'));
  checkNumber(options.maxPartialLineSizeBytes, 'Stage.cri maxPartialLineSizeBytes', COUNT('bytes'));
  optionalBoolean(options.maxPartialLineSizeTruncate, 'Stage.cri maxPartialLineSizeTruncate');
  if (options.maxPartialLineSizeTruncate && options.maxPartialLineSizeBytes === undefined) {
    throw new ValidationError('Stage.cri maxPartialLineSizeTruncate: needs maxPartialLineSizeBytes (the size to truncate at)');
  }
  return { ...options };
}

/**
 * Checks the options of `Stage.json` and returns the `json` of its definition.
 * @internal
 */
export function checkedJson(options: JsonStageOptions): JsonStageOptions {
  requireObject(options, 'Stage.json options', "{ expressions: { level: '' } }");
  checkNonEmptyMap(options.expressions, 'Stage.json expressions');
  const expressions: { [field: string]: string } = {};
  for (const [name, expression] of Object.entries(options.expressions)) {
    checkFieldName(name, 'Stage.json expressions');
    if (/[\n\r]/.test(expression)) throw new ValidationError(`Stage.json expressions["${name}"]: a JMESPath expression is one line; received ${quote(expression)}`);
    if (expression !== '') checkJmesPath(expression, `Stage.json expressions["${name}"]`);
    // An empty expression means the top-level key of the same name; JMESPath needs quotes around keys
    // that are not identifiers (`"trace-id"`), so renderers always get an explicit expression.
    expressions[name] = expression !== '' ? expression : /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
  }
  if (options.source !== undefined) checkFieldName(options.source, 'Stage.json source');
  return { ...options, expressions };
}

/**
 * Checks the options of `Stage.logfmt` and returns the `logfmt` of its definition.
 * @internal
 */
export function checkedLogfmt(options: LogfmtStageOptions): LogfmtStageOptions {
  requireObject(options, 'Stage.logfmt options', "{ mapping: { level: '' } }");
  checkNonEmptyMap(options.mapping, 'Stage.logfmt mapping');
  const mapping: { [field: string]: string } = {};
  for (const [name, key] of Object.entries(options.mapping)) {
    checkFieldName(name, 'Stage.logfmt mapping');
    if (key !== '') checkFieldName(key, `Stage.logfmt mapping["${name}"]`);
    mapping[name] = key === '' ? name : key;
  }
  if (options.source !== undefined) checkFieldName(options.source, 'Stage.logfmt source');
  return { ...options, mapping };
}

/**
 * Checks the options of `Stage.regex` and returns the `regex` of its definition.
 * @internal
 */
export function checkedRegex(options: RegexStageOptions): RegexStageOptions {
  // Promtail and Alloy compile the expression with Go's regexp (RE2 syntax) when the config loads
  // (regex.go); they accept one without named groups, which extracts nothing: refused here.
  requireObject(options, 'Stage.regex options', "{ expression: '(?P<level>\\\\w+)' }");
  requireString(options.expression, 'Stage.regex expression', "'(?P<level>\\\\w+)'");
  Re2Regex.of(options.expression, 'Stage.regex expression');
  if (captureGroupNames(options.expression).length === 0) {
    throw new ValidationError(`Stage.regex expression: needs at least one named capture group such as (?P<level>\\w+), which becomes an extracted field; received ${quote(options.expression)}`);
  }
  if (options.source !== undefined) checkFieldName(options.source, 'Stage.regex source');
  return { ...options };
}

/**
 * Checks the options of `Stage.multiline` and returns the `multiline` of its definition.
 * @internal
 */
export function checkedMultiline(options: MultilineStageOptions): MultilineStageOptions {
  requireObject(options, 'Stage.multiline options', "{ firstLine: '^\\\\d{4}-' }");
  requireString(options.firstLine, 'Stage.multiline firstLine', "'^\\\\d{4}-'");
  Re2Regex.of(options.firstLine, 'Stage.multiline firstLine');
  // multiline.go (grafana/loki v3.5.1): max_lines is a uint64
  checkNumber(options.maxLines, 'Stage.multiline maxLines', COUNT('lines'));
  if (options.maxWait !== undefined && PrometheusDuration.millis(options.maxWait) <= 0) {
    throw new ValidationError(`Stage.multiline maxWait: must be positive; received ${PrometheusDuration.format(options.maxWait)}`);
  }
  return { ...options };
}

// The reference JavaScript implementation of JMESPath, by the specification's authors; Promtail and Alloy
// compile json stage expressions with its Go twin (github.com/jmespath/go-jmespath), and stop on an
// expression it cannot parse, on every node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jmespath: { compile(expression: string): unknown } = require('jmespath');

/** Fails on a JMESPath expression the agents cannot compile, with the parser's reason. */
function checkJmesPath(expression: string, field: string): void {
  try {
    jmespath.compile(expression);
  } catch (e) {
    throw new ValidationError(`${field}: invalid JMESPath expression (${(e as Error).message}); received ${quote(expression)}`);
  }
}
