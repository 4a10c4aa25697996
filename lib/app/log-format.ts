import { Stage, TimestampFormat } from '../loki';

/**
 * How a service writes its log lines, which decides how its log pipeline parses them. Each format
 * extracts `level` (made a label) and the timestamp; everything else stays in the line, to be parsed at
 * query time (`| json`, `| logfmt`).
 */
export class LogFormat {
  /** One JSON object per line with `level`, `time` (RFC 3339) and `message` fields. */
  public static readonly JSON = new LogFormat('json', () => [
    Stage.json({ expressions: { level: '', time: '' } }),
    Stage.timestamp({ source: 'time', format: TimestampFormat.RFC3339 }),
  ]);
  /** logfmt key=value pairs with `level` and `time` keys. */
  public static readonly LOGFMT = new LogFormat('logfmt', () => [
    Stage.logfmt({ mapping: { level: '', time: '' } }),
    Stage.timestamp({ source: 'time', format: TimestampFormat.RFC3339 }),
  ]);
  /** Plain text starting with the level (`ERROR something failed`): only the level is extracted. */
  public static readonly PLAIN = new LogFormat('plain', () => [Stage.regex({ expression: '^(?P<level>[A-Z]+)\\s' })]);

  /** The format's name. */
  public readonly name: string;
  private readonly stages: () => Stage[];

  private constructor(name: string, stages: () => Stage[]) {
    this.name = name;
    this.stages = stages;
  }

  /** @internal the parsing stages of the format */
  public _stages(): Stage[] {
    return this.stages();
  }
}
