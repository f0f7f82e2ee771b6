/**
 * The four seed domains generated on both sides, from kafka-events' conformance helper
 * (packages/kafka-events/src/python-model/conformance/contract.ts): the generated TypeScript
 * libraries loaded on this runtime's source, the generated Pydantic modules driven through
 * tools/python/check_events.py. Typed here with what the runtime's specs use, so that this
 * package's type check does not pull in the plugin's sources.
 */
import { resolve } from 'node:path';

export type WireEvent = Record<string, unknown>;

export interface PythonAnswer {
  ok: boolean;
  json?: string;
  errors?: { path: string; type: string; message: string }[];
  cloud_event?: Record<string, unknown>;
  key?: string;
  id?: string;
  disagreement?: string;
  crash?: string;
}

/** A generated library's domain (`tasksDomain`): defineDomain of this runtime. */
export interface GeneratedDomain {
  domain: string;
  source: string;
  metadata: boolean;
  eventTypes: readonly string[];
  create(type: string, payload: unknown, options?: Record<string, unknown>): WireEvent;
  safeValidate(
    value: unknown,
  ):
    | { success: true; event: WireEvent }
    | { success: false; error: Error & { issues?: { path: string; message: string }[] } };
  serialize(event: unknown): string;
  deserialize(data: string | Uint8Array): WireEvent;
  keyOf(event: unknown): string;
  definition(type: string): { key: string; payload: unknown } | undefined;
}

export interface GeneratedVersion {
  /** `task.created.v1` */
  wireType: string;
  /** `task.created` */
  eventType: string;
  fields: Record<string, { optional?: boolean; default?: unknown }>;
  /** A realistic payload with every field set. */
  example: Record<string, unknown>;
}

export interface GeneratedDomainPair {
  name: string;
  /** The Python module (`task_events`). */
  module: string;
  versions: GeneratedVersion[];
  domain: GeneratedDomain;
}

export interface SeedContract {
  domains: GeneratedDomainPair[];
  /** The runtime the libraries were loaded with. */
  runtime: Record<string, unknown>;
  /** The zod the payload modules were loaded with. */
  zod: { toJSONSchema(schema: unknown): unknown };
  /** One interpreter answers the requests, in order. */
  python(requests: object[]): PythonAnswer[];
  dispose(): void;
}

export function generateSeedContract(): Promise<SeedContract> {
  const helper = '../../../../kafka-events/src/python-model/conformance/contract.ts';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateContract } = require(resolve(__dirname, helper)) as {
    generateContract(): Promise<SeedContract>;
  };
  return generateContract();
}
