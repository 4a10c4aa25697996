import { spawnSync } from 'child_process';
import * as path from 'path';
import { MessageTemplates } from '../../lib/alertmanager';
import { amtoolCheckConfig, tempFiles } from '../util/tools';

function render(text: string): string {
  const dir = tempFiles({ [MessageTemplates.FILE_NAME]: MessageTemplates.FILE_CONTENT });
  const result = spawnSync('amtool', ['template', 'render', `--template.glob=${path.join(dir, MessageTemplates.FILE_NAME)}`, `--template.text=${text}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('MessageTemplates', () => {
  test('the template file parses in amtool check-config', () => {
    const config = `route: { receiver: r }\nreceivers: [{ name: r }]\ntemplates: ['./${MessageTemplates.FILE_NAME}']\n`;
    const result = amtoolCheckConfig(config, { [MessageTemplates.FILE_NAME]: MessageTemplates.FILE_CONTENT });
    expect(result).toMatchObject({ ok: true });
    expect(result.output).toMatch(/1 templates/);
  });

  test('amtool renders the body with labels and a silence link, on its sample data', () => {
    const text = render(MessageTemplates.ref(MessageTemplates.TEXT));
    expect(text).toMatch(/Labels: .*instance=foo\.bar:1234/);
    expect(text).toMatch(/Silence: https:\/\/example\.com\/#\/silences\/new\?filter=%7B.*commonlabelkey1%3D%22commonlabelvalue1%22.*%7D/);
  });

  test('amtool renders the title and pager description', () => {
    expect(render(MessageTemplates.ref(MessageTemplates.TITLE))).toMatch(/^\[\w+/);
    expect(render(MessageTemplates.ref(MessageTemplates.PAGER_DESCRIPTION))).toMatch(/firing/);
  });

  test('ref() writes a template call', () => {
    expect(MessageTemplates.ref('x')).toBe('{{ template "x" . }}');
  });
});
