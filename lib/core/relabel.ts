// Relabeling steps (`relabel_config`): the same value type for the scrape objects of lib/prometheus (target
// and metric relabelings) and for the log discovery of lib/loki, so it lives in the core layer.
import { quote, ValidationError } from './errors';
import { deferProblem, raiseProblem } from './problems';
import { Re2Regex } from './regex';
import { optionalString, optionalStringList, requireNumber, requireObject } from './untyped';
import { Validate } from './validate';

/**
 * The action of a relabeling step, as Prometheus names it (`relabel_config.action`).
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config
 */
export enum RelabelAction {
  /** Writes `replacement` (with capture groups) to `targetLabel` when `regex` matches the joined source labels. */
  REPLACE = 'replace',
  /** Drops the target or series unless `regex` matches the joined source labels. */
  KEEP = 'keep',
  /** Drops the target or series when `regex` matches the joined source labels. */
  DROP = 'drop',
  /** Drops the target or series unless the joined source labels equal `targetLabel`'s value. */
  KEEP_EQUAL = 'keepequal',
  /** Drops the target or series when the joined source labels equal `targetLabel`'s value. */
  DROP_EQUAL = 'dropequal',
  /** Writes the hash of the joined source labels modulo `modulus` to `targetLabel` (sharding). */
  HASHMOD = 'hashmod',
  /** Copies every label whose name matches `regex` to the name given by `replacement`. */
  LABELMAP = 'labelmap',
  /** Removes every label whose name matches `regex`. */
  LABELDROP = 'labeldrop',
  /** Removes every label whose name does not match `regex`. */
  LABELKEEP = 'labelkeep',
  /** Writes the lower-cased joined source labels to `targetLabel`. */
  LOWERCASE = 'lowercase',
  /** Writes the upper-cased joined source labels to `targetLabel`. */
  UPPERCASE = 'uppercase',
}

/** Options of a generic relabeling step (`Relabel.of`); each field maps to the `relabel_config` field of the same name. */
export interface RelabelOptions {
  /**
   * The action. Maps to `action`.
   * @default RelabelAction.REPLACE
   */
  readonly action?: RelabelAction;
  /**
   * Labels whose values are joined with `separator` and matched against `regex`. Maps to `source_labels`.
   * @default - none
   */
  readonly sourceLabels?: string[];
  /**
   * Joins the source label values. Maps to `separator`.
   * @default ";"
   */
  readonly separator?: string;
  /**
   * An RE2 regular expression, fully anchored by Prometheus. Maps to `regex`.
   * @default "(.*)"
   */
  readonly regex?: string;
  /**
   * The label written by `replace`, `hashmod`, `lowercase`, `uppercase`, `keepequal` and `dropequal`. Maps to `target_label`.
   * @default - none
   */
  readonly targetLabel?: string;
  /**
   * The value written by `replace` (`$1`, `${name}` refer to capture groups), or the label name pattern of `labelmap`. Maps to `replacement`.
   * @default "$1"
   */
  readonly replacement?: string;
  /**
   * The modulus of `hashmod`: a count of buckets, an integer >= 1. Maps to `modulus`.
   * @default - none
   */
  readonly modulus?: number;
}

/** Options of `Relabel.replace`. */
export interface RelabelReplaceOptions {
  /** Labels whose values are joined with `separator` and matched against `regex`. */
  readonly sourceLabels: string[];
  /** The label to write; may contain capture-group references (`$1`, `${name}`). */
  readonly targetLabel: string;
  /**
   * An RE2 regular expression over the joined source labels.
   * @default "(.*)"
   */
  readonly regex?: string;
  /**
   * The value to write; `$1` and `${name}` refer to capture groups.
   * @default "$1"
   */
  readonly replacement?: string;
  /**
   * Joins the source label values.
   * @default ";"
   */
  readonly separator?: string;
}

/** Options of `Relabel.keep` and `Relabel.drop`. */
export interface RelabelFilterOptions {
  /** Labels whose values are joined with `separator` and matched against `regex`. */
  readonly sourceLabels: string[];
  /** An RE2 regular expression over the joined source labels, fully anchored. */
  readonly regex: string;
  /**
   * Joins the source label values.
   * @default ";"
   */
  readonly separator?: string;
}

const ACTIONS = new Set<string>(Object.values(RelabelAction));
// Prometheus' relabelTarget: a label name in which `$1` / `${name}` capture-group references may appear.
const REPLACE_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/**
 * One relabeling step (`relabel_config`), for target relabelings or metric relabelings of a scrape
 * endpoint. Built by the static factories, which check the fields the action needs, the label names
 * and the regular expression (with RE2, Prometheus' engine), as Prometheus does when it loads the config.
 * An invalid step is reported by the construct it is given to, with its path and the field
 * (`[app/shop/Monitor] endpoints[0].relabelings[2]: relabel replace targetLabel: ...`); a step never
 * used is harmless.
 *
 * @example
 * Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' });
 * Relabel.drop({ sourceLabels: ['__name__'], regex: 'go_gc_.*' });
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config
 */
export class Relabel {
  /** Sets `targetLabel` from the source labels (capture groups of `regex` in `replacement`). */
  public static replace(options: RelabelReplaceOptions): Relabel {
    return Relabel.of({ action: RelabelAction.REPLACE, ...options });
  }

  /**
   * Sets `targetLabel` to a fixed value (a `replace` without source labels), e.g. the `job` label of a
   * ServiceMonitor whose Service has another name. `$` in the value is escaped.
   */
  public static set(targetLabel: string, value: string): Relabel {
    return Relabel.of({ action: RelabelAction.REPLACE, targetLabel, replacement: typeof value === 'string' ? value.replace(/\$/g, '$$$$') : value });
  }

  /** Keeps only targets/series whose joined source labels match `regex`. */
  public static keep(options: RelabelFilterOptions): Relabel {
    return Relabel.of({ action: RelabelAction.KEEP, ...options });
  }

  /** Drops targets/series whose joined source labels match `regex`. */
  public static drop(options: RelabelFilterOptions): Relabel {
    return Relabel.of({ action: RelabelAction.DROP, ...options });
  }

  /** Keeps only targets/series whose joined source labels equal the value of `targetLabel`. */
  public static keepEqual(sourceLabels: string[], targetLabel: string): Relabel {
    return Relabel.of({ action: RelabelAction.KEEP_EQUAL, sourceLabels, targetLabel });
  }

  /** Drops targets/series whose joined source labels equal the value of `targetLabel`. */
  public static dropEqual(sourceLabels: string[], targetLabel: string): Relabel {
    return Relabel.of({ action: RelabelAction.DROP_EQUAL, sourceLabels, targetLabel });
  }

  /** Writes `hash(source labels) % modulus` to `targetLabel`. */
  public static hashMod(sourceLabels: string[], modulus: number, targetLabel: string): Relabel {
    return Relabel.of({ action: RelabelAction.HASHMOD, sourceLabels, modulus, targetLabel });
  }

  /**
   * Copies labels whose names match `regex` to `replacement` (e.g. `__meta_kubernetes_pod_label_(.+)` to `$1`).
   * @param replacement the new label name pattern; default `$1`
   */
  public static labelMap(regex: string, replacement?: string): Relabel {
    return Relabel.of({ action: RelabelAction.LABELMAP, regex, replacement });
  }

  /** Removes labels whose names match `regex`. */
  public static labelDrop(regex: string): Relabel {
    return Relabel.of({ action: RelabelAction.LABELDROP, regex });
  }

  /** Removes labels whose names do not match `regex`. */
  public static labelKeep(regex: string): Relabel {
    return Relabel.of({ action: RelabelAction.LABELKEEP, regex });
  }

  /** Writes the lower-cased source labels to `targetLabel`. */
  public static lowercase(sourceLabels: string[], targetLabel: string): Relabel {
    return Relabel.of({ action: RelabelAction.LOWERCASE, sourceLabels, targetLabel });
  }

  /** Writes the upper-cased source labels to `targetLabel`. */
  public static uppercase(sourceLabels: string[], targetLabel: string): Relabel {
    return Relabel.of({ action: RelabelAction.UPPERCASE, sourceLabels, targetLabel });
  }

  /**
   * Any relabeling step, checked as Prometheus checks it: a known action, the fields that action
   * requires, valid label names and an RE2 regular expression.
   *
   * An invalid step is not thrown here: the construct it is given to (a ServiceMonitor endpoint, a
   * Probe, a LogDiscovery...) raises the error with its path and the field, e.g.
   * `[app/shop/Monitor] endpoints[0].relabelings[2]: relabel replace targetLabel: ...`. A step never
   * given to a construct is harmless (it is never rendered).
   */
  public static of(options: RelabelOptions): Relabel {
    const action = options?.action ?? RelabelAction.REPLACE;
    return deferProblem(() => Relabel.check(action, options), () => new Relabel(action, options ?? {}));
  }

  private static check(action: RelabelAction, options: RelabelOptions): void {
    requireObject(options, 'relabel', '{ sourceLabels: [\'__name__\'], regex: \'go_.*\' }');
    optionalStringList(options.sourceLabels, `relabel ${action} sourceLabels`, '[\'__name__\']');
    for (const field of ['separator', 'regex', 'targetLabel', 'replacement'] as const) optionalString(options[field], `relabel ${action} ${field}`, '\'...\'');
    if (!ACTIONS.has(action)) {
      throw new ValidationError(`relabel action: must be one of ${[...ACTIONS].join(', ')}; received ${quote(action)}`);
    }
    const where = `relabel ${action}`;
    (options.sourceLabels ?? []).forEach((l, i) => Validate.relabelLabelName(l, `${where} sourceLabels[${i}]`));
    if (options.regex !== undefined) {
      if (options.regex === '') {
        throw new ValidationError(`${where} regex: must not be empty (the Prometheus Operator leaves an empty regex out, so Prometheus would apply its default "(.*)" and match every value); to match an empty value, use "^$"`);
      }
      Re2Regex.of(options.regex, `${where} regex`, { goBefore122: true });
    }

    const needsSource = [RelabelAction.KEEP, RelabelAction.DROP, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE];
    if (needsSource.includes(action) && (options.sourceLabels ?? []).length === 0) {
      throw new ValidationError(`${where} sourceLabels: at least one source label is required; received ${quote(options.sourceLabels ?? [])}`);
    }
    const needsTarget = [RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL];
    if (needsTarget.includes(action)) {
      if (options.targetLabel === undefined || options.targetLabel === '') {
        throw new ValidationError(`${where} targetLabel: is required for the ${action} action; received ${quote(options.targetLabel)}`);
      }
      if (action === RelabelAction.REPLACE) {
        if (!REPLACE_TARGET.test(options.targetLabel)) {
          throw new ValidationError(`${where} targetLabel: must be a label name, optionally with capture-group references ($1, \${name}); received ${quote(options.targetLabel)}`);
        }
      } else if (action !== RelabelAction.HASHMOD && options.targetLabel.includes('$')) {
        throw new ValidationError(`${where} targetLabel: must be a plain label name: only the replace action expands capture-group references, so ${action} would use the label literally named ${quote(options.targetLabel)}; received ${quote(options.targetLabel)}`);
      } else {
        Validate.relabelLabelName(options.targetLabel, `${where} targetLabel`);
      }
    } else if (options.targetLabel !== undefined) {
      throw new ValidationError(`${where} targetLabel: is not used by the ${action} action; remove it (received ${quote(options.targetLabel)})`);
    }
    if (action === RelabelAction.HASHMOD) {
      // Prometheus' relabel modulus is a uint64 and a modulus of 0 is refused ("relabel configuration for hashmod requires non-zero modulus")
      requireNumber(options.modulus, `${where} modulus`, { unit: 'a count of hash buckets', min: 1, integer: true });
    } else if (options.modulus !== undefined) {
      throw new ValidationError(`${where} modulus: is only used by the hashmod action; received ${quote(options.modulus)}`);
    }
    if ([RelabelAction.KEEP, RelabelAction.DROP, RelabelAction.LABELMAP, RelabelAction.LABELDROP, RelabelAction.LABELKEEP].includes(action) && options.regex === undefined) {
      throw new ValidationError(`${where} regex: is required for the ${action} action (the default "(.*)" would match everything); received undefined`);
    }
    if (action === RelabelAction.LABELMAP && options.replacement !== undefined && !REPLACE_TARGET.test(options.replacement)) {
      throw new ValidationError(`${where} replacement: must be a label name pattern, optionally with capture-group references ($1, \${name}), as Prometheus 2.x requires of labelmap (3.x accepts more, but the output must load in both); write it with letters, digits and underscores, e.g. ${quote(String(options.replacement).replace(/\$\{?\w+\}?|[^A-Za-z0-9_$]/g, (m) => (m.startsWith('$') ? m : '_')))}; received ${quote(options.replacement)}`);
    }
    if ((action === RelabelAction.LABELDROP || action === RelabelAction.LABELKEEP) && (options.sourceLabels !== undefined || options.replacement !== undefined || options.separator !== undefined)) {
      throw new ValidationError(`${where}: only regex is allowed for the ${action} action; remove sourceLabels, separator and replacement`);
    }
    if ((action === RelabelAction.KEEP_EQUAL || action === RelabelAction.DROP_EQUAL) && (options.regex !== undefined || options.replacement !== undefined || options.separator !== undefined)) {
      throw new ValidationError(`${where}: only sourceLabels and targetLabel are allowed for the ${action} action (Prometheus rejects regex, separator and replacement here)`);
    }
  }

  /** The action. */
  public readonly action: RelabelAction;
  /** The source labels. */
  public readonly sourceLabels?: string[];
  /** The separator. */
  public readonly separator?: string;
  /** The regular expression. */
  public readonly regex?: string;
  /** The target label. */
  public readonly targetLabel?: string;
  /** The replacement. */
  public readonly replacement?: string;
  /** The modulus (hashmod). */
  public readonly modulus?: number;

  private constructor(action: RelabelAction, options: RelabelOptions) {
    this.action = action;
    // An empty list is the same as none; leaving it out keeps the output minimal.
    this.sourceLabels = Array.isArray(options.sourceLabels) && options.sourceLabels.length > 0 ? [...options.sourceLabels] : undefined;
    this.separator = options.separator;
    this.regex = options.regex;
    this.targetLabel = options.targetLabel;
    this.replacement = options.replacement;
    this.modulus = options.modulus;
  }

  /**
   * The Prometheus Operator `RelabelConfig` object (camelCase fields).
   * @internal
   */
  public _toKube(): { action: any; sourceLabels?: string[]; separator?: string; regex?: string; targetLabel?: string; replacement?: string; modulus?: number } {
    raiseProblem(this);
    return {
      action: this.action,
      sourceLabels: this.sourceLabels,
      separator: this.separator,
      regex: this.regex,
      targetLabel: this.targetLabel,
      replacement: this.replacement,
      modulus: this.modulus,
    };
  }
}
