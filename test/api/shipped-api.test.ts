import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { internalDeclarationsIn, shippedInternals, strippedConstructors } from './shipped-api';

// The shipped API is the designed API: the package's declaration files (built as `npm run build` does, into a
// temporary folder) declare nothing marked @internal, and they type-check for a consumer, without skipLibCheck,
// so that no public type refers to a stripped one.

const ROOT = path.resolve(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');

/** Output of a failed tsc run (its diagnostics are on stdout). */
function run(args: string[], cwd: string): void {
  try {
    execFileSync(TSC, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (e: any) {
    throw new Error(`tsc ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('the built package declarations', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-shipped-api-'));
  const out = path.join(work, 'out');

  beforeAll(() => {
    run(['-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], ROOT);
  }, 120000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('declare nothing marked @internal', () => {
    const found = shippedInternals(out).map((d) => `${d.where} ${d.name}`);
    if (found.length > 0) throw new Error(`${found.length} @internal declaration(s) in the built .d.ts files:\n${found.join('\n')}`);
  });

  test('type-check for a consumer using every namespace (no skipLibCheck)', () => {
    // the consumer resolves cdk8s and constructs from the repository's node_modules
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const consumer = fs.readFileSync(path.join(__dirname, 'shipped-consumer.ts'), 'utf8');
    expect(consumer).toContain("from '../../lib';");
    fs.writeFileSync(path.join(work, 'consumer.ts'), consumer.replace("from '../../lib';", "from './out/lib';"));
    run(
      ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2020', '--module', 'commonjs', '--esModuleInterop', '--types', 'node', 'consumer.ts'],
      work,
    );
  }, 120000);
});

test('no exported class of lib/ has a public @internal constructor, which stripInternal would turn into `new X()`', () => {
  const found = strippedConstructors(path.join(ROOT, 'lib'), ROOT).map((d) => `${d.where} ${d.name}`);
  expect(found).toEqual([]);
});

describe('the checks themselves', () => {
  test('find @internal statements and members, as stripInternal recognises them', () => {
    const text = [
      'export declare class A {',
      '    /** Public. */',
      '    readonly shown: string;',
      '    /** @internal */',
      '    _hidden(): void;',
      '}',
      '/** Described. @internal */',
      'export declare const B = 1, C = 2;',
      '/** Public. */',
      'export declare function d(): void;',
      'export declare namespace N {',
      '    /**',
      '     * Described.',
      '     * @internal',
      '     */',
      '    interface I {',
      '    }',
      '}',
    ].join('\n');
    expect(internalDeclarationsIn('x.d.ts', text)).toEqual([
      { where: 'x.d.ts:5', name: 'A._hidden' },
      { where: 'x.d.ts:8', name: 'B, C' },
      { where: 'x.d.ts:16', name: 'N.I' },
    ]);
  });

  test('find public @internal constructors of exported classes only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-stripped-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        [
          'export class Shown {',
          '  /** @internal */',
          '  public constructor(_x: number) {}',
          '}',
          'export class Private {',
          '  /** @internal */',
          '  private constructor() {}',
          '}',
          'class NotExported {',
          '  /** @internal */',
          '  constructor() {}',
          '}',
        ].join('\n'),
      );
      expect(strippedConstructors(dir, dir)).toEqual([{ where: 'a.ts:3', name: 'Shown.constructor' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
