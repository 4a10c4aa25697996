import { createHash } from 'crypto';
import { App } from 'cdk8s';
import { RenderedValue, RenderPass } from '../../lib/core/render-pass';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { AlloyAgent } from '../../lib/loki/alloy';
import { buildPlatform, buildService } from '../bench/workload';

describe('RenderPass', () => {
  test('a rendered value is computed once per pass, and every time outside one', () => {
    let computed = 0;
    const value = new RenderedValue(() => ++computed);
    expect([value.get(), value.get()]).toEqual([1, 2]);
    expect(RenderPass.run(() => [value.get(), value.get()])).toEqual([3, 3]);
    expect(RenderPass.run(() => value.get())).toBe(4);
  });

  test('running: true inside a pass only, and a nested run goes on with the running pass', () => {
    const value = new RenderedValue(() => ({}));
    expect(RenderPass.running).toBe(false);
    RenderPass.run(() => {
      expect(RenderPass.running).toBe(true);
      const outer = value.get();
      expect(RenderPass.run(() => value.get())).toBe(outer);
    });
    expect(RenderPass.running).toBe(false);
  });

  test('a computation that throws is not kept', () => {
    let fail = true;
    const value = new RenderedValue(() => {
      if (fail) throw new Error('not yet');
      return 'ok';
    });
    RenderPass.run(() => {
      expect(() => value.get()).toThrow('not yet');
      fail = false;
      expect(value.get()).toBe('ok');
    });
  });

  test('one synth renders a log agent\'s configuration once, for its validation, ConfigMap and checksum', () => {
    const app = new App({ outdir: '/tmp/unused' });
    const platform = buildPlatform(app);
    buildService(app, 0, platform);
    const agent = platform.logging.agent as AlloyAgent;
    const spy = jest.spyOn(agent, 'configText');
    const files = FastSynthesis.files(app);
    expect(spy).toHaveBeenCalledTimes(1);
    const text = files.find((f) => f.fileName === 'platform.k8s.yaml')!.yaml;
    expect(text).toContain(createHash('sha256').update(agent.configText()).digest('hex'));
  });
});
