/**
 * Differential conformance of the generated Pydantic modules against the zod schemas they are
 * generated from. The domain generator writes the four seed domains (plus an `orders` domain
 * with numbers, booleans, patterns, aliases and arrays of objects, and a second version of
 * notification.bounced), the python generator their modules; the zod side is the generated
 * payload modules and domain.ts loaded for real (contract.ts), the Python side the generated
 * modules under the pinned Pydantic. From the field model of every event version, samples are
 * generated (samples.ts, envelopes.ts; seeded, so a failure names the seed that replays it) and
 * every sample is validated on both sides, in one Python process for all of them. Both sides must
 * accept and reject the same samples, report the same fields, and read accepted ones as the same
 * value (canonical.ts lists the spellings that may differ).
 */
import { renderObject, type Field, type FieldMap } from '../../payload-model';
import { addEvent, addOrdersDomain } from '../../generators/python/testing';
import { canonicalEvent, canonicalObject, sortedJson } from './canonical';
import {
  generateContract,
  type Contract,
  type ContractDomain,
  type ContractVersion,
  type PythonAnswer,
} from './contract';
import { envelopeSamples } from './envelopes';
import { Random, wireText } from './random';
import { PayloadSampler, type Rule, type Sample } from './samples';

const SEED = Number(process.env.KAFKA_EVENTS_CONFORMANCE_SEED ?? 20261127);
const REPLAY = `seed ${SEED}; replay with KAFKA_EVENTS_CONFORMANCE_SEED=${SEED}`;
/** Valid payload samples per event version, at least. */
const MIN_VALID = 60;
const DOMAINS = ['tasks', 'reminders', 'recurring', 'notifications', 'orders'] as const;

interface ZodVerdict {
  ok: boolean;
  value?: unknown;
  paths: string[];
}

interface Outcome {
  domain: ContractDomain;
  /** The event version of a payload sample; undefined for whole events. */
  version?: ContractVersion;
  sample: Sample;
  text: string;
  zod: ZodVerdict;
  python: PythonAnswer;
}

let contract: Contract;
/** Milliseconds spent generating, sampling and validating with zod, validating with Pydantic. */
const timings: Record<string, number> = {};
const payloads = new Map<string, Outcome[]>();
const events = new Map<string, Outcome[]>();
const known: Outcome[] = [];

/**
 * The differences that have no fix on the Python side, pinned so that a change on either side
 * shows: zod accepts them, Pydantic refuses them (so they are left out of the samples above).
 */
const KNOWN_DIFFERENCES: [label: string, field: string, value: string][] = [
  // a JavaScript string may hold a lone UTF-16 surrogate (JSON.stringify writes it as \ud800);
  // a Python str read by Pydantic must be valid Unicode
  ['a lone surrogate in a string', 'title', 'ab\ud800'],
  // zod's date pattern allows year 0000; Python's datetime starts at year 1
  ['the year 0000', 'due_date', '0000-01-01T00:00:00Z'],
];

beforeAll(async () => {
  let start = Date.now();
  contract = await generateContract({
    async grow(tree) {
      await addOrdersDomain(tree);
      await addEvent(tree, { domain: 'notifications', name: 'bounced', bump: true });
    },
  });
  timings.generate = Date.now() - start;
  start = Date.now();
  const random = new Random(SEED);
  const pending: Omit<Outcome, 'python'>[] = [];
  const requests: object[] = [];
  for (const domain of contract.domains) {
    const { config } = domain.python;
    const bySample = domain.versions.map((version) => {
      const samples = new PayloadSampler(random).samples(version.fields, MIN_VALID);
      for (const sample of samples) {
        const text = sample.text ?? wireText(sample.value);
        pending.push({ domain, version, sample, text, zod: zodPayload(version, text) });
        requests.push({ op: 'payload', module: domain.module, type: version.wireType, text });
      }
      return { ...version, samples };
    });
    const wholeEvents = envelopeSamples(random, {
      entity: config.entity,
      metadata: config.metadata,
      versioning: config.versioning,
      versions: bySample,
    });
    for (const sample of wholeEvents) {
      const text = sample.text ?? wireText(sample.value);
      pending.push({ domain, sample, text, zod: zodEvent(domain, text) });
      requests.push({ op: 'event', module: domain.module, text });
    }
  }
  const tasks = contract.domains.find((d) => d.name === 'tasks')!;
  const created = tasks.versions.find((v) => v.wireType === 'task.created.v1')!;
  for (const [label, field, value] of KNOWN_DIFFERENCES) {
    const sample: Sample = { label, field, rule: 'valid', expect: 'zod', value: null };
    const payload = { ...new PayloadSampler(random).payload(created.fields, true), [field]: value };
    const text = wireText(payload);
    known.push({
      domain: tasks,
      version: created,
      sample,
      text,
      zod: zodPayload(created, text),
      python: { ok: true },
    });
    requests.push({ op: 'payload', module: tasks.module, type: created.wireType, text });
  }
  timings.zod = Date.now() - start;
  start = Date.now();
  const answers = contract.python(requests);
  timings.pydantic = Date.now() - start;
  known.forEach((outcome, i) => (outcome.python = answers[pending.length + i]));
  pending.forEach((outcome, i) => {
    const list = outcome.version ? payloads : events;
    const key = outcome.domain.name;
    if (!list.has(key)) list.set(key, []);
    list.get(key)!.push({ ...outcome, python: answers[i] });
  });
}, 300_000);

afterAll(() => {
  if (contract) {
    contract.dispose();
    printSummary();
  }
});

function zodPayload(version: ContractVersion, text: string): ZodVerdict {
  const result = version.schema.safeParse(JSON.parse(text));
  if (result.success) return { ok: true, value: result.data, paths: [] };
  return { ok: false, paths: result.error.issues.map((issue) => issuePath(issue.path)) };
}

function zodEvent(domain: ContractDomain, text: string): ZodVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // what deserialize does with it: EventDecodeError, no field
    return { ok: false, paths: [''] };
  }
  const result = domain.domain.safeValidate(value);
  if (result.success) return { ok: true, value: result.event, paths: [] };
  // UnknownEventTypeError has no issues: the event type as a whole is wrong
  return { ok: false, paths: result.error.issues?.map((issue) => issue.path) ?? [''] };
}

/** zod's issue path as the runtime formats it: `tags[0]`, `recurrence.interval`. */
function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out === '' ? String(part) : `${out}.${String(part)}`;
  }, '');
}

function fieldsOf(domain: ContractDomain) {
  return (type: string) => domain.versions.find((v) => v.wireType === type)?.fields;
}

/** The problems of a set of outcomes: empty when both sides agree on all of them. */
function problems(outcomes: Outcome[]): string[] {
  const found: string[] = [];
  for (const { domain, version, sample, text, zod, python } of outcomes) {
    const what = `[${domain.name}${version ? ` ${version.wireType}` : ''}] ${sample.label}\n    ${text.length > 400 ? `${text.slice(0, 400)}...` : text}`;
    if (python.crash) {
      found.push(`${what}\n    Python crashed: ${python.crash}`);
      continue;
    }
    if (python.disagreement)
      found.push(`${what}\n    Python's reading paths disagree: ${python.disagreement}`);
    if (sample.expect !== 'zod' && zod.ok !== (sample.expect === 'accept')) {
      found.push(
        `${what}\n    the sample generator expected ${sample.expect}, zod says ${zod.ok ? 'accept' : `reject at ${zod.paths.join(', ')}`}`,
      );
      continue;
    }
    if (zod.ok !== python.ok) {
      const reason = python.ok
        ? 'accepts'
        : `rejects (${python.errors?.map((e) => `${e.path}: ${e.message}`).join('; ')})`;
      found.push(
        `${what}\n    zod ${zod.ok ? 'accepts' : `rejects at ${zod.paths.join(', ')}`}, Pydantic ${reason}`,
      );
      continue;
    }
    if (zod.ok) {
      const fromPython = version ? python.value : JSON.parse(python.json!);
      const [a, b] = version
        ? [canonicalObject(version.fields, zod.value), canonicalObject(version.fields, fromPython)]
        : [
            canonicalEvent(zod.value, fieldsOf(domain)),
            canonicalEvent(fromPython, fieldsOf(domain)),
          ];
      if (sortedJson(a) !== sortedJson(b)) {
        found.push(
          `${what}\n    read differently:\n      zod      ${sortedJson(a)}\n      Pydantic ${sortedJson(b)}`,
        );
      }
    } else {
      const zodPaths = [...new Set(zod.paths)].sort();
      const pythonPaths = [...new Set(python.errors!.map((e) => e.path))].sort();
      if (zodPaths.join() !== pythonPaths.join()) {
        found.push(
          `${what}\n    rejected at other fields: zod ${JSON.stringify(zodPaths)}, Pydantic ${JSON.stringify(pythonPaths)}`,
        );
      }
    }
  }
  return found;
}

function expectNone(what: string, found: string[]): void {
  if (found.length === 0) return;
  throw new Error(
    `${found.length} ${what} (${REPLAY}):\n${found.slice(0, 25).join('\n')}${found.length > 25 ? `\n... and ${found.length - 25} more` : ''}`,
  );
}

describe('Zod and the generated Pydantic modules agree on every sample', () => {
  it('covers the seed domains and every event version', () => {
    expect(contract.domains.map((d) => d.name)).toEqual([...DOMAINS].sort());
    const versions = contract.domains.flatMap((d) => d.versions.map((v) => v.wireType));
    expect(versions).toEqual(
      expect.arrayContaining(['task.created.v1', 'notification.bounced.v2', 'order.created']),
    );
  });

  it('samples from a field model that is the payload module itself (same JSON Schema)', () => {
    const z = contract.zod;
    for (const domain of contract.domains) {
      for (const version of domain.versions) {
        const source = renderObject(version.fields, { validation: true });
        const fromModel = new Function('z', `return ${source};`)(z) as unknown;
        expect([version.wireType, z.toJSONSchema(fromModel)]).toEqual([
          version.wireType,
          z.toJSONSchema(version.schema),
        ]);
      }
    }
  });

  it('differs only where Pydantic cannot follow: lone surrogates, the year 0000', () => {
    expect(known.map((o) => [o.sample.label, o.zod.ok, o.python.ok])).toEqual(
      KNOWN_DIFFERENCES.map(([label]) => [label, true, false]),
    );
  });

  describe.each(DOMAINS)('%s', (name) => {
    it('payloads: the same accepted and rejected sets, the same values, the same fields at fault', () => {
      const outcomes = payloads.get(name)!;
      const domain = outcomes[0].domain;
      for (const version of domain.versions) {
        const valid = outcomes.filter((o) => o.version === version && o.sample.rule === 'valid');
        expect([version.wireType, valid.length >= MIN_VALID]).toEqual([version.wireType, true]);
      }
      expectNone(`disagreements on ${name} payloads`, problems(outcomes));
    });

    it('whole events: the same accepted and rejected sets, the same events, the same fields at fault', () => {
      expectNone(`disagreements on ${name} events`, problems(events.get(name)!));
    });

    it('every constraint of every field broken at least once, and rejected by both sides', () => {
      const missing: string[] = [];
      for (const version of payloads.get(name)![0].domain.versions) {
        const rejected = new Set(
          payloads
            .get(name)!
            .filter((o) => o.version === version && !o.zod.ok && !o.python.ok)
            .map((o) => `${o.sample.field} ${o.sample.rule}`),
        );
        const accepted = new Set(
          payloads
            .get(name)!
            .filter((o) => o.version === version && o.zod.ok && o.python.ok)
            .map((o) => o.sample.rule),
        );
        for (const rule of constraints(version.fields)) {
          if (!rejected.has(rule)) missing.push(`${version.wireType}: ${rule}`);
        }
        for (const rule of ['valid', 'extra-field'] as Rule[]) {
          if (!accepted.has(rule)) missing.push(`${version.wireType}: no ${rule} sample accepted`);
        }
      }
      expectNone('constraints never broken', missing);
    });
  });
});

/** `field rule` for every constraint of every field: what the samples must break. */
function constraints(fields: FieldMap, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([name, field]) =>
    fieldConstraints(field, `${prefix}${name}`),
  );
}

function fieldConstraints(field: Field, path: string): string[] {
  const rules: Rule[] = ['wrong-type'];
  if (!field.optional) rules.push('null');
  if (!field.optional && field.default === undefined) rules.push('missing');
  const nested: string[] = [];
  switch (field.kind) {
    case 'uuid':
      rules.push('bad-uuid');
      break;
    case 'datetime':
      rules.push('bad-datetime');
      break;
    case 'enum':
      rules.push('unknown-enum');
      break;
    case 'int':
      rules.push('not-integer', 'unsafe-integer', 'not-finite');
      if (field.min !== undefined) rules.push('below-min');
      if (field.max !== undefined) rules.push('above-max');
      break;
    case 'number':
      rules.push('not-finite');
      if (field.min !== undefined) rules.push('below-min');
      if (field.max !== undefined) rules.push('above-max');
      break;
    case 'string':
      if (field.min !== undefined && field.min > 0) rules.push('too-short');
      if (field.max !== undefined) rules.push('too-long');
      if (field.pattern !== undefined) rules.push('pattern');
      break;
    case 'array':
      if (field.min !== undefined && field.min > 0) rules.push('array-too-short');
      if (field.max !== undefined) rules.push('array-too-long');
      // every constraint of the items, broken inside the array
      nested.push(
        ...fieldConstraints(field.of, `${path}[]`)
          .filter((r) => !/ (missing)$/.test(r))
          .map((r) => r.replace(/ \S+$/, ' bad-item')),
      );
      break;
    case 'object':
      nested.push(...constraints(field.fields, `${path}.`));
      break;
  }
  return [...new Set([...rules.map((rule) => `${path} ${rule}`), ...nested])];
}

function printSummary(): void {
  const rows: string[][] = [
    ['domain', 'event version', 'valid', 'extra keys', 'invalid', 'both accept', 'both reject'],
  ];
  const count = (list: Outcome[], test: (o: Outcome) => boolean) =>
    String(list.filter(test).length);
  let total = 0;
  for (const name of DOMAINS) {
    const outcomes = payloads.get(name) ?? [];
    total += outcomes.length + (events.get(name)?.length ?? 0);
    for (const version of outcomes[0]?.domain.versions ?? []) {
      const mine = outcomes.filter((o) => o.version === version);
      rows.push([
        name,
        version.wireType,
        count(mine, (o) => o.sample.rule === 'valid'),
        count(mine, (o) => o.sample.rule === 'extra-field'),
        count(mine, (o) => o.sample.expect !== 'accept'),
        count(mine, (o) => o.zod.ok && o.python.ok),
        count(mine, (o) => !o.zod.ok && !o.python.ok),
      ]);
    }
    const whole = events.get(name) ?? [];
    rows.push([
      name,
      'whole events',
      count(whole, (o) => o.sample.expect === 'accept' && o.sample.rule !== 'extra-field'),
      count(whole, (o) => o.sample.rule === 'extra-field'),
      count(whole, (o) => o.sample.expect !== 'accept'),
      count(whole, (o) => o.zod.ok && o.python.ok),
      count(whole, (o) => !o.zod.ok && !o.python.ok),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
  );
  const took = `generators ${timings.generate} ms, samples and zod ${timings.zod} ms, Pydantic ${timings.pydantic} ms`;
  console.log(`Zod vs Pydantic: ${total} samples (${REPLAY}); ${took}\n${table.join('\n')}`);
}
