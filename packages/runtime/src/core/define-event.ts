import type { z } from 'zod';

/** Payloads are JSON objects; generated payload schemas are `z.object(...)`. */
export type PayloadSchema = z.ZodType<Record<string, unknown>>;

/** Payload fields usable as the Kafka record key: always present and a string or number. */
export type KeyField<TPayload extends PayloadSchema> = {
  [K in keyof z.output<TPayload>]-?: undefined extends z.output<TPayload>[K]
    ? never
    : z.output<TPayload>[K] extends string | number
      ? K
      : never;
}[keyof z.output<TPayload>] &
  string;

/** One version of one event: its wire type, the payload schema and the payload field used as key. */
export interface EventDefinition<
  TType extends string = string,
  TPayload extends PayloadSchema = PayloadSchema,
> {
  /** The wire `event_type`: `task.created.v1` (versioned) or `task.created` (unversioned domain). */
  readonly type: TType;
  /** The event name without version: `task.created`. */
  readonly name: string;
  /** The payload schema version, written as `schema_version`. */
  readonly version: number;
  /** The payload field whose value becomes the Kafka record key (keeps one entity's events ordered). */
  readonly key: string;
  readonly payload: TPayload;
}

export type AnyEventDefinition = EventDefinition<string, PayloadSchema>;

export interface EventDefinitionInput<
  TType extends string,
  TPayload extends PayloadSchema,
  TKey extends string,
> {
  type: TType;
  name: string;
  version: number;
  key: TKey;
  payload: TPayload;
}

/**
 * Declares one event version. Inconsistent definitions fail here, at import time, rather than as
 * confusing validation errors on the first message.
 */
export function defineEvent<
  const TType extends string,
  TPayload extends PayloadSchema,
  TKey extends KeyField<TPayload>,
>(input: EventDefinitionInput<TType, TPayload, TKey>): EventDefinition<TType, TPayload> {
  const { type, name, version, key, payload } = input;
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(
      `Event ${type}: version must be a positive integer, got ${String(version)}`,
    );
  }
  if (type !== name && type !== `${name}.v${version}`) {
    throw new TypeError(
      `Event ${type}: type must be "${name}.v${version}" (versioned) or "${name}" (unversioned)`,
    );
  }
  // Only object schemas expose their fields; other payload schemas are trusted.
  const shape = (payload as { shape?: Record<string, unknown> }).shape;
  if (shape !== undefined && !(key in shape)) {
    throw new TypeError(
      `Event ${type}: key "${key}" is not a payload field (fields: ${Object.keys(shape).join(', ')})`,
    );
  }
  return Object.freeze({ type, name, version, key, payload });
}
