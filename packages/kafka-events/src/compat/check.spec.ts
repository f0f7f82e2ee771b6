import { z } from 'zod';
import { checkCompatibility } from './check';
import { COMPATIBILITY_MODES, type CompatibilityMode, type JsonSchema } from './types';

const schema = (payload: z.ZodType): JsonSchema => z.toJSONSchema(payload) as JsonSchema;

const taskV1 = z.object({
  task_id: z.uuid(),
  title: z.string().min(1).max(200),
  priority: z.enum(['low', 'medium', 'high']),
  assignee: z.string().nullable(),
});

const verdict = (previous: z.ZodType[], next: z.ZodType, mode: CompatibilityMode) =>
  checkCompatibility({ previous: previous.map(schema), next: schema(next), mode }).compatible;

describe('checkCompatibility on zod 4 event payloads', () => {
  const withOptionalDue = taskV1.extend({ due: z.iso.datetime().optional() });
  const withRequiredDue = taskV1.extend({ due: z.iso.datetime() });
  const withoutAssignee = taskV1.omit({ assignee: true });
  const widerEnum = taskV1.extend({ priority: z.enum(['low', 'medium', 'high', 'urgent']) });
  const shorterTitle = taskV1.extend({ title: z.string().min(1).max(100) });
  const nullableTitle = taskV1.extend({ title: z.string().min(1).max(200).nullable() });
  const numberPriority = taskV1.extend({ priority: z.number() });
  const withDefaultedFlag = taskV1.extend({ urgent: z.boolean().default(false) });
  // what generated libraries write for an optional field: anyOf [T, null], not required
  const withNullishDue = taskV1.extend({ due: z.iso.datetime().nullish() });

  it.each([
    ['adding an optional field to a closed object', withOptionalDue, true, false],
    ['adding a nullish field to a closed object', withNullishDue, true, false],
    ['adding a required field', withRequiredDue, false, false],
    ['removing a required field', withoutAssignee, false, false],
    ['widening an enum', widerEnum, true, false],
    ['lowering maxLength 200 -> 100', shorterTitle, false, true],
    ['making a field nullable', nullableTitle, true, false],
    ['changing a field type', numberPriority, false, false],
    ['an unchanged schema', taskV1, true, true],
  ] as const)('%s', (_name, next, backward, forward) => {
    expect(verdict([taskV1], next, 'BACKWARD')).toBe(backward);
    expect(verdict([taskV1], next, 'FORWARD')).toBe(forward);
    expect(verdict([taskV1], next, 'FULL')).toBe(backward && forward);
    expect(verdict([taskV1], next, 'NONE')).toBe(true);
  });

  it('removing an optional field fails BACKWARD (closed model) and passes FORWARD', () => {
    const withNote = taskV1.extend({ note: z.string().optional() });
    expect(verdict([withNote], taskV1, 'BACKWARD')).toBe(false);
    expect(verdict([withNote], taskV1, 'FORWARD')).toBe(true);
  });

  it('switching an optional field to nullish (by hand, in an older library) is BACKWARD only', () => {
    // new readers accept the old data; old readers would refuse the nulls new writers may send
    const result = checkCompatibility({
      previous: [schema(withOptionalDue)],
      next: schema(withNullishDue),
      mode: 'FULL',
    });
    const [backward, forward] = result.results;
    expect(backward).toMatchObject({ direction: 'backward', compatible: true });
    expect(backward.differences).toEqual([
      expect.objectContaining({
        code: 'SUM_TYPE_EXTENDED',
        path: '#/properties/due/anyOf',
        compatible: true,
      }),
    ]);
    expect(forward).toMatchObject({ direction: 'forward', compatible: false });
    expect(forward.differences.filter((d) => !d.compatible).map((d) => d.code)).toEqual([
      'TYPE_CHANGED',
    ]);
  });

  it('treats a zod .default() field as optional in the output schema', () => {
    // zod's output schema lists a defaulted field as required; its `default` makes that compatible.
    const result = checkCompatibility({
      previous: [schema(taskV1)],
      next: schema(withDefaultedFlag),
      mode: 'BACKWARD',
    });
    expect(result.compatible).toBe(true);
    expect(result.results[0].differences.map((d) => d.code)).toEqual([
      'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
    ]);
  });

  it('compares recursive zod schemas ($defs)', () => {
    const node = (max: number) => {
      const Node: z.ZodType = z.object({
        name: z.string().max(max),
        get children() {
          return z.array(Node);
        },
      });
      return z.object({ root: Node });
    };
    expect(verdict([node(50)], node(50), 'FULL')).toBe(true);
    const result = checkCompatibility({
      previous: [schema(node(50))],
      next: schema(node(20)),
      mode: 'BACKWARD',
    });
    expect(result.results[0].differences).toEqual([
      expect.objectContaining({ code: 'MAX_LENGTH_DECREASED', compatible: false }),
    ]);
    expect(result.results[0].differences[0].path).toMatch(
      /^#\/\$defs\/[^/]+\/properties\/name\/maxLength$/,
    );
  });

  it('reports a discriminated union gaining a member as compatible only BACKWARD', () => {
    const created = z.object({ kind: z.literal('created'), id: z.string() });
    const deleted = z.object({ kind: z.literal('deleted'), id: z.string() });
    const archived = z.object({ kind: z.literal('archived'), id: z.string() });
    const v1 = z.discriminatedUnion('kind', [created, deleted]);
    const v2 = z.discriminatedUnion('kind', [created, deleted, archived]);
    expect(verdict([v1], v2, 'BACKWARD')).toBe(true);
    expect(verdict([v1], v2, 'FORWARD')).toBe(false);
  });
});

describe('checkCompatibility modes', () => {
  // v1 -> v2 removes `b` (open model: compatible); v3 adds a different optional `b` to the open model.
  const v1: JsonSchema = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'string' } },
  };
  const v2: JsonSchema = { type: 'object', properties: { a: { type: 'string' } } };
  const v3: JsonSchema = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'string' } },
  };
  // Against v2 (the latest) v3 adds `b` to an open model -> incompatible; against v1 it is identical.
  const check = (mode: CompatibilityMode, previous = [v1, v2], next = v3) =>
    checkCompatibility({ previous, next, mode });

  it('compares non-transitive modes with the latest previous version only', () => {
    for (const mode of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
      const result = check(mode);
      expect(result.results.map((r) => r.against)).toEqual(mode === 'FULL' ? [1, 1] : [1]);
    }
  });

  it('compares transitive modes with every previous version', () => {
    const result = check('BACKWARD_TRANSITIVE');
    expect(result.results.map((r) => [r.against, r.direction, r.compatible])).toEqual([
      [0, 'backward', true],
      [1, 'backward', false],
    ]);
    expect(check('FULL_TRANSITIVE').results.map((r) => [r.against, r.direction])).toEqual([
      [0, 'backward'],
      [0, 'forward'],
      [1, 'backward'],
      [1, 'forward'],
    ]);
  });

  it('finds a break only a transitive mode sees', () => {
    // Open objects: v2 drops `b` (fine both ways), v3 brings `b` back as a number. Against v2 alone
    // that is compatible FORWARD; against v1, where `b` was a string, it is not.
    const s = (b?: JsonSchema): JsonSchema => ({
      type: 'object',
      properties: { a: { type: 'string' }, ...(b ? { b } : {}) },
    });
    const previous = [s({ type: 'string' }), s()];
    const next = s({ type: 'number' });
    expect(checkCompatibility({ previous, next, mode: 'FORWARD' }).compatible).toBe(true);
    const transitive = checkCompatibility({ previous, next, mode: 'FORWARD_TRANSITIVE' });
    expect(transitive.compatible).toBe(false);
    expect(transitive.results.map((r) => r.compatible)).toEqual([false, true]);
    expect(transitive.results[0].differences).toEqual([
      expect.objectContaining({ code: 'TYPE_CHANGED', compatible: false }),
    ]);
  });

  it('FORWARD is the BACKWARD diff with the schemas swapped, with paths mapped to the right schema', () => {
    const closedA = {
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    };
    const closedAB = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      additionalProperties: false,
    };
    const forward = checkCompatibility({ previous: [closedA], next: closedAB, mode: 'FORWARD' })
      .results[0];
    expect(forward).toMatchObject({ against: 0, direction: 'forward', compatible: false });
    expect(forward.differences).toEqual([
      expect.objectContaining({
        code: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        path: '#/properties/b',
        schema: 'next',
      }),
    ]);
    const backward = checkCompatibility({ previous: [closedAB], next: closedA, mode: 'BACKWARD' })
      .results[0];
    expect(backward.differences).toEqual([
      expect.objectContaining({
        code: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        schema: 'previous',
      }),
    ]);
  });

  it('NONE compares nothing', () => {
    expect(check('NONE')).toEqual({ compatible: true, mode: 'NONE', results: [] });
  });

  it('accepts every mode and rejects an unknown one', () => {
    for (const mode of COMPATIBILITY_MODES) expect(check(mode, [v1], v1).compatible).toBe(true);
    expect(() => check('SIDEWAYS' as CompatibilityMode)).toThrow(
      'unknown compatibility mode "SIDEWAYS"',
    );
  });

  it('is compatible when there is no previous version', () => {
    expect(checkCompatibility({ previous: [], next: v1, mode: 'FULL_TRANSITIVE' })).toEqual({
      compatible: true,
      mode: 'FULL_TRANSITIVE',
      results: [],
    });
  });
});
