/**
 * What an accepted sample reads as, in one canonical form for both sides (specs only). The two
 * sides write the same value differently in three documented ways, which this form evens out:
 * - an absent optional field: zod leaves it out, Pydantic writes null (both read null as absent);
 * - uuids: zod keeps the case it was given, Pydantic writes lower case (uuid.UUID);
 * - datetimes: zod keeps the text it was given, Pydantic writes the instant the way
 *   Date.toISOString() does (milliseconds, or microseconds when there are some; finer digits cut).
 * and -0 is 0 (JSON.stringify writes 0, Python -0.0). Everything else must be equal as it is.
 */
import type { Field, FieldMap } from '../../payload-model';

export function canonicalDatetime(text: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!match) return text;
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}

function canonicalValue(field: Field | undefined, value: unknown): unknown {
  if (value === null || field === undefined) return value;
  switch (field.kind) {
    case 'uuid':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'datetime':
      return typeof value === 'string' ? canonicalDatetime(value) : value;
    case 'int':
    case 'number':
      return Object.is(value, -0) ? 0 : value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => canonicalValue(field.of, item)) : value;
    case 'object':
      return canonicalObject(field.fields, value);
    default:
      return value;
  }
}

export function canonicalObject(fields: FieldMap, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => !(item === null && fields[key]?.optional))
      .map(([key, item]) => [key, canonicalValue(fields[key], item)]),
  );
}

const ENVELOPE: FieldMap = {
  event_id: { kind: 'uuid' },
  timestamp: { kind: 'datetime' },
  correlation_id: { kind: 'uuid' },
  causation_id: { kind: 'uuid' },
  user_id: { kind: 'uuid' },
};

/** An accepted event; `fieldsOf` gives the payload fields of its (versioned) event type. */
export function canonicalEvent(
  value: unknown,
  fieldsOf: (type: string) => FieldMap | undefined,
): unknown {
  const event = value as Record<string, unknown>;
  const fields = fieldsOf(String(event.event_type)) ?? {};
  return Object.fromEntries(
    Object.entries(event).map(([key, item]) => [
      key,
      key === 'payload' ? canonicalObject(fields, item) : canonicalValue(ENVELOPE[key], item),
    ]),
  );
}

/** JSON with sorted keys: equal values, equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
