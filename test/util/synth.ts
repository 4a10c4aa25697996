import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';

/** A synthesized Kubernetes object. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** Synthesizes a chart (running every validation) into plain objects. */
export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** The objects of a kind, optionally only the one with a name. */
export function byKind(manifests: Manifest[], kind: string, name?: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
}

/** The single object of a kind and name; throws when there is not exactly one. */
export function one(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = byKind(manifests, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found[0];
}

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Every manifest file in `dist/`, by path relative to `dist/`. */
export function distFiles(): { [file: string]: Manifest[] } {
  const out: { [file: string]: Manifest[] } = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) out[path.relative(path.join(ROOT, 'dist'), full)] = yaml.loadAll(fs.readFileSync(full, 'utf8')) as Manifest[];
    }
  };
  walk(path.join(ROOT, 'dist'));
  return out;
}
