/**
 * What the compatibility checker refuses to read, and why: each limit keeps a run bounded in
 * stack and time, so a hostile or runaway schema is reported as bad input (exit 2) instead of
 * crashing or hanging a CI job. The CLI help and the package README state the same numbers.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

/** JSON objects/arrays inside one another, each `$ref` followed counting as one more level. */
export const MAX_SCHEMA_DEPTH = 128;
/** Schema objects in one file (ajv's compile time grows with them). */
export const MAX_SCHEMA_NODES = 10_000;
/** Alternatives in one allOf/anyOf/oneOf: every old one is compared with every new one. */
export const MAX_ALTERNATIVES = 100;
/** Pairs of sub-schemas compared for two files (nested unions multiply). */
export const MAX_COMPARISONS = 50_000;
/** Size of one schema file, in UTF-16 code units of its text. */
export const MAX_SCHEMA_TEXT = 8 * 1024 * 1024;

/** The input goes past one of the limits above; the message names the limit. */
export class SchemaLimitError extends KafkaEventsPluginError {
  override name = 'SchemaLimitError';
  constructor(message: string) {
    super('SCHEMA_LIMIT', message);
  }
}

/** One line of help text per limit, for `kafka-events compat --help`. */
export const LIMITS_HELP = `Limits (a schema past one is refused with exit 2, naming the file and the limit):
  nesting depth      ${MAX_SCHEMA_DEPTH} levels of JSON objects/arrays (a $ref followed counts as one)
  schema objects     ${MAX_SCHEMA_NODES} per file (a 5,000-property object takes 5,001)
  alternatives       ${MAX_ALTERNATIVES} per allOf/anyOf/oneOf
  comparisons        ${MAX_COMPARISONS} sub-schema pairs per two files compared
  file size          ${MAX_SCHEMA_TEXT} characters (8 Mi)
  $ref               local only ("#/..."): remote, file and relative references are refused, never fetched`;
