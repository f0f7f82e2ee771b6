/**
 * Example payloads for the generated pytest file. The fields come from the payload modules, which
 * carry no examples, so a field that the seed preset of the domain also has (same name, same
 * kind) borrows the preset's realistic example; the rest are derived from the kind. An example
 * that the field's constraints refuse (a pattern the derived text does not match, say) is
 * dropped for an optional field and reported for a required one, so the tests never assert
 * on an event that is invalid to begin with.
 */
import {
  exampleValue,
  seedEvent,
  type EventModel,
  type Field,
  type FieldMap,
  type JsonValue,
} from '../payload-model';
import type { DomainConfig } from '../utils/domain-config';

export interface PythonExample {
  payload: Record<string, JsonValue>;
  /** Required fields without a valid example (their event's round trip is skipped). */
  missing: string[];
}

export function examplePayloadFor(
  config: Pick<DomainConfig, 'domain' | 'entity'>,
  event: Pick<EventModel, 'name'>,
  fields: FieldMap,
): PythonExample {
  const preset = seedEvent(config.domain, config.entity, event.name).fields;
  const missing: string[] = [];
  const payload = build(withPresetExamples(fields, preset), '', missing);
  return { payload, missing };
}

function withPresetExamples(fields: FieldMap, preset: FieldMap | undefined): FieldMap {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const known = preset?.[name];
      if (!known || known.kind !== field.kind) return [name, field];
      if (field.kind === 'object' && known.kind === 'object') {
        return [name, { ...field, fields: withPresetExamples(field.fields, known.fields) }];
      }
      return [name, known.example === undefined ? field : { ...field, example: known.example }];
    }),
  );
}

function build(fields: FieldMap, prefix: string, missing: string[]): Record<string, JsonValue> {
  const payload: Record<string, JsonValue> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value =
      field.kind === 'object' && field.example === undefined
        ? build(field.fields, `${prefix}${name}.`, missing)
        : exampleValue(name, field);
    if (valid(field, value)) payload[name] = value;
    else if (!field.optional && field.default === undefined) {
      missing.push(`${prefix}${name}`);
      payload[name] = value;
    }
  }
  return payload;
}

/** Whether zod would accept `value` for `field` (the checks kafka-events' subset has). */
export function valid(field: Field, value: JsonValue): boolean {
  if (value === null) return !!field.optional;
  const within = (n: number, min?: number, max?: number) =>
    (min === undefined || n >= min) && (max === undefined || n <= max);
  switch (field.kind) {
    case 'uuid':
      return (
        typeof value === 'string' &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value)
      );
    case 'datetime':
      return (
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && field.values.includes(value);
    case 'int':
      return Number.isSafeInteger(value) && within(value as number, field.min, field.max);
    case 'number':
      return (
        typeof value === 'number' && Number.isFinite(value) && within(value, field.min, field.max)
      );
    case 'string':
      return (
        typeof value === 'string' &&
        within([...value].length, field.min, field.max) &&
        (field.pattern === undefined || new RegExp(field.pattern).test(value))
      );
    case 'array':
      return (
        Array.isArray(value) &&
        within(value.length, field.min, field.max) &&
        value.every((item) => valid(field.of, item))
      );
    case 'object':
      return (
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.entries(field.fields).every(([name, inner]) =>
          name in value ? valid(inner, value[name]) : inner.optional || inner.default !== undefined,
        )
      );
  }
}
