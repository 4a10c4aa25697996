import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { RE2 } from 're2-wasm';
import { Manifest, ROOT } from './synth';

const CRD_DIRS = ['crds/prometheus-operator', 'crds/grafana-operator'];

type Entry = { schema: object; validate?: ValidateFunction };
let schemas: Map<string, Entry> | undefined;
let ajv: Ajv | undefined;

// CRD schemas use Kubernetes extensions (x-kubernetes-*) and formats ajv does not know; they do not
// change what is valid for our purposes, so they are accepted as annotations. Their `pattern`s are Go
// regular expressions (e.g. `(?i)`), so they are compiled with RE2, not JavaScript's RegExp.
function load(): Map<string, Entry> {
  if (schemas) return schemas;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: ((pattern: string) => new RE2(pattern, 'u')) as any } });
  schemas = new Map();
  for (const dir of CRD_DIRS) {
    for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).sort()) {
      const crd = yaml.load(fs.readFileSync(path.join(ROOT, dir, file), 'utf8')) as any;
      for (const version of crd.spec.versions) {
        schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { schema: version.schema.openAPIV3Schema });
      }
    }
  }
  return schemas;
}

function validatorFor(manifest: Manifest): ValidateFunction | undefined {
  const entry = load().get(`${manifest.apiVersion}/${manifest.kind}`);
  if (!entry) return undefined;
  entry.validate ??= ajv!.compile(entry.schema);
  return entry.validate;
}

/** Whether a manifest's kind has a vendored CRD. */
export function hasCrdSchema(manifest: Manifest): boolean {
  return load().has(`${manifest.apiVersion}/${manifest.kind}`);
}

/**
 * Validates a custom resource against the `openAPIV3Schema` of its vendored CRD.
 * Returns the list of schema errors (empty when valid); throws when no CRD is vendored for its kind.
 */
export function crdSchemaErrors(manifest: Manifest): string[] {
  const validate = validatorFor(manifest);
  if (!validate) throw new Error(`no vendored CRD for ${manifest.apiVersion} ${manifest.kind}`);
  if (validate(manifest as object)) return [];
  return (validate.errors ?? []).map((e) => `${manifest.kind}/${manifest.metadata?.name}${e.instancePath} ${e.message}`);
}

/**
 * The fields of a custom resource that its vendored CRD describes as deprecated ("Deprecated: use ... instead",
 * "Deprecated field, use spec.uid instead"), as JSON paths (`/spec/datasource/uid`).
 */
export function deprecatedFieldsUsed(manifest: Manifest): string[] {
  const entry = load().get(`${manifest.apiVersion}/${manifest.kind}`);
  if (!entry) throw new Error(`no vendored CRD for ${manifest.apiVersion} ${manifest.kind}`);
  const out: string[] = [];
  const walk = (schema: any, value: any, at: string) => {
    if (schema === undefined || value === undefined || value === null) return;
    if (at !== '' && typeof schema.description === 'string' && /^\s*deprecated\b/i.test(schema.description)) out.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => walk(schema.items, v, `${at}/${i}`));
    else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined), v, `${at}/${k}`);
    }
  };
  walk(entry.schema, manifest, '');
  return out;
}
