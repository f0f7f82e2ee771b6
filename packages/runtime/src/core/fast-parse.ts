/**
 * A fast accept path compiled from a Zod schema, for the decoder's hot loop. Zod stays the only
 * source of truth: the compiler reads the schema's own definition (types, optionality, defaults,
 * enum values) and runs Zod's own check functions (lengths, ranges, formats with Zod's regexes),
 * so only the per-field bookkeeping (result objects, issue arrays, path prefixes) is left out.
 *
 * It only decides "accept, with this output" (deep-frozen as it is built, so the caller need not
 * walk it again) or "don't know": on REJECT the caller runs Zod, whose
 * answer (and error list) is final. A schema using anything outside the subset below compiles to
 * `undefined` and is always parsed by Zod. decode-fast-path.property.spec.ts proves decisions and
 * outputs equal to Zod's on generated valid and invalid events.
 *
 * Written for Zod 4's internals (`_zod.def`, `optin`/`optout`, `values`, check `_zod.check`).
 */
import type { z } from 'zod';
import { deepFreeze } from './deep-freeze';

/** What a compiled parser returns for input it does not accept. */
export const REJECT: unique symbol = Symbol('fast-parse reject');
export type FastParse = (input: unknown) => unknown;

type Payload = { value: unknown; issues: unknown[] };

interface CheckInternals {
  def: { check?: string; format?: string; when?: (payload: Payload) => boolean };
  check: (payload: Payload) => void;
}

interface SchemaInternals {
  def: {
    type: string;
    coerce?: boolean;
    checks?: readonly { _zod: CheckInternals }[];
    innerType?: { _zod: SchemaInternals };
    element?: { _zod: SchemaInternals };
    shape?: Record<string, { _zod: SchemaInternals }>;
    catchall?: unknown;
    readonly defaultValue?: unknown;
  };
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
  check?: CheckInternals['check'];
}

// Checks that only read the value (no overwrite/trim, no user refinements that might be async).
const PURE_CHECKS = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'greater_than',
  'less_than',
  'multiple_of',
  'number_format',
  'string_format',
]);
// String formats whose check is Zod's pattern test (url, for one, may normalise the value).
const PATTERN_FORMATS = new Set(['uuid', 'guid', 'datetime', 'date', 'time', 'regex', 'email']);

/** Compiles `schema`, or returns undefined when it uses anything outside the supported subset. */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  return compile((schema as unknown as { _zod: SchemaInternals })._zod);
}

function compile(zod: SchemaInternals): FastParse | undefined {
  const parse = compileType(zod);
  const checks = checksOf(zod);
  if (parse === undefined || checks === undefined) return undefined;
  if (checks.length === 0) return parse;
  return (input) => {
    const output = parse(input);
    return output === REJECT || !passes(checks, output) ? REJECT : output;
  };
}

/** The checks Zod runs after the type test: the schema itself when it is a format, then its own. */
function checksOf(zod: SchemaInternals): CheckInternals[] | undefined {
  const own = (zod.def.checks ?? []).map((check) => check._zod);
  const checks = zod.traits.has('$ZodCheck') ? [zod as unknown as CheckInternals, ...own] : own;
  const supported = checks.every(
    ({ def }) =>
      PURE_CHECKS.has(def.check ?? '') &&
      (def.check !== 'string_format' || PATTERN_FORMATS.has(def.format ?? '')),
  );
  return supported ? checks : undefined;
}

// One payload reused by every check call: checks are synchronous and only push issues onto it.
const scratch: Payload = { value: undefined, issues: [] };

function passes(checks: readonly CheckInternals[], value: unknown): boolean {
  scratch.value = value;
  if (scratch.issues.length !== 0) scratch.issues = [];
  for (const { def, check } of checks) {
    // Zod skips a check whose `when` says it does not apply (e.g. a length on a non-lengthable).
    if (def.when !== undefined && !def.when(scratch)) continue;
    check(scratch);
    if (scratch.issues.length !== 0) return false;
  }
  return true;
}

function compileType(zod: SchemaInternals): FastParse | undefined {
  const { def } = zod;
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return (input) => (typeof input === 'string' ? input : REJECT);
    case 'number':
      return (input) => (typeof input === 'number' && Number.isFinite(input) ? input : REJECT);
    case 'boolean':
      return (input) => (typeof input === 'boolean' ? input : REJECT);
    case 'null':
      return (input) => (input === null ? input : REJECT);
    case 'enum':
    case 'literal': {
      const values = zod.values!;
      return (input) => (values.has(input) ? input : REJECT);
    }
    case 'nullable':
      return compileNullable(def.innerType!._zod);
    case 'optional':
      return compileOptional(zod);
    case 'default':
      return compileDefault(zod);
    case 'array':
      return compileArray(def.element!._zod);
    case 'object':
      return compileObject(zod);
    default:
      return undefined;
  }
}

function compileNullable(inner: SchemaInternals): FastParse | undefined {
  const parse = compile(inner);
  return parse && ((input) => (input === null ? null : parse(input)));
}

function compileOptional({ def, traits }: SchemaInternals): FastParse | undefined {
  const inner = def.innerType!._zod;
  const parse = compile(inner);
  // exactOptional passes everything to its inner schema; optional returns undefined as is unless
  // its inner schema substitutes a default, whose failure then reads as undefined.
  if (parse === undefined || traits.has('$ZodExactOptional')) return parse;
  if (inner.optin !== 'defaulted')
    return (input) => (input === undefined ? undefined : parse(input));
  return (input) => {
    if (input !== undefined) return parse(input);
    const output = parse(undefined);
    return output === REJECT ? undefined : output;
  };
}

function compileDefault({ def }: SchemaInternals): FastParse | undefined {
  const parse = compile(def.innerType!._zod);
  if (parse === undefined) return undefined;
  // `defaultValue` is a getter that returns a fresh copy each time, as Zod reads it.
  return (input) => {
    if (input === undefined) return deepFreeze(def.defaultValue);
    const output = parse(input);
    return output === undefined ? deepFreeze(def.defaultValue) : output;
  };
}

function compileArray(element: SchemaInternals): FastParse | undefined {
  const parse = compile(element);
  if (parse === undefined) return undefined;
  return (input) => {
    if (!Array.isArray(input)) return REJECT;
    const output: unknown[] = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const item = parse(input[i]);
      if (item === REJECT) return REJECT;
      output[i] = item;
    }
    return Object.freeze(output);
  };
}

/**
 * z.object with the default unknown-key handling (strip), string keys only. Generated code, as
 * Zod's own object parser is: property reads and writes by literal name stay monomorphic, where a
 * loop over keys makes every access a slow keyed one. Where code cannot be generated (a CSP
 * without eval) the object is left to Zod.
 */
function compileObject({ def }: SchemaInternals): FastParse | undefined {
  const shape = def.shape!;
  if (def.catchall !== undefined || Object.getOwnPropertySymbols(shape).length > 0)
    return undefined;
  const parsers: FastParse[] = [];
  const steps: string[] = [];
  for (const key of Object.keys(shape)) {
    const field = shape[key]!._zod;
    const parse = compile(field);
    // Zod never writes `__proto__` into its output; rather than mirror that, leave it to Zod.
    if (parse === undefined || key === '__proto__') return undefined;
    steps.push(fieldStep(key, parsers.length, field));
    parsers.push(parse);
  }
  const body = `return function parseObject(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return REJECT;
    const output = {};
    let value;
    ${steps.join('\n')}
    return Object.freeze(output);
  };`;
  try {
    return new Function('parsers', 'REJECT', body)(parsers, REJECT) as FastParse;
  } catch {
    return undefined;
  }
}

/**
 * One field of Zod's handlePropertyResult, specialised for the field's optin/optout. A key is
 * present when `key in input` (inherited too, as in Zod); a read that is not undefined implies it.
 */
function fieldStep(key: string, index: number, { optin, optout }: SchemaInternals): string {
  const name = JSON.stringify(key);
  const read = `value = input[${name}];`;
  const present = `(value !== undefined || ${name} in input)`;
  const parse = `value = parsers[${index}](value); if (value === REJECT) return REJECT;`;
  if (optin === undefined)
    return `${read} if (!${present}) return REJECT; ${parse} output[${name}] = value;`;
  // Absent: an optional-out field adds nothing (a failing default is dropped, as Zod drops it);
  // otherwise its parse of undefined must succeed, and a defaulted field keeps even undefined.
  const absent =
    optout === 'optional'
      ? optin === 'optional'
        ? ''
        : `value = parsers[${index}](undefined);
           if (value !== REJECT && value !== undefined) output[${name}] = value;`
      : `${parse} if (value !== undefined || ${optin === 'defaulted'}) output[${name}] = value;`;
  return `${read} if (${present}) { ${parse} output[${name}] = value; } else { ${absent} }`;
}
