/**
 * Input rules shared by the generators. Each check throws an Error that names the option, the
 * value and the rule, so a failing run can be fixed from the message alone.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

// ECMAScript reserved words plus strict-mode and TS-reserved ones: names become identifiers.
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with yield let static implements interface package private ' +
    'protected public await arguments eval undefined any boolean number string symbol object never ' +
    'unknown type declare namespace module constructor prototype'
  ).split(' '),
);

export const MAX_NAME_LENGTH = 50;
export const MAX_TOPIC_LENGTH = 249;
export const MAX_SOURCE_LENGTH = 1024;

export class GeneratorInputError extends KafkaEventsPluginError {
  override name = 'GeneratorInputError';
  constructor(message: string) {
    super('GENERATOR_INPUT', message);
  }
}

export function fail(option: string, value: unknown, rule: string): never {
  throw new GeneratorInputError(`Invalid --${option} ${shownValue(value)}: ${rule}.`);
}

const SHOWN_LENGTH = 80;

/** The value as typed, cut short: a megabyte of input must not become a megabyte of message. */
function shownValue(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > SHOWN_LENGTH
    ? `${text.slice(0, SHOWN_LENGTH)}… (${text.length} characters)`
    : text;
}

/** Domain and entity names: kebab-case identifiers used in types, files and topic names. */
export function assertKebabName(option: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(option, value ?? '', `a name is required (e.g. "${example}")`);
  }
  if (/\s/.test(value)) fail(option, value, 'must not contain spaces');
  if (/[A-Z]/.test(value)) fail(option, value, `must be lowercase (e.g. "${value.toLowerCase()}")`);
  if (/^[0-9]/.test(value)) fail(option, value, 'must start with a letter, not a digit');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value)) {
    fail(
      option,
      value,
      `must be kebab-case: lowercase letters, digits and single dashes (e.g. "${example}")`,
    );
  }
  if (value.length > MAX_NAME_LENGTH) {
    fail(option, value, `must be at most ${MAX_NAME_LENGTH} characters (it has ${value.length})`);
  }
  const compact = value.replace(/-/g, '');
  if (RESERVED.has(value) || RESERVED.has(compact)) {
    fail(option, value, 'is a JavaScript/TypeScript reserved word; pick a noun such as "orders"');
  }
  return value;
}

/** Event names: `created`, `status-changed`, `status_changed`; `option` names the flag in errors. */
export function assertEventName(value: string, option = 'events'): string {
  if (value === '')
    fail(option, value, 'contains an empty event name (check for ",," or a trailing comma)');
  if (/\s/.test(value)) fail(option, value, 'event names must not contain spaces');
  if (/[A-Z]/.test(value))
    fail(option, value, `event names must be lowercase (e.g. "${value.toLowerCase()}")`);
  if (/^[0-9]/.test(value)) fail(option, value, 'event names must start with a letter');
  if (/\.v?\d+$/.test(value) || value.includes('.')) {
    fail(
      option,
      value,
      'give the bare event name ("created"); the entity and version are added for you',
    );
  }
  if (!/^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/.test(value)) {
    fail(
      option,
      value,
      'event names use lowercase letters, digits and single "-" or "_" separators',
    );
  }
  if (value.length > MAX_NAME_LENGTH) {
    fail(option, value, `event names must be at most ${MAX_NAME_LENGTH} characters`);
  }
  if (RESERVED.has(value.replace(/[-_]/g, ''))) {
    fail(option, value, 'event names must not be JavaScript reserved words');
  }
  return value;
}

/** Kafka topic rules: [a-zA-Z0-9._-], at most 249 characters, not "." or "..". */
export function assertTopic(value: unknown): string {
  if (typeof value !== 'string' || value === '')
    fail('topic', value ?? '', 'a topic name is required');
  if (value === '.' || value === '..')
    fail('topic', value, 'Kafka does not allow "." or ".." as a topic name');
  if (!/^[a-zA-Z0-9._-]+$/.test(value)) {
    fail('topic', value, 'Kafka topic names may only contain letters, digits, ".", "_" and "-"');
  }
  if (value.length > MAX_TOPIC_LENGTH) {
    fail('topic', value, `Kafka topic names are at most ${MAX_TOPIC_LENGTH} characters`);
  }
  return value;
}

/** CloudEvents `source`: a non-empty URI-reference; we require a path or an absolute URI. */
export function assertSource(value: unknown): string {
  if (typeof value !== 'string' || value === '')
    fail('source', value ?? '', 'a source is required (e.g. "/tasks")');
  if (/\s/.test(value)) fail('source', value, 'a CloudEvents source must not contain spaces');
  if (value.length > MAX_SOURCE_LENGTH) {
    fail(
      'source',
      value,
      `must be at most ${MAX_SOURCE_LENGTH} characters: it goes with every event`,
    );
  }
  // RFC 3986 characters, less the quote: the source is written into generated code as a literal
  const unexpected = value.match(/[^A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]/u);
  if (unexpected) {
    fail(
      'source',
      value,
      `may only contain URI characters: letters, digits and -._~:/?#[]@!$&()*+,;=% (found "${unexpected[0]}")`,
    );
  }
  if (!value.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    fail(
      'source',
      value,
      'must be a path such as "/tasks" or an absolute URI such as "urn:acme:tasks"',
    );
  }
  return value;
}

/** npm package name rules for --importPath. */
export function assertImportPath(value: unknown): string {
  if (typeof value !== 'string') fail('importPath', value ?? '', 'must be a package name string');
  if (!/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(value) || value.length > 214) {
    fail('importPath', value, 'must be a valid npm package name such as "@acme/tasks-events"');
  }
  return value;
}

export function assertTags(tags: string[]): string[] {
  for (const tag of tags) {
    if (/\s/.test(tag)) fail('tags', tag, 'tags are comma separated and must not contain spaces');
  }
  return tags;
}

/** "a, b,,c" -> ["a","b","","c"]: empty entries are kept so callers can report them. */
export function splitList(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (items === null || items.some((item) => typeof item !== 'string')) {
    fail(option, value, 'must be a comma-separated list of names (or an array of strings)');
  }
  return items.map((item: string) => item.trim());
}

/** A boolean option: absent means `fallback`; anything but true or false is refused. */
export function assertFlag(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(option, value, 'must be true or false');
  return value;
}

/** A whole number in [min, max]; `why` says what the bounds protect. */
export function assertWholeNumber(
  option: string,
  value: unknown,
  range: { min: number; max: number; why?: string },
): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(option, value ?? '', `must be a whole number from ${range.min} to ${range.max}`);
  }
  if (value < range.min || value > range.max) {
    fail(
      option,
      value,
      `must be from ${range.min} to ${range.max}${range.why ? ` (${range.why})` : ''}`,
    );
  }
  return value;
}

/** One of a fixed set of values. */
export function assertOneOf<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T))
    fail(option, value ?? '', `must be one of ${allowed.join(', ')}`);
  return value as T;
}
