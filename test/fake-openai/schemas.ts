// Validates bodies against the component schemas of the vendored OpenAI spec (OpenAPI 3.1).
// The spec is parsed once, turned into plain JSON Schema 2020-12 (see spec-to-json-schema.ts)
// and handed to Ajv as one document; a validator per schema name is compiled on first use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { toJsonSchemaDocument, type OpenApiDocument } from './spec-to-json-schema';

const DOC_ID = 'openai';
/** At most this many messages per failed validation: the first ones are the useful ones. */
const MAX_MESSAGES = 8;

let ajv: Ajv2020 | undefined;
let componentNames: Set<string> | undefined;
const validators = new Map<string, ValidateFunction>();
let loadMs = 0;

/** The spec lives in the source tree; this module runs from out/test/fake-openai/ or from test/fake-openai/. */
function specPath(): string {
  const candidates = [
    path.join(__dirname, 'spec', 'openapi.yaml'),
    path.resolve(__dirname, '..', '..', '..', 'test', 'fake-openai', 'spec', 'openapi.yaml'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`OpenAI spec not found; looked at ${candidates.join(', ')}`);
  return found;
}

function load(): Ajv2020 {
  if (ajv) return ajv;
  const started = Date.now();
  const spec = parseYaml(fs.readFileSync(specPath(), 'utf8')) as OpenApiDocument;
  const { document, formats } = toJsonSchemaDocument(spec, DOC_ID);
  const instance = new Ajv2020({ strict: false, allErrors: false, logger: false });
  addFormats(instance);
  // The spec uses OpenAPI-only formats (unixtime, binary, png, …): accept them, the `type` beside them still applies.
  for (const f of formats) if (!instance.formats[f]) instance.addFormat(f, true);
  instance.addSchema(document);
  componentNames = new Set(Object.keys(document.components.schemas));
  ajv = instance;
  loadMs = Date.now() - started;
  return instance;
}

/** Parses and prepares the spec now rather than on the first validation; returns how long loading took (ms). */
export function loadSchemas(): number {
  load();
  return loadMs;
}

export function hasSchema(name: string): boolean {
  load();
  return componentNames!.has(name);
}

function validatorFor(key: string, schema: () => object): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = load().compile(schema());
    validators.set(key, v);
  }
  return v;
}

/** Validates `value` against `#/components/schemas/<name>`; returns readable messages, empty when valid. */
export function validateSchema(name: string, value: unknown): string[] {
  if (!hasSchema(name)) throw new Error(`No schema named '${name}' in the OpenAI spec`);
  const validate = validatorFor(name, () => ({ $ref: `${DOC_ID}#/components/schemas/${name}` }));
  return validate(value) ? [] : describeErrors(validate.errors ?? []);
}

/**
 * Validates against an ad-hoc schema (for the few request bodies the spec declares inline); `$ref`s in it
 * may point at components as `openai#/components/schemas/<name>`. `key` names it in the compile cache.
 */
export function validateInline(key: string, schema: object, value: unknown): string[] {
  const validate = validatorFor(`inline:${key}`, () => schema);
  return validate(value) ? [] : describeErrors(validate.errors ?? []);
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const p = e.params as Record<string, unknown>;
  let detail = '';
  if (e.keyword === 'enum') {
    const allowed = p.allowedValues as unknown[];
    const shown = allowed.length > 12 ? [...allowed.slice(0, 12), '…'] : allowed;
    detail = ` ${JSON.stringify(shown)}`;
  }
  else if (e.keyword === 'const') detail = ` ${JSON.stringify(p.allowedValue)}`;
  else if (e.keyword === 'additionalProperties') detail = ` ('${String(p.additionalProperty)}')`;
  return `${where} ${e.message ?? e.keyword}${detail}`;
}

/** Ajv reports the failing branch's errors and then wrappers ("must match \"then\" schema"); keep the informative ones. */
function describeErrors(errors: ErrorObject[]): string[] {
  const wrappers = new Set(['if', 'anyOf', 'oneOf', 'allOf']);
  const specific = errors.filter((e) => !wrappers.has(e.keyword));
  const chosen = specific.length > 0 ? specific : errors;
  const messages = [...new Set(chosen.map(describeError))];
  if (messages.length > MAX_MESSAGES) {
    const more = messages.length - MAX_MESSAGES;
    return [...messages.slice(0, MAX_MESSAGES), `… and ${more} more`];
  }
  return messages;
}
