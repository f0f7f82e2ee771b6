/**
 * zod schema -> the JSON Schema snapshot of one event version.
 *
 * io 'output' (zod's default) on purpose. The snapshot is the wire contract, and on the wire is
 * zod's output: the runtime's create()/serialize() parse the payload before writing it, so every
 * field with a default is present and no unknown key is left. Output mode states exactly that:
 * objects are closed (`additionalProperties: false`) and fields with defaults are required but
 * keep their `default`. That is also what makes Confluent's rules decide the way readers behave:
 * adding an optional field to a closed object is compatible, adding a required field with a
 * default is compatible, removing a field is not. The input view (what create() accepts) would
 * describe objects as open, so every added field would be PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL
 * and no event could ever grow in place.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { canonicalJson } from '../compat/canonical-json';
import { formatJson } from '../utils/json-format';
import { ContractInputError } from './errors';

export type JsonObject = { [key: string]: unknown };

interface ZodJsonSchemaApi {
  toJSONSchema(schema: unknown, options: Record<string, unknown>): JsonObject;
}

/** A zod 4 schema carries `_zod`; a zod 3 one only `_def`. */
export function isZod4Schema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** The zod that `fromFile` imports (so schema and converter come from the same install). */
export function loadZod(fromFile: string): ZodJsonSchemaApi {
  let zod: Partial<ZodJsonSchemaApi> & { z?: Partial<ZodJsonSchemaApi> };
  try {
    zod = createRequire(resolve(fromFile))('zod');
  } catch {
    throw new ContractInputError(
      fromFile,
      'cannot find the "zod" package from here; install zod 4 in the workspace',
    );
  }
  const api = typeof zod.toJSONSchema === 'function' ? zod : zod.z;
  if (typeof api?.toJSONSchema !== 'function')
    throw new ContractInputError(
      fromFile,
      'the installed zod has no toJSONSchema(); kafka-events needs zod 4',
    );
  return api as ZodJsonSchemaApi;
}

export interface SnapshotHeader {
  domain: string;
  /** `task.created.v1` */
  versionedType: string;
  description?: string;
}

/** The payload schema of one event version as JSON Schema 2020-12, headed by `$id` and title. */
export function payloadJsonSchema(
  zod: ZodJsonSchemaApi,
  schema: unknown,
  header: SnapshotHeader,
  where: string,
): JsonObject {
  let body: JsonObject;
  try {
    body = zod.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'output',
      unrepresentable: 'throw',
    });
  } catch (error) {
    throw new ContractInputError(
      where,
      `cannot be expressed as JSON Schema: ${(error as Error).message} (transforms, custom checks and types such as bigint or Date have no JSON Schema form; keep payloads to JSON types)`,
    );
  }
  const { $schema, $id: _ignored, title, description, ...rest } = body;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: snapshotId(header.domain, header.versionedType),
    title: typeof title === 'string' ? title : header.versionedType,
    ...(description !== undefined
      ? { description }
      : header.description
        ? { description: header.description }
        : {}),
    ...rest,
  };
}

/** A URN rather than a URL: the contract has no canonical host. */
export function snapshotId(domain: string, versionedType: string): string {
  return `urn:kafka-events:${domain}:${versionedType}`;
}

/** Snapshot file text: 2-space JSON laid out as prettier prints it, so formatters leave it alone. */
export function renderSnapshot(schema: JsonObject): string {
  return formatJson(schema);
}

/** Same content whatever the layout or key order (a formatter may have rewritten the file). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
