/**
 * The leaf tests and checks of the fast accept path, as JavaScript expressions for the code that
 * fast-parse.ts generates. Each expression is true exactly when Zod's own code accepts: type tests
 * mirror Zod's parsers, length and range bounds are Zod's check functions written inline, formats
 * test the schema's own regex (`def.pattern`, Zod's), and any other check is a call to the check
 * function itself. Written for Zod 4's internals.
 */
import { z } from 'zod';
import type { CheckInternals, SchemaInternals } from './zod-internals';

/** Makes a value available to generated code; returns the name to write in the code. */
export type Ref = (value: unknown) => string;
/** An expression over the variable named `value` that is true when the leaf accepts it. */
export type Test = (value: string) => string;

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
// Zod's default `when` of length checks (run only on values with a length), read off a schema.
const LENGTH_WHEN = (z.string().max(1)._zod.def.checks![0]!._zod as unknown as CheckInternals).def
  .when;

/** The type test of a leaf schema (no checks), or undefined when `zod` is not a leaf. */
export function leafTest(zod: SchemaInternals, ref: Ref): Test | undefined {
  switch (zod.def.type) {
    case 'string':
      return (v) => `typeof ${v} === 'string'`;
    case 'number':
      return (v) => `(typeof ${v} === 'number' && Number.isFinite(${v}))`;
    case 'boolean':
      return (v) => `typeof ${v} === 'boolean'`;
    case 'null':
      return (v) => `${v} === null`;
    case 'enum':
    case 'literal':
      return valuesTest(zod.values!, ref);
    default:
      return undefined;
  }
}

/** Set membership; `===` for the primitives where it agrees with the Set's SameValueZero. */
function valuesTest(values: ReadonlySet<unknown>, ref: Ref): Test {
  const literals = [...values];
  const plain = literals.every(
    (value) =>
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      value === null ||
      (typeof value === 'number' && !Number.isNaN(value)),
  );
  if (!plain || literals.length > 8) {
    const set = ref(values);
    return (v) => `${set}.has(${v})`;
  }
  return (v) => `(${literals.map((value) => `${v} === ${JSON.stringify(value)}`).join(' || ')})`;
}

/**
 * The checks Zod runs after the type test (the schema itself when it is a format, then its own
 * checks) as one conjunction; `null` when there are none, undefined when one is unsupported.
 */
export function checksTest(zod: SchemaInternals, ref: Ref): Test | null | undefined {
  const own = (zod.def.checks ?? []).map((check) => check._zod);
  const checks = zod.traits.has('$ZodCheck') ? [zod as unknown as CheckInternals, ...own] : own;
  if (checks.length === 0) return null;
  const tests: Test[] = [];
  for (const check of checks) {
    const { def } = check;
    if (!PURE_CHECKS.has(def.check ?? '')) return undefined;
    if (def.check === 'string_format' && !PATTERN_FORMATS.has(def.format ?? '')) return undefined;
    tests.push(inlineCheck(check, zod.def.type, ref) ?? callCheck(check, ref));
  }
  return (v) => tests.map((test) => test(v)).join(' && ');
}

/** A check written inline where it is one of the common bounds or a plain pattern test. */
function inlineCheck(check: CheckInternals, type: string, ref: Ref): Test | undefined {
  const { def } = check;
  if (def.check === 'string_format') {
    const pattern = def.pattern;
    // A global or sticky regex keeps state between tests; Zod resets it, the call below too.
    if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) return undefined;
    // The last string it accepted: ids repeat within and across events (correlation_id is often
    // the event_id, a stream carries one user_id), and equal strings match the same.
    const name = ref(pattern);
    const last = ref({ accepted: undefined });
    return (v) =>
      `(${v} === ${last}.accepted || (${name}.test(${v}) && ((${last}.accepted = ${v}), true)))`;
  }
  if (def.check === 'greater_than' || def.check === 'less_than') {
    if (type !== 'number' || typeof def.value !== 'number' || Number.isNaN(def.value))
      return undefined;
    const bound = ref(def.value);
    const op =
      def.check === 'greater_than' ? (def.inclusive ? '>=' : '>') : def.inclusive ? '<=' : '<';
    return (v) => `${v} ${op} ${bound}`;
  }
  if (def.when !== LENGTH_WHEN || (type !== 'string' && type !== 'array')) return undefined;
  return lengthTest(check, type === 'string', ref);
}

/**
 * Length bounds. Arrays by their length; strings are measured in code points by current Zod,
 * in UTF-16 units by older 4.x releases: a string within the bound in units is within it in code
 * points too (max), one of at least twice the minimum in units has at least the minimum in code
 * points (min), and only in between is Zod's own check asked, so both measures give Zod's answer.
 */
function lengthTest(check: CheckInternals, isString: boolean, ref: Ref): Test | undefined {
  const { def } = check;
  const exact = isString ? callCheck(check, ref) : undefined;
  if (def.check === 'max_length' && Number.isInteger(def.maximum)) {
    const max = def.maximum!;
    return exact ? (v) => `(${v}.length <= ${max} || ${exact(v)})` : (v) => `${v}.length <= ${max}`;
  }
  if (def.check === 'min_length' && Number.isInteger(def.minimum)) {
    const min = def.minimum!;
    return exact
      ? (v) => `(${v}.length >= ${2 * min} || ${exact(v)})`
      : (v) => `${v}.length >= ${min}`;
  }
  return undefined;
}

// One payload reused by every check call: checks are synchronous and only push issues onto it.
type Payload = { value: unknown; issues: unknown[] };
const scratch: Payload = { value: undefined, issues: [] };

/** Runs Zod's check function itself (after its `when`), for the checks not written inline. */
function runCheck({ def, check }: CheckInternals, value: unknown): boolean {
  scratch.value = value;
  if (scratch.issues.length !== 0) scratch.issues = [];
  // Zod skips a check whose `when` says it does not apply (e.g. a length on a non-lengthable).
  if (def.when !== undefined && !def.when(scratch)) return true;
  check(scratch);
  return scratch.issues.length === 0;
}

function callCheck(check: CheckInternals, ref: Ref): Test {
  const run = ref(runCheck);
  const internals = ref(check);
  return (v) => `${run}(${internals}, ${v})`;
}
