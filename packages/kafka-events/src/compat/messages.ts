/** Human explanations and remedies for differences. */
import type { DifferenceCode } from './codes';
import type { DifferenceDetails, RawDifference } from './diff-context';

export interface MessageLabels {
  /** What to call the diff's old (writer) schema, e.g. "previous schema (v1)". */
  old: string;
  /** What to call the diff's new (reader) schema. */
  new: string;
  /** backward: the new schema must read old data; forward: the old schema must read new data. */
  direction: 'backward' | 'forward';
  /** Suggested replacement when a change cannot be made in place, e.g. "task.created.v2". */
  nextVersion: string;
}

export const DEFAULT_LABELS: MessageLabels = {
  old: 'old schema',
  new: 'new schema',
  direction: 'backward',
  nextVersion: 'a new event version',
};

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));
const list = (values: unknown): string =>
  Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : show(values);

type Explainer = (d: DifferenceDetails, l: MessageLabels) => string;

const property =
  (text: string): Explainer =>
  (d, l) =>
    `property '${d.property}' ${text.replace(/\{old\}/g, l.old).replace(/\{new\}/g, l.new)}`;
const item =
  (text: string): Explainer =>
  (_d, l) =>
    `tuple position ${text.replace(/\{old\}/g, l.old).replace(/\{new\}/g, l.new)}`;

function explainKeyword(code: DifferenceCode, d: DifferenceDetails, l: MessageLabels): string {
  const kw = d.keyword ?? 'keyword';
  if (code.endsWith('_ADDED')) return `${kw} ${show(d.to)} in the ${l.new}, none in the ${l.old}`;
  if (code.endsWith('_REMOVED'))
    return `${kw} ${show(d.from)} in the ${l.old}, none in the ${l.new}`;
  return `${kw} is ${show(d.from)} in the ${l.old} and ${show(d.to)} in the ${l.new}`;
}

const EXPLAIN: Partial<Record<DifferenceCode, Explainer>> = {
  SCHEMA_ADDED: (_d, l) => `the ${l.new} constrains what the ${l.old} left unconstrained`,
  SCHEMA_REMOVED: (_d, l) => `the ${l.new} no longer constrains this`,
  TYPE_CHANGED: (d, l) => `type is ${d.from} in the ${l.old} but ${d.to} in the ${l.new}`,
  TYPE_EXTENDED: (d, l) => `type widens from ${d.from} in the ${l.old} to ${d.to} in the ${l.new}`,
  TYPE_NARROWED: (d, l) => `type narrows from ${d.from} in the ${l.old} to ${d.to} in the ${l.new}`,
  ENUM_ARRAY_EXTENDED: (d, l) => `the ${l.new} adds enum value(s) ${list(d.to)}`,
  ENUM_ARRAY_NARROWED: (d, l) => `the ${l.new} drops enum value(s) ${list(d.from)}`,
  ENUM_ARRAY_CHANGED: (d, l) =>
    d.keyword === 'const'
      ? `const is ${show(d.from)} in the ${l.old} but ${show(d.to)} in the ${l.new}`
      : `the ${l.new} drops enum value(s) ${list(d.from)} and adds ${list(d.to)}`,
  REQUIRED_ATTRIBUTE_ADDED: (d, l) =>
    `'${d.property}' is optional in the ${l.old} but required (without a default) in the ${l.new}`,
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: (d, l) =>
    `'${d.property}' becomes required in the ${l.new}, with a default`,
  REQUIRED_ATTRIBUTE_REMOVED: (d, l) => `'${d.property}' is no longer required in the ${l.new}`,
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: property(
    "is new and required, but the {old} is an open content model (no additionalProperties: false): its documents may carry '{p}' with any value",
  ),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: property(
    'is new (required, with a default), but the {old} is an open content model: its documents may carry it with any value',
  ),
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: property(
    'is new, but the {old} is an open content model (no additionalProperties: false): its documents may carry it with any value',
  ),
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: property(
    'is new with an empty schema (accepts anything)',
  ),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: property(
    'is new and required without a default: documents of the {old} do not have it',
  ),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: property(
    'is new and required, with a default',
  ),
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: property(
    'is new and optional; the {old} could not carry it (closed content model)',
  ),
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: property(
    'is gone, and the {new} is an open content model that still accepts it',
  ),
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: property(
    '(schema false, never present) is gone',
  ),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: property(
    'is in the {old} but not in the {new}, whose content model is closed (additionalProperties: false): documents that carry it are rejected',
  ),
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: property(
    "is gone, and the {new}'s patternProperties/additionalProperties schema still accepts its values",
  ),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: property(
    "is gone, and the {new}'s patternProperties/additionalProperties schema does not accept all its values",
  ),
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: property(
    "is new and accepts every value the {old}'s patternProperties/additionalProperties allowed under that name",
  ),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: property(
    "is new and rejects values the {old}'s patternProperties/additionalProperties allowed under that name",
  ),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: item('is new, but the {old} allowed any value there'),
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: item('is new with an empty schema'),
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: item('is new; the {old} allowed no element there'),
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: item('is gone, and the {new} accepts any value there'),
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: item('(schema false) is gone'),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: item('is gone, and the {new} allows no element there'),
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: item(
    "is gone, and the {new}'s rest-items schema accepts its values",
  ),
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: item(
    "is gone, and the {new}'s rest-items schema rejects some of its values",
  ),
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: item(
    "is new and accepts what the {old}'s rest-items schema allowed",
  ),
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: item(
    "is new and rejects values the {old}'s rest-items schema allowed",
  ),
  ADDITIONAL_PROPERTIES_ADDED: (_d, l) =>
    `the ${l.new} allows additional properties, the ${l.old} did not`,
  ADDITIONAL_PROPERTIES_REMOVED: (_d, l) =>
    `the ${l.new} forbids additional properties that the ${l.old} allowed`,
  ADDITIONAL_PROPERTIES_NARROWED: (_d, l) =>
    `the ${l.new} constrains additional properties with a schema, the ${l.old} allowed any`,
  ADDITIONAL_PROPERTIES_EXTENDED: (_d, l) =>
    `the ${l.new} allows any additional property, the ${l.old} constrained them`,
  ADDITIONAL_ITEMS_ADDED: (d, l) =>
    `the ${l.new} allows elements beyond the tuple (${d.keyword}), the ${l.old} did not`,
  ADDITIONAL_ITEMS_REMOVED: (d, l) =>
    `the ${l.new} forbids elements beyond the tuple (${d.keyword}: false)`,
  ADDITIONAL_ITEMS_NARROWED: (d, l) =>
    `the ${l.new} constrains elements beyond the tuple (${d.keyword})`,
  ADDITIONAL_ITEMS_EXTENDED: (d, l) =>
    `the ${l.new} no longer constrains elements beyond the tuple (${d.keyword})`,
  UNIQUE_ITEMS_ADDED: (_d, l) => `the ${l.new} requires unique items`,
  UNIQUE_ITEMS_REMOVED: (_d, l) => `the ${l.new} no longer requires unique items`,
  COMBINED_TYPE_EXTENDED: (d, l) =>
    `${d.from} in the ${l.old} becomes the more permissive ${d.to} in the ${l.new}`,
  COMBINED_TYPE_CHANGED: (d, l) => `${d.from} in the ${l.old} becomes ${d.to} in the ${l.new}`,
  PRODUCT_TYPE_EXTENDED: (d, l) =>
    `allOf has ${d.from} schemas in the ${l.old} and ${d.to} in the ${l.new}`,
  PRODUCT_TYPE_NARROWED: (d, l) =>
    `allOf has ${d.from} schemas in the ${l.old} and ${d.to} in the ${l.new}`,
  SUM_TYPE_EXTENDED: (d, l) =>
    typeof d.from === 'number'
      ? `${d.keyword} has ${d.from} alternatives in the ${l.old} and ${d.to} in the ${l.new}`
      : `${d.from} in the ${l.old} becomes ${d.to} in the ${l.new}, which still accepts it`,
  SUM_TYPE_NARROWED: (d, l) =>
    `${d.keyword} has ${d.from} alternatives in the ${l.old} but only ${d.to} in the ${l.new}`,
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: (d, l) =>
    `not every ${d.keyword} alternative of the ${l.old} has a compatible counterpart in the ${l.new}`,
  NOT_TYPE_EXTENDED: (_d, l) => `the ${l.new}'s "not" excludes values the ${l.old} accepted`,
  NOT_TYPE_NARROWED: (_d, l) => `the ${l.new}'s "not" excludes less`,
  FORMAT_ADDED: (d, l) =>
    `format "${d.to}" in the ${l.new}, none in the ${l.old} (Confluent ignores format)`,
  FORMAT_REMOVED: (d, l) =>
    `format "${d.from}" in the ${l.old}, none in the ${l.new} (Confluent ignores format)`,
  FORMAT_CHANGED: (d, l) =>
    `format is "${d.from}" in the ${l.old} and "${d.to}" in the ${l.new} (Confluent ignores format)`,
};

export function explain(raw: RawDifference, labels: MessageLabels): string {
  const explainer = EXPLAIN[raw.code];
  const text = explainer
    ? explainer(raw.details, labels)
    : explainKeyword(raw.code, raw.details, labels);
  return text.replace(/\{p\}/g, String(raw.details.property));
}

/** Tightened limits: keep the old value. */
const LIMIT_CODES =
  /^(MAX|MIN|EXCLUSIVE_MAXIMUM|EXCLUSIVE_MINIMUM|MAXIMUM|MINIMUM|MULTIPLE_OF|PATTERN|UNIQUE)_/;

function backwardHint(raw: RawDifference, next: string): string {
  const { code, details: d } = raw;
  const instead = `, or publish ${next} instead`;
  switch (code) {
    case 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL':
    case 'REQUIRED_ATTRIBUTE_ADDED':
      return `add '${d.property}' as optional, or give it a default`;
    case 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL':
    case 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL':
    case 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL':
    case 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL':
      return `an open schema cannot gain fields; close it with additionalProperties: false (zod's z.object does) first${instead}`;
    case 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL':
    case 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL':
      return `keep '${d.property}' (making it optional is fine)${instead}`;
    case 'ENUM_ARRAY_NARROWED':
    case 'ENUM_ARRAY_CHANGED':
      return d.keyword === 'const'
        ? `keep the constant${instead}`
        : `keep every existing enum value${instead}`;
    case 'TYPE_CHANGED':
    case 'TYPE_NARROWED':
      return `keep the type and add a new optional field for the new shape${instead}`;
    case 'ADDITIONAL_PROPERTIES_REMOVED':
    case 'ADDITIONAL_PROPERTIES_NARROWED':
      return `keep accepting additional properties${instead}`;
    default:
      if (LIMIT_CODES.test(code) && d.keyword) {
        return d.from === undefined
          ? `drop the new ${d.keyword}${instead}`
          : `keep ${d.keyword} at ${show(d.from)} (or looser)${instead}`;
      }
      return `revert this change${instead}`;
  }
}

/** Forward: consumers still on the previous schema read events written with the new one. */
function forwardHint(raw: RawDifference, next: string): string {
  const { code, details: d } = raw;
  const instead = `publish ${next} instead, or relax the subject's compatibility to BACKWARD`;
  switch (code) {
    case 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL':
      return `consumers on the previous schema reject the new property '${d.property}' (closed object); ${instead}`;
    case 'ENUM_ARRAY_NARROWED':
      return `consumers on the previous schema reject the new value(s) ${list(d.from)}; ${instead}`;
    default:
      return `consumers on the previous schema would reject such events; ${instead}`;
  }
}

export function hintFor(raw: RawDifference, labels: MessageLabels): string {
  return labels.direction === 'forward'
    ? forwardHint(raw, labels.nextVersion)
    : backwardHint(raw, labels.nextVersion);
}
