/**
 * A small, typed model of event payload fields. Generators describe payloads with it; the
 * renderer turns it into zod source and the example builder into realistic sample values. It is
 * deliberately JSON-serialisable so a later generator can read it back from a preset or a file.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface FieldBase {
  /**
   * Field may be absent or null (zod `.nullish()`, read back from `.optional()` too): Pydantic
   * writes an absent Optional field as null.
   */
  optional?: boolean;
  /** Value used when absent (zod `.default(...)`); implies the field is optional on input. */
  default?: JsonValue;
  /** Value used in generated tests and docs; derived from the kind when omitted. */
  example?: JsonValue;
  /** One line shown as a comment above the field. */
  description?: string;
}

export interface UuidField extends FieldBase {
  kind: 'uuid';
}
export interface StringField extends FieldBase {
  kind: 'string';
  min?: number;
  max?: number;
  /** Regular expression source, without slashes. */
  pattern?: string;
}
export interface DatetimeField extends FieldBase {
  /** UTC ISO-8601 with `Z` (zod `z.iso.datetime()`). */
  kind: 'datetime';
}
export interface EnumField extends FieldBase {
  kind: 'enum';
  values: readonly string[];
}
export interface IntField extends FieldBase {
  kind: 'int';
  min?: number;
  max?: number;
}
export interface NumberField extends FieldBase {
  kind: 'number';
  min?: number;
  max?: number;
}
export interface BooleanField extends FieldBase {
  kind: 'boolean';
}
export interface ArrayField extends FieldBase {
  kind: 'array';
  of: Field;
  min?: number;
  max?: number;
}
export interface ObjectField extends FieldBase {
  kind: 'object';
  /** Ordered: the generated schema lists fields in this order. */
  fields: FieldMap;
}

export type Field =
  | UuidField
  | StringField
  | DatetimeField
  | EnumField
  | IntField
  | NumberField
  | BooleanField
  | ArrayField
  | ObjectField;

export type FieldMap = Readonly<Record<string, Field>>;

/** One version of one event of a domain. */
export interface EventModel {
  /** Event name without the entity: `created`, `status-changed`. */
  name: string;
  version: number;
  /** Payload field whose value is the Kafka record key (the entity id). */
  key: string;
  /** One sentence on when the event is published. */
  description: string;
  fields: FieldMap;
}

/** Small constructors so presets read like a schema rather than like object literals. */
type Extra<F extends Field> = Omit<F, 'kind'>;
export const f = {
  uuid: (extra: Extra<UuidField> = {}): UuidField => ({ kind: 'uuid', ...extra }),
  string: (extra: Extra<StringField> = {}): StringField => ({ kind: 'string', ...extra }),
  datetime: (extra: Extra<DatetimeField> = {}): DatetimeField => ({ kind: 'datetime', ...extra }),
  enum: (values: readonly string[], extra: Omit<Extra<EnumField>, 'values'> = {}): EnumField => ({
    kind: 'enum',
    values,
    ...extra,
  }),
  int: (extra: Extra<IntField> = {}): IntField => ({ kind: 'int', ...extra }),
  number: (extra: Extra<NumberField> = {}): NumberField => ({ kind: 'number', ...extra }),
  boolean: (extra: Extra<BooleanField> = {}): BooleanField => ({ kind: 'boolean', ...extra }),
  array: (of: Field, extra: Omit<Extra<ArrayField>, 'of'> = {}): ArrayField => ({
    kind: 'array',
    of,
    ...extra,
  }),
  object: (fields: FieldMap, extra: Omit<Extra<ObjectField>, 'fields'> = {}): ObjectField => ({
    kind: 'object',
    fields,
    ...extra,
  }),
  /** Same field, marked optional. */
  optional: <F extends Field>(field: F): F => ({ ...field, optional: true }),
};
