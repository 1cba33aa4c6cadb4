// Turns the components of the OpenAI OpenAPI 3.1 document into a JSON Schema 2020-12 document Ajv accepts.
// The spec still carries OpenAPI 3.0 leftovers and documentation-only keywords, and its unions overlap:
//  - `nullable: true` (3.0) becomes `anyOf [schema, {type: null}]`;
//  - boolean `exclusiveMinimum/Maximum` (3.0) become the numeric 2020 form;
//  - `$recursiveRef: "#"` (2019-09, unsupported by Ajv2020) points at its own component;
//  - `description`, `example(s)`, `title`, `deprecated`, `x-*`, `discriminator` are dropped;
//  - a schema with `properties` but no `type` is meant as an object and gets `type: object`;
//  - every `oneOf` becomes `anyOf`: the spec's branches overlap (a message with a content list is both an
//    EasyInputMessage and an InputMessage), so "exactly one" would reject valid bodies;
//  - a union whose object branches are told apart by a tag (`type`, or the discriminator's property)
//    dispatches on that tag with if/then, so a wrong body reports the errors of its own branch only,
//    instead of the errors of sixty branches.

export interface OpenApiDocument { components: { schemas: Record<string, unknown> } }
export interface JsonSchemaDocument { $id: string; components: { schemas: Record<string, unknown> } }
type Obj = Record<string, unknown>;

const DROPPED = new Set(['description', 'example', 'examples', 'title', 'deprecated', 'discriminator', 'externalDocs', 'xml', 'readOnly', 'writeOnly', 'nullable']);
/** Keywords whose value maps names to schemas (the names must survive even when they read "description"). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is data, not a schema. */
const DATA = new Set(['enum', 'const', 'default', 'required', 'type', 'format', 'pattern', '$ref']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a (raw) schema says about the tag property of the objects it accepts. */
interface TagInfo {
  tags: string[] | 'any' | 'none';  // 'any': objects with any tag or none; 'none': accepts no object at all
  tagRequired: boolean;
  nonObject: boolean;               // may accept a value that is not an object (string, null, …)
}
const ANY: TagInfo = { tags: 'any', tagRequired: false, nonObject: true };

export function toJsonSchemaDocument(spec: OpenApiDocument, id: string): { document: JsonSchemaDocument; formats: Set<string> } {
  const raw = spec.components.schemas;
  const formats = new Set<string>();

  const resolve = (ref: string): unknown => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    return m ? raw[m[1]] : undefined;
  };

  function intersect(parts: TagInfo[]): TagInfo {
    const tagged = parts.find((p) => Array.isArray(p.tags));
    return {
      tags: tagged ? tagged.tags : parts.some((p) => p.tags === 'none') ? 'none' : 'any',
      tagRequired: parts.some((p) => p.tagRequired),
      nonObject: parts.every((p) => p.nonObject),
    };
  }

  function union(parts: TagInfo[]): TagInfo {
    if (parts.some((p) => p.tags === 'any')) return { ...ANY, nonObject: parts.some((p) => p.nonObject) };
    const lists = parts.filter((p) => Array.isArray(p.tags));
    return {
      tags: lists.length ? [...new Set(lists.flatMap((p) => p.tags as string[]))] : 'none',
      tagRequired: lists.every((p) => p.tagRequired),
      nonObject: parts.some((p) => p.nonObject),
    };
  }

  function analyze(node: unknown, tag: string, seen: Set<string>): TagInfo {
    if (!isObj(node)) return ANY;
    const parts: TagInfo[] = [];
    if (typeof node.$ref === 'string') {
      parts.push(seen.has(node.$ref) ? ANY : analyze(resolve(node.$ref), tag, new Set(seen).add(node.$ref)));
    }
    for (const k of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(node[k])) parts.push(union((node[k] as unknown[]).map((b) => analyze(b, tag, seen))));
    }
    if (Array.isArray(node.allOf)) parts.push(...(node.allOf as unknown[]).map((b) => analyze(b, tag, seen)));
    parts.push(ownInfo(node, tag));
    const info = intersect(parts);
    return node.nullable === true ? { ...info, nonObject: true } : info;
  }

  function ownInfo(node: Obj, tag: string): TagInfo {
    const types = node.type === undefined ? undefined : ([] as unknown[]).concat(node.type);
    if (types && !types.includes('object')) return { tags: 'none', tagRequired: false, nonObject: true };
    const props = isObj(node.properties) ? node.properties : undefined;
    let tagSchema = props?.[tag];
    if (isObj(tagSchema) && typeof tagSchema.$ref === 'string') tagSchema = resolve(tagSchema.$ref);
    let tags: string[] | undefined;
    if (isObj(tagSchema)) {
      if (typeof tagSchema.const === 'string') tags = [tagSchema.const];
      else if (Array.isArray(tagSchema.enum) && tagSchema.enum.every((v) => typeof v === 'string')) tags = tagSchema.enum as string[];
    }
    return {
      tags: tags ?? 'any',
      tagRequired: Array.isArray(node.required) && node.required.includes(tag),
      nonObject: types ? types.some((t) => t !== 'object') : !props && !node.required,
    };
  }

  const anyOfOrOne = (schemas: unknown[]): unknown => (schemas.length === 1 ? schemas[0] : { anyOf: schemas });

  /** The if/then form of a tagged union, or undefined when fewer than two branches carry a tag. */
  function dispatch(rawBranches: unknown[], branches: unknown[], tag: string): Obj | undefined {
    const infos = rawBranches.map((b) => analyze(b, tag, new Set()));
    if (infos.filter((i) => Array.isArray(i.tags)).length < 2) return undefined;
    const allTags = [...new Set(infos.flatMap((i) => (Array.isArray(i.tags) ? i.tags : [])))];
    const pick = (ok: (i: TagInfo) => boolean) => branches.filter((_, n) => ok(infos[n]));
    const knownTag = { type: 'object', required: [tag], properties: { [tag]: { enum: allTags } } };
    const fallback = pick((i) => i.tags === 'any' || i.nonObject || (Array.isArray(i.tags) && !i.tagRequired));
    return {
      if: knownTag,
      then: {
        allOf: allTags.map((t) => ({
          if: { properties: { [tag]: { const: t } } },
          then: anyOfOrOne(pick((i) => i.tags === 'any' || (Array.isArray(i.tags) && i.tags.includes(t)))),
        })),
      },
      else: fallback.length ? anyOfOrOne(fallback) : knownTag,
    };
  }

  function convert(node: unknown, component: string): unknown {
    if (Array.isArray(node)) return node.map((n) => convert(n, component));
    if (!isObj(node)) return node;
    const out: Obj = {};
    const extra: unknown[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (key === '$recursiveRef') out.$ref = `#/components/schemas/${component}`;
      else if (DATA.has(key)) out[key] = value;
      else if (SCHEMA_MAPS.has(key) && isObj(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, component)]));
      } else if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
        const branches = value.map((b) => convert(b, component));
        const tag = isObj(node.discriminator) && typeof node.discriminator.propertyName === 'string' ? node.discriminator.propertyName : 'type';
        extra.push(dispatch(value, branches, tag) ?? { anyOf: branches });
      } else out[key] = convert(value, component);
    }
    if (typeof node.format === 'string') formats.add(node.format);
    for (const bound of ['Minimum', 'Maximum'] as const) {
      if (out[`exclusive${bound}`] === true) {
        out[`exclusive${bound}`] = out[bound.toLowerCase()];
        delete out[bound.toLowerCase()];
      } else if (out[`exclusive${bound}`] === false) delete out[`exclusive${bound}`];
    }
    if (out.properties !== undefined && out.type === undefined) out.type = 'object';
    if (extra.length) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...extra];
    return node.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
  }

  const schemas = Object.fromEntries(Object.entries(raw).map(([name, s]) => [name, convert(s, name)]));
  return { document: { $id: id, components: { schemas } }, formats };
}
