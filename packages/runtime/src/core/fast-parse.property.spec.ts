/**
 * The fast accept path against plain Zod, on generated events of every seed domain: valid events
 * (samples, optional fields left out or added) and events with one to three random edits (a node
 * replaced by a boundary or hostile value, a key removed, a known key added). For every case and
 * every event type's envelope schema the compiled parser accepts exactly what Zod accepts, with
 * the same output (values, key order, undefined-valued keys); and the domain's deserialize gives
 * the same decision, the same frozen event or the same error (code, message, every issue path) as
 * Zod's safeParse of the event type's schema. Seeded: SEED=<n> replays a run.
 */
import { SEED_DOMAINS } from '../kafka/__fixtures__/seed-domains';
import {
  FUZZ_SEED,
  JSON_VALUES,
  REPLAY,
  Random,
  jsonPaths,
  unfrozenPart,
} from '../__fixtures__/fuzz';
import type { AnyEventDomain } from './domain-types';
import { envelopeSchemaFor } from './envelope';
import { EventValidationError } from './errors';
import { compileFastParse, REJECT } from './fast-parse';
import { issuesFromZod } from './zod-issues';

const CASES_PER_DOMAIN = 10_000;

const UUID = '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10';
/** Values at the edges of what the seed schemas accept: lengths, formats, ranges, enums. */
const EDGE_VALUES: readonly unknown[] = [
  ...JSON_VALUES,
  ...[1, 49, 50, 51, 99, 100, 101, 199, 200, 201, 320, 321, 500, 501, 1000, 1001, 2001].map((n) =>
    'a'.repeat(n),
  ),
  // Zod counts code points once a string is near a bound: surrogate pairs around the limits.
  ...[25, 26, 50, 51, 100, 101, 200, 201, 250, 251].map((n) => '😀'.repeat(n)),
  UUID,
  UUID.toUpperCase(),
  UUID.replace('4c39', '0c39'),
  UUID.replace('9d3c', '7d3c'),
  UUID.slice(1),
  `${UUID}0`,
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-11-30T09:00:00Z',
  '2026-11-30T09:00:00.123456Z',
  '2024-02-29T00:00:00.000Z',
  '2023-02-29T00:00:00.000Z',
  '2026-11-30T24:00:00.000Z',
  '2026-11-30T09:00:00.000+01:00',
  '2026-11-30T09:00:00.000',
  '2026-11-30',
  ...['low', 'medium', 'high', 'HIGH', 'email', 'push', 'sms', 'in_app', 'fax'],
  ...['daily', 'weekly', 'monthly', 'yearly', 'hard', 'soft'],
  ...[1, 2, 10, 11, 365, 366, 0.5, 2 ** 53, -0],
  ...['task.created', 'task.created.v1', 'task.created.v2', 'reminder.sent.v1'],
];
const KNOWN_KEYS = [
  ...new Set(
    SEED_DOMAINS.flatMap(({ samples }) =>
      Object.values(samples).flatMap((payload) => Object.keys(payload as object)),
    ),
  ),
  'interval',
  'until',
  'correlation_id',
  'description',
  'due_date',
  'recurrence',
];

type Json = Record<string | number, unknown>;

/** The same object with its keys in reverse order (the wire order need not be the schema's). */
function reversed(value: Json): Json {
  return Object.fromEntries(Object.entries(value).reverse());
}

/**
 * A copy of `event` with one random edit: replace a node, remove a key, add a known key or
 * reverse an object's key order.
 */
function edit(random: Random, event: unknown): unknown {
  const copy = structuredClone(event);
  const paths = jsonPaths(copy).filter((path) => path.length > 0);
  const path = random.pick(paths);
  const parent = path.slice(0, -1).reduce<Json>((at, key) => at[key] as Json, copy as Json);
  const key = path[path.length - 1]!;
  const roll = random.float();
  if (roll < 0.65) parent[key] = random.pick(EDGE_VALUES);
  else if (roll < 0.8 && !Array.isArray(parent)) delete parent[key];
  else if (roll < 0.85 && typeof parent[key] === 'object' && parent[key] !== null)
    parent[key] = Array.isArray(parent[key]) ? parent[key] : reversed(parent[key] as Json);
  else if (typeof parent === 'object' && !Array.isArray(parent))
    parent[random.pick(KNOWN_KEYS)] = random.pick(EDGE_VALUES);
  return copy;
}

/** JSON of a value with object keys in their order, so key order counts in comparisons. */
const ordered = (value: unknown) => JSON.stringify(value);

describe(`fast decode path vs plain Zod (${REPLAY})`, () => {
  it.each(SEED_DOMAINS.map(({ domain, samples }) => [domain.domain, domain, samples] as const))(
    '%s: same decisions, outputs and errors on 10,000 generated events',
    (_, seedDomain, samples) => {
      const domain = seedDomain as AnyEventDomain;
      const random = new Random(FUZZ_SEED);
      const schemas = domain.events.map((definition) => {
        const schema = envelopeSchemaFor(definition, domain.metadata);
        return { type: definition.type, schema, fast: compileFastParse(schema)! };
      });
      // The whole point: every seed schema compiles (none is left to Zod).
      for (const { type, fast } of schemas) expect([type, typeof fast]).toEqual([type, 'function']);
      const valid = Object.entries(samples).map(([type, payload]) =>
        JSON.parse(domain.serialize(domain.create(type as never, payload as never))),
      );
      const failures: string[] = [];
      const fail = (label: string, problem: string) => {
        if (failures.length < 10) failures.push(`${REPLAY}, ${label}: ${problem}`);
      };
      const tally = { accepted: 0, rejected: 0, fastAccepted: 0, inPlace: 0, ownedCopied: 0 };

      for (let i = 0; i < CASES_PER_DOMAIN; i++) {
        let value: unknown = random.pick(valid);
        const edits = i % 4 === 0 ? 0 : random.int(1, 3);
        for (let e = 0; e < edits; e++) value = edit(random, value);
        const text = JSON.stringify(value);
        const label = `case ${i} ${text.slice(0, 300)}`;

        for (const { type, schema, fast } of schemas) {
          const zod = schema.safeParse(JSON.parse(text));
          // Copying (input not ours) and in place (owned: a fresh JSON.parse result handed over).
          for (const owned of [false, true]) {
            const input: unknown = JSON.parse(text);
            const output = fast(input, owned);
            const mode = `${type} (owned ${owned})`;
            if ((output !== REJECT) !== zod.success)
              fail(label, `${mode}: fast ${output === REJECT ? 'rejects' : 'accepts'}, Zod not`);
            else if (zod.success && output !== REJECT) {
              tally.fastAccepted++;
              if (owned) tally[output === input ? 'inPlace' : 'ownedCopied']++;
              if (ordered(output) !== ordered(zod.data))
                fail(label, `${mode}: output ${ordered(output)} but Zod ${ordered(zod.data)}`);
              else if (unfrozenPart(output) !== undefined)
                fail(label, `${mode}: output not deep-frozen at ${unfrozenPart(output)}`);
              else expect(output).toStrictEqual(zod.data);
            }
          }
        }

        const type = (value as { event_type?: unknown }).event_type;
        const reference = schemas.find((schema) => schema.type === type);
        if (reference === undefined) continue;
        const zod = reference.schema.safeParse(JSON.parse(text));
        let decoded: unknown;
        try {
          decoded = domain.deserialize(text);
        } catch (error) {
          decoded = error;
        }
        if (zod.success) {
          tally.accepted++;
          if (decoded instanceof Error) fail(label, `Zod accepts, deserialize threw ${decoded}`);
          else if (ordered(decoded) !== ordered(zod.data) || unfrozenPart(decoded) !== undefined)
            fail(label, `deserialize gave ${ordered(decoded)}, Zod ${ordered(zod.data)}`);
        } else {
          tally.rejected++;
          const expected = new EventValidationError(issuesFromZod(zod.error), reference.type);
          if (!(decoded instanceof EventValidationError))
            fail(label, `Zod rejects, deserialize gave ${ordered(decoded)}`);
          else {
            const got = { code: decoded.code, message: decoded.message, issues: decoded.issues };
            const want = {
              code: expected.code,
              message: expected.message,
              issues: expected.issues,
            };
            if (ordered(got) !== ordered(want))
              fail(label, `error ${ordered(got)}, Zod ${ordered(want)}`);
          }
        }
      }

      expect(failures).toEqual([]);
      // Not vacuous: both decisions occur often, and the accept path really ran.
      expect(tally.accepted).toBeGreaterThan(CASES_PER_DOMAIN / 10);
      expect(tally.rejected).toBeGreaterThan(CASES_PER_DOMAIN / 10);
      expect(tally.fastAccepted).toBeGreaterThanOrEqual(tally.accepted);
      // Both owned outcomes occur: reused as is, and copied (keys reordered, stripped, defaulted).
      expect(tally.inPlace).toBeGreaterThan(CASES_PER_DOMAIN / 100);
      expect(tally.ownedCopied).toBeGreaterThan(CASES_PER_DOMAIN / 100);
      if (process.env['FUZZ_SUMMARY'])
        process.stderr.write(
          `fast-parse ${domain.domain} (seed ${FUZZ_SEED}): ${ordered(tally)}\n`,
        );
    },
  );
});
