import { quote, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';
import { requireArray, requireNumber, requireObject } from '../core/untyped';

const NAMED_COLORS = new Set([
  'green', 'red', 'yellow', 'orange', 'blue', 'purple', 'text', 'transparent',
  'dark-green', 'semi-dark-green', 'light-green', 'super-light-green',
  'dark-red', 'semi-dark-red', 'light-red', 'super-light-red',
  'dark-yellow', 'semi-dark-yellow', 'light-yellow', 'super-light-yellow',
  'dark-orange', 'semi-dark-orange', 'light-orange', 'super-light-orange',
  'dark-blue', 'semi-dark-blue', 'light-blue', 'super-light-blue',
  'dark-purple', 'semi-dark-purple', 'light-purple', 'super-light-purple',
]);

/**
 * A colour of Grafana's palette (`green`, `dark-red`...) or a hex colour (`#EAB839`).
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/configure-thresholds/
 */
export class Color {
  /** `green`: fine. */
  public static readonly GREEN = new Color('green');
  /** `yellow`: attention. */
  public static readonly YELLOW = new Color('yellow');
  /** `orange`: warning. */
  public static readonly ORANGE = new Color('orange');
  /** `red`: bad. */
  public static readonly RED = new Color('red');
  /** `blue`: neutral information. */
  public static readonly BLUE = new Color('blue');
  /** `purple`: neutral information. */
  public static readonly PURPLE = new Color('purple');
  /** `text`: the theme's text colour. */
  public static readonly TEXT = new Color('text');

  /**
   * A palette colour name (`dark-green`, `semi-dark-red`, `light-blue`...) or a hex colour `#rgb` / `#rrggbb`.
   */
  public static of(name: string): Color {
    if (!NAMED_COLORS.has(name) && !/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(name)) {
      throw new ValidationError(`color: must be a Grafana palette colour (green, dark-red, light-blue...) or a hex colour such as "#EAB839"; received ${quote(name)}`);
    }
    return new Color(name);
  }

  /** The colour as written in the dashboard JSON. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }
}

/** One step of a threshold scale: values from `value` upwards get `color`. */
export interface ThresholdStep {
  /**
   * The lowest value of the step, a finite number: in the unit of the panel's values with
   * `ThresholdsMode.ABSOLUTE`; a percent from 0 to 100 of the field's min..max range with
   * `ThresholdsMode.PERCENTAGE` (50, not 0.5).
   */
  readonly value: number;
  /** The colour of the step. */
  readonly color: Color;
}

/** How threshold values are read. Maps to `fieldConfig.defaults.thresholds.mode`. */
export enum ThresholdsMode {
  /** Values are compared as they are. */
  ABSOLUTE = 'absolute',
  /** Values are percentages of the field's min..max range. */
  PERCENTAGE = 'percentage',
}

/**
 * A threshold scale (`fieldConfig.defaults.thresholds`): a base colour for everything below the first
 * step, then steps in strictly increasing order.
 *
 * @example
 * Thresholds.lowerIsBetter(0.7, 0.85);   // green, then yellow from 0.7, red from 0.85
 * Thresholds.higherIsBetter(0.95, 0.99); // red, then yellow from 0.95, green from 0.99
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/configure-thresholds/
 */
export class Thresholds {
  /**
   * A scale from a base colour and steps.
   * @param base the colour below the first step
   * @param steps the steps, values strictly increasing
   * @param mode absolute (default) or percentage
   */
  public static of(base: Color, steps: ThresholdStep[], mode: ThresholdsMode = ThresholdsMode.ABSOLUTE): Thresholds {
    return deferProblem(() => {
      if (!(base instanceof Color)) throw new ValidationError(`thresholds base: must be a Color, e.g. Color.GREEN; received ${quote(base)}`);
      if (!Object.values(ThresholdsMode).includes(mode)) throw new ValidationError(`thresholds mode: must be ThresholdsMode.ABSOLUTE or ThresholdsMode.PERCENTAGE; received ${quote(mode)}`);
      requireArray(steps, 'thresholds steps', '[{ value: 80, color: Color.RED }]');
      for (let i = 0; i < steps.length; i++) {
        requireObject(steps[i], `thresholds steps[${i}]`, '{ value: 80, color: Color.RED }');
        if (!(steps[i].color instanceof Color)) throw new ValidationError(`thresholds steps[${i}].color: must be a Color, e.g. Color.RED; received ${quote(steps[i].color)}`);
        // percentage mode: Grafana reads a step as a percent (0..100) of the field's min..max range
        if (mode === ThresholdsMode.PERCENTAGE) {
          requireNumber(steps[i].value, `thresholds steps[${i}].value`, { unit: 'percent of the min..max range', min: 0, max: 100 });
        } else {
          requireNumber(steps[i].value, `thresholds steps[${i}].value`, { unit: 'the unit of the panel values' });
        }
        if (i > 0 && steps[i].value <= steps[i - 1].value) {
          throw new ValidationError(`thresholds: step values must increase strictly; received ${steps.map((s) => s.value).join(', ')}`);
        }
      }
    }, () => new Thresholds(base, Array.isArray(steps) ? [...steps] : [], mode));
  }

  /** Green below `warning`, yellow from `warning`, red from `critical` (latency, error rate, usage). */
  public static lowerIsBetter(warning: number, critical: number): Thresholds {
    return Thresholds.of(Color.GREEN, [{ value: warning, color: Color.YELLOW }, { value: critical, color: Color.RED }]);
  }

  /** Red below `critical`, yellow from `critical`, green from `good` (success rates, budget remaining). */
  public static higherIsBetter(critical: number, good: number): Thresholds {
    return Thresholds.of(Color.RED, [{ value: critical, color: Color.YELLOW }, { value: good, color: Color.GREEN }]);
  }

  /** A single colour, no steps. */
  public static single(color: Color): Thresholds {
    return new Thresholds(color, [], ThresholdsMode.ABSOLUTE);
  }

  /** The colour below the first step. */
  public readonly base: Color;
  /** The steps, in increasing order. */
  public readonly steps: ThresholdStep[];
  /** How values are read. */
  public readonly mode: ThresholdsMode;

  private constructor(base: Color, steps: ThresholdStep[], mode: ThresholdsMode) {
    this.base = base;
    this.steps = steps;
    this.mode = mode;
  }

  /** @internal Grafana's JSON: the base step has `value: null`. */
  public _render(): { mode: string; steps: Array<{ color: string; value: number | null }> } {
    raiseProblem(this);
    return {
      mode: this.mode,
      steps: [{ color: this.base.name, value: null }, ...this.steps.map((s) => ({ color: s.color.name, value: s.value }))],
    };
  }
}

/**
 * A value mapping (`fieldConfig.defaults.mappings`): shows a value or range as text and colour, as state
 * timelines and stats need for `up`-style 0/1 series.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/configure-value-mappings/
 */
export class ValueMapping {
  /** An exact value shown as `text` in `color`. */
  public static value(value: string, text: string, color?: Color): ValueMapping {
    return new ValueMapping({ type: 'value', options: { [value]: { text, color: color?.name } } });
  }

  /** Values from `from` to `to` (inclusive) shown as `text` in `color`. */
  public static range(from: number, to: number, text: string, color?: Color): ValueMapping {
    if (!(from <= to)) throw new ValidationError(`value mapping: range start must not exceed its end; received ${from}..${to}`);
    return new ValueMapping({ type: 'range', options: { from, to, result: { text, color: color?.name } } });
  }

  private readonly json: { [key: string]: unknown };

  private constructor(json: { [key: string]: unknown }) {
    this.json = json;
  }

  /** @internal the mapping with its index in the list. */
  public _render(index: number): { [key: string]: unknown } {
    const options = this.json.options as { [key: string]: any };
    if (this.json.type === 'value') {
      const [[k, v]] = Object.entries(options);
      return { type: 'value', options: { [k]: { ...v, index } } };
    }
    return { type: 'range', options: { ...options, result: { ...options.result, index } } };
  }
}
