/**
 * JSON Schema 2020-12 (zod's output) -> the AsyncAPI Schema Object (a draft-07 superset), which
 * is the schema format @asyncapi/parser 3.x validates without a custom parser (it knows no
 * 2020-12 schemaFormat). Only what zod emits needs mapping: `$defs` become components (their
 * `$ref`s rewritten, since `#` now means the AsyncAPI document), `prefixItems` the array form of
 * `items`, `dependentRequired` `dependencies`; `$schema`/`$id` are dropped.
 */
type Json = unknown;
type JsonObject = { [key: string]: Json };

export interface Draft07Result {
  schema: JsonObject;
  /** Hoisted `$defs`, keyed by their component name. */
  components: Record<string, JsonObject>;
}

/** `componentPrefix` keeps hoisted definitions of different messages apart. */
export function toAsyncApiSchema(schema: JsonObject, componentPrefix: string): Draft07Result {
  const defs = (schema.$defs ?? {}) as Record<string, JsonObject>;
  const refName = (name: string) => `${componentPrefix}${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  const convert = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== 'object') return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value as JsonObject)) {
      if (key === '$schema' || key === '$id' || key === '$defs') continue;
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
        out.$ref = `#/components/schemas/${refName(decodeURIComponent(child.slice('#/$defs/'.length)))}`;
      } else if (key === 'prefixItems') {
        out.items = convert(child);
        if ('items' in (value as JsonObject))
          out.additionalItems = convert((value as JsonObject).items);
      } else if (key === 'items' && 'prefixItems' in (value as JsonObject)) {
        continue; // became additionalItems above
      } else if (key === 'dependentRequired') {
        out.dependencies = convert(child);
      } else {
        out[key] = convert(child);
      }
    }
    return out;
  };
  const components = Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [refName(name), convert(def) as JsonObject]),
  );
  return { schema: convert(schema) as JsonObject, components };
}
