/**
 * What the fuzz specs share: a seeded random source (SEED replays a run), the hostile JSON values
 * and keys, JSON mutations of a valid value, and the checks every case ends with (typed errors
 * only, no prototype polluted, accepted values deeply frozen). Specs only.
 *
 * The random source is a 32-bit mulberry generator rather than a property-testing library: the
 * cases are mostly enumerated (every field, every JSON type, every hostile key), randomness only
 * picks bytes, cut points and values, and a failure must name the seed and the case, not a shrunk
 * counterexample.
 */
import { KafkaEventsError } from '../core/errors';

export const FUZZ_SEED = Number(process.env['SEED'] ?? 20261130);
if (!Number.isSafeInteger(FUZZ_SEED))
  throw new Error(`SEED must be an integer, got ${process.env['SEED']}`);

/** Part of every failure message: how to run exactly this case list again. */
export const REPLAY = `seed ${FUZZ_SEED} (replay: SEED=${FUZZ_SEED} npx jest <spec>)`;

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.float() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(length: number): Buffer {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = this.int(0, 255);
    return bytes;
  }
}

/** One value of each JSON type, with the edge cases of each (empty, zero, huge). */
export const JSON_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  '',
  'x',
  '1.0',
  [],
  ['x', 1],
  {},
  { a: 1 },
];

/** Keys that pollute a prototype when code copies them with plain assignment. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A value that, merged carelessly, plants `polluted` on Object.prototype. */
export const POLLUTING_VALUE = Object.freeze({ polluted: 'yes', prototype: { polluted: 'yes' } });

type Path = readonly (string | number)[];
type Json = unknown;

/** Paths of every node of a JSON value, the root (`[]`) included. */
export function jsonPaths(value: Json, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value))
    value.forEach((item, i) => paths.push(...jsonPaths(item, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      paths.push(...jsonPaths(child, [...path, key]));
  }
  return paths;
}

/** An own, enumerable property even for `__proto__`, as JSON.parse makes it. */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A copy of `root` with `edit` applied to the parent of `path` (`[]`: the root itself). */
function editAt(
  root: Json,
  path: Path,
  edit: (parent: Record<string | number, unknown>, key: string | number) => void,
): Json {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1))
    parent = parent[segment] as Record<string | number, unknown>;
  edit(parent, path[path.length - 1]!);
  return copy;
}

export interface Mutation {
  readonly label: string;
  readonly value: Json;
}

/**
 * The JSON mutations of a valid value: every node replaced by each JSON type, every object key
 * removed, and at every object level an unknown key and each hostile key added.
 */
export function jsonMutations(valid: Json): Mutation[] {
  const mutations: Mutation[] = [];
  for (const path of jsonPaths(valid)) {
    const where = path.join('.') || '<root>';
    for (const replacement of JSON_VALUES) {
      mutations.push({
        label: `${where} = ${JSON.stringify(replacement)}`,
        value:
          path.length === 0
            ? replacement
            : editAt(valid, path, (parent, key) => setOwn(parent, key, replacement)),
      });
    }
    // Array items are replaced, not removed: removing one shifts the others, a different case.
    if (typeof path[path.length - 1] === 'string') {
      mutations.push({
        label: `${where} removed`,
        value: editAt(valid, path, (parent, key) => delete parent[key]),
      });
    }
    const node = path.reduce<Json>(
      (at, segment) => (at as Record<string | number, Json>)[segment],
      valid,
    );
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const key of ['unknown_key', ...HOSTILE_KEYS]) {
        mutations.push({
          label: `${where}.${key} added`,
          value: editAt(valid, [...path, key], (parent, name) =>
            setOwn(parent, name, structuredClone(POLLUTING_VALUE)),
          ),
        });
      }
    }
  }
  return mutations;
}

/** `depth` arrays or objects inside each other: far deeper than any recursive walk survives. */
export function deepJsonText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** An object with `count` keys, as JSON text. */
export function wideJsonText(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`"k${i}":${i}`);
  return `{${parts.join(',')}}`;
}

/** Bytes that no UTF-8 decoder may accept: stray continuation, overlong, surrogate, cut, 0xff. */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xff]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];

const PROTOTYPES: readonly object[] = [
  Object.prototype,
  Array.prototype,
  Function.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
  Error.prototype,
  Promise.prototype,
];

function propertiesOf(prototype: object): Map<PropertyKey, unknown> {
  const properties = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
    properties.set(key, descriptor.value ?? descriptor.get);
  }
  return properties;
}

/**
 * Snapshots the built-in prototypes; the returned check names what changed since (a property
 * added, removed or replaced), or returns undefined.
 */
export function prototypeGuard(): () => string | undefined {
  const before = PROTOTYPES.map(propertiesOf);
  return () => {
    for (let i = 0; i < PROTOTYPES.length; i++) {
      const now = propertiesOf(PROTOTYPES[i]!);
      const was = before[i]!;
      const name = (PROTOTYPES[i] as { constructor: { name: string } }).constructor.name;
      for (const [key, value] of now) {
        if (!was.has(key)) return `${name}.prototype gained ${String(key)}`;
        if (was.get(key) !== value) return `${name}.prototype.${String(key)} was replaced`;
      }
      if (now.size !== was.size) return `${name}.prototype lost a property`;
    }
    if (({} as Record<string, unknown>)['polluted'] !== undefined)
      return 'objects inherit `polluted`';
    return undefined;
  };
}

/** The first part of `value` that is not frozen (iterative: values may be deep), or undefined. */
export function unfrozenPart(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '<root>']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (!Object.isFrozen(node)) return path;
    for (const [key, child] of Object.entries(node)) stack.push([child, `${path}.${key}`]);
  }
  return undefined;
}

/** What one case did: accepted a value, or refused it with a typed error of the given code. */
export type Outcome = { readonly accepted: unknown } | { readonly refused: KafkaEventsError };

/**
 * Runs cases and keeps the tally and the failures; each failure names the seed and the case. A
 * case fails when it throws anything but a KafkaEventsError with a code, when an accepted value
 * is not deeply frozen, or when a prototype changed.
 */
export class FuzzRun {
  readonly failures: string[] = [];
  readonly codes = new Map<string, number>();
  cases = 0;
  accepted = 0;
  private readonly polluted = prototypeGuard();

  constructor(
    private readonly acceptedCheck: (value: unknown) => string | undefined = unfrozenNote,
  ) {}

  run(label: string, attempt: () => unknown): Outcome | undefined {
    this.cases++;
    let outcome: Outcome | undefined;
    try {
      outcome = { accepted: attempt() };
    } catch (error) {
      if (
        error instanceof KafkaEventsError &&
        typeof error.code === 'string' &&
        error.code !== ''
      ) {
        outcome = { refused: error };
        this.codes.set(error.code, (this.codes.get(error.code) ?? 0) + 1);
      } else {
        this.fail(label, `threw ${describeThrown(error)}`);
      }
    }
    if (outcome !== undefined && 'accepted' in outcome) {
      this.accepted++;
      const problem = this.acceptedCheck(outcome.accepted);
      if (problem !== undefined) this.fail(label, problem);
    }
    const pollution = this.polluted();
    if (pollution !== undefined) this.fail(label, pollution);
    return outcome;
  }

  fail(label: string, problem: string): void {
    if (this.failures.length < 20)
      this.failures.push(`${REPLAY}, case "${label.slice(0, 200)}": ${problem}`);
  }

  /** The tally: cases, accepted, refused by error code, failures. */
  summary(): Record<string, number> {
    return {
      cases: this.cases,
      accepted: this.accepted,
      ...Object.fromEntries(this.codes),
      failures: this.failures.length,
    };
  }
}

/** With FUZZ_SUMMARY=1, one line per fuzz run on stderr: the counts a note can quote. */
export function reportCounts(name: string, counts: Record<string, number>): void {
  if (process.env['FUZZ_SUMMARY'])
    process.stderr.write(`fuzz ${name} (${REPLAY}): ${JSON.stringify(counts)}\n`);
}

function unfrozenNote(value: unknown): string | undefined {
  const part = unfrozenPart(value);
  return part === undefined ? undefined : `accepted a value whose ${part} is not frozen`;
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message.slice(0, 200)}`;
  return `a non-error ${typeof error}: ${String(error).slice(0, 200)}`;
}
