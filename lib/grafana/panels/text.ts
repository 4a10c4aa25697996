import { Construct } from 'constructs';
import { quote, ValidationError } from '../../core';
import { Panel, PanelProps } from './panel';
import { requireString } from '../../core/untyped';

/** How text panel content is read. Maps to `options.mode`. */
export enum TextMode {
  /** Markdown. */
  MARKDOWN = 'markdown',
  /** HTML (sanitized by Grafana unless `disable_sanitize_html`). */
  HTML = 'html',
  /** Code, with highlighting. */
  CODE = 'code',
}

/** Properties of a `TextPanel`. */
export interface TextPanelProps extends PanelProps {
  /** The content. Maps to `options.content`. */
  readonly content: string;
  /**
   * How the content is read.
   * @default TextMode.MARKDOWN
   */
  readonly mode?: TextMode;
  /**
   * Highlighting language of code content. Maps to `options.code.language`.
   * @default 'plaintext'
   */
  readonly codeLanguage?: string;
}

/**
 * Static text (`text`): Markdown notes, runbook summaries, links for the on-call.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/text/
 */
export class TextPanel extends Panel {
  /** `text`. */
  public readonly type = 'text';
  /** The content (`content`). */
  public readonly content: string;
  /** How the content is read (`mode`, default `TextMode.MARKDOWN`). */
  public readonly mode: TextMode;
  /** The highlighting language of code content (`codeLanguage`, default `plaintext`). */
  public readonly codeLanguage: string;

  public constructor(scope: Construct, id: string, props: TextPanelProps) {
    super(scope, id, props);
    ValidationError.within(this, () => requireString(props.content, 'content', "'## Runbook'"));
    if (props.content.trim() === '') throw ValidationError.at(this, `content: must not be empty; received ${quote(props.content)}`);
    this.content = props.content;
    this.mode = props.mode ?? TextMode.MARKDOWN;
    this.codeLanguage = props.codeLanguage ?? 'plaintext';
  }

  /** @internal */
  protected _body(): { [key: string]: unknown } {
    return {
      options: {
        mode: this.mode,
        content: this.content,
        code: { language: this.codeLanguage, showLineNumbers: false, showMiniMap: false },
      },
    };
  }
}
