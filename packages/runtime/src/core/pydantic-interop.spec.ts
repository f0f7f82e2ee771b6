/**
 * The wire format between this runtime and the Pydantic modules kafka-events generates
 * (`nx g kafka-events:python`), against real Pydantic (pinned in tools/python/requirements.txt,
 * installed into tools/python/.venv by tools/python/venv.cjs on first use). The kafka-events
 * generators write the four seed domains and their Python modules into a temporary folder under
 * tmp/ (packages/kafka-events/src/python-model/conformance/contract.ts); the generated TypeScript
 * libraries run on this runtime's source, the Python modules are driven through
 * tools/python/check_events.py, one interpreter per batch. Events cross both ways: what the
 * runtime writes, Pydantic reads and writes back the same; what Python writes, the runtime reads
 * as the same event; the same idempotency key gives the same event_id; the CloudEvents agree; and
 * both sides refuse the same broken events at the same field. (The differential conformance over
 * thousands of generated samples is kafka-events' conformance.spec.ts.)
 */
import { z } from 'zod';
import * as fixtures from '../kafka/__fixtures__/seed-domains';
import {
  generateSeedContract,
  type GeneratedDomainPair as ContractDomain,
  type GeneratedVersion as ContractVersion,
  type PythonAnswer,
  type SeedContract as Contract,
  type WireEvent,
} from './__fixtures__/python-contract';
import type { AnyEventDomain } from './domain-types';

const USER_ID = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';
const CORRELATION_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const CAUSATION_ID = '7d9e2f4a-1c3b-4e5d-8f60-718293a4b5c6';
const TIMESTAMP = '2026-11-27T10:15:30.123Z';
/** Keys of business actions, as strings and as the arrays the TypeScript API also takes. */
const IDEMPOTENCY_KEYS: (string | string[])[] = [
  'import-42',
  'ünïcödé キー 🎉',
  'e\u0301', // NFD: another key than 'é', on both sides
  'é',
  ['create-task', 'request-42'],
  ['a:b', 'c'],
  'a:b:c',
  ['single'],
  ['', 'x'],
  ' ',
  'tab\tnew\nline\u0000nul',
  'x'.repeat(10_000),
];
/** Keys both sides refuse: empty ones (every event would get one id) and a lone surrogate. */
const REFUSED_KEYS: (string | string[])[] = ['', [], [''], '\ud800'];

let contract: Contract;

beforeAll(async () => {
  contract = await generateSeedContract();
}, 300_000);

afterAll(() => contract?.dispose());

const domainsOf = () => contract.domains;
const toCloudEvent = () =>
  contract.runtime.toCloudEvent as (domain: unknown, event: unknown) => Record<string, unknown>;

/** The payload with only the fields that may not be absent (defaults are filled by both sides). */
function requiredOnly(version: ContractVersion): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(version.example).filter(([name]) => {
      const field = version.fields[name];
      return !field.optional && field.default === undefined;
    }),
  );
}

/** Absent and null are the same to both sides: Pydantic writes null, the runtime omits the key. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

function accepted(answer: PythonAnswer, what: string): string {
  if (!answer.ok || answer.json === undefined) {
    throw new Error(`Pydantic refused ${what}: ${JSON.stringify(answer.errors ?? answer.crash)}`);
  }
  if (answer.disagreement) throw new Error(`${what}: ${answer.disagreement}`);
  return answer.json;
}

describe('the seed-domains fixture the kafka and dapr specs use', () => {
  it('is the contract the domain generator writes', () => {
    for (const { domain: fixture } of fixtures.SEED_DOMAINS) {
      const generated = domainsOf().find((d) => d.name === fixture.domain)!.domain;
      const settings = (d: AnyEventDomain | typeof generated) => ({
        domain: d.domain,
        source: d.source,
        metadata: d.metadata,
        eventTypes: d.eventTypes,
      });
      expect(settings(fixture)).toEqual(settings(generated));
      for (const type of fixture.eventTypes) {
        const mine = fixture.definition(type)!;
        const theirs = generated.definition(type) as unknown as typeof mine;
        expect([type, mine.key, z.toJSONSchema(mine.payload)]).toEqual([
          type,
          theirs.key,
          contract.zod.toJSONSchema(theirs.payload),
        ]);
      }
    }
  });
});

describe('TypeScript -> Pydantic -> TypeScript', () => {
  /** Every event type of every seed domain, with every field and with the required ones only. */
  let sent: { domain: ContractDomain; event: WireEvent; text: string; full: boolean }[];
  let echoed: PythonAnswer[];
  let clouds: PythonAnswer[];

  beforeAll(() => {
    sent = domainsOf().flatMap((domain) =>
      domain.versions.flatMap((version, i) =>
        [true, false].map((full) => {
          const event = domain.domain.create(
            version.wireType,
            full ? version.example : requiredOnly(version),
            {
              userId: USER_ID,
              correlationId: CORRELATION_ID,
              causationId: CAUSATION_ID,
              idempotencyKey: ['interop', version.wireType, String(full)],
              ...(i % 2 ? { timestamp: TIMESTAMP } : {}),
            },
          );
          return { domain, event, text: domain.domain.serialize(event), full };
        }),
      ),
    );
    const answers = contract.python(
      sent.flatMap(({ domain, text }) => [
        { op: 'event', module: domain.module, text },
        { op: 'cloud_event', module: domain.module, text },
      ]),
    );
    echoed = answers.filter((_, i) => i % 2 === 0);
    clouds = answers.filter((_, i) => i % 2 === 1);
  });

  it('covers every event type of the four seed domains', () => {
    const types = new Set(sent.map(({ event }) => event.event_type));
    expect(types.size).toBe(13);
    for (const domain of domainsOf()) {
      for (const type of domain.domain.eventTypes) expect(types).toContain(type);
    }
  });

  it('Pydantic accepts every event the runtime serializes', () => {
    sent.forEach(({ event }, i) => accepted(echoed[i], String(event.event_type)));
  });

  it("Pydantic's model_dump_json() is the runtime's JSON byte for byte when every field is set", () => {
    sent.forEach(({ text, full, event }, i) => {
      if (full) expect([event.event_type, echoed[i].json]).toEqual([event.event_type, text]);
    });
  });

  it('with optional fields left out, it writes them as null and is otherwise the same JSON', () => {
    sent.forEach(({ text, full, event }, i) => {
      if (full) return;
      const python = JSON.parse(accepted(echoed[i], String(event.event_type))) as WireEvent;
      expect(withoutNulls(python)).toEqual(withoutNulls(JSON.parse(text)));
      const absent = Object.keys(python.payload as object).filter(
        (key) => !(key in (event.payload as object)),
      );
      for (const key of absent) expect((python.payload as WireEvent)[key]).toBeNull();
    });
  });

  it("the runtime reads Pydantic's JSON back as the same event and writes it unchanged", () => {
    sent.forEach(({ domain, event }, i) => {
      const json = accepted(echoed[i], String(event.event_type));
      const back = domain.domain.deserialize(json);
      expect(withoutNulls(back)).toEqual(withoutNulls(event));
      // the nulls are kept: what the runtime writes is what Python wrote
      expect(domain.domain.serialize(back)).toBe(json);
    });
  });

  it("Pydantic's CloudEvent of the event is the runtime's toCloudEvent", () => {
    sent.forEach(({ domain, event, full }, i) => {
      const typescript = toCloudEvent()(domain.domain, event);
      const python = clouds[i].cloud_event;
      if (full) expect(python).toEqual(typescript);
      else expect(withoutNulls(python)).toEqual(withoutNulls(typescript));
    });
  });
});

describe('Pydantic producer -> TypeScript', () => {
  interface Made {
    domain: ContractDomain;
    version: ContractVersion;
    payload: Record<string, unknown>;
    options: Record<string, unknown>;
    answer: PythonAnswer;
  }
  let made: Made[];
  let again: PythonAnswer[];

  beforeAll(() => {
    const requests: Omit<Made, 'answer'>[] = domainsOf().flatMap((domain) =>
      domain.versions.flatMap((version, i) =>
        [version.example, requiredOnly(version)].map((payload, j) => ({
          domain,
          version,
          payload,
          options: {
            user_id: USER_ID,
            ...(i % 2 ? { correlation_id: CORRELATION_ID, causation_id: CAUSATION_ID } : {}),
            ...(j === 0 ? { idempotency_key: ['py', version.wireType] } : {}),
            ...(i % 3 === 0 ? { timestamp: TIMESTAMP } : {}),
          },
        })),
      ),
    );
    // the plain type (`task.created`) too, and an event caused by another one
    const first = requests[0];
    requests.push({ ...first, version: { ...first.version, wireType: first.version.eventType } });
    const answers = contract.python(
      requests.map(({ domain, version, payload, options }) => ({
        op: 'create',
        module: domain.module,
        type: version.wireType,
        payload,
        options,
      })),
    );
    made = requests.map((request, i) => ({ ...request, answer: answers[i] }));
    again = contract.python(
      made.map(({ domain, answer }) => ({
        op: 'event',
        module: domain.module,
        text: domain.domain.serialize(domain.domain.deserialize(accepted(answer, 'create'))),
      })),
    );
  });

  it('the runtime reads every event a Python service writes, exactly as written', () => {
    for (const { domain, version, answer } of made) {
      const json = accepted(answer, version.wireType);
      const event = domain.domain.deserialize(json);
      expect(event).toEqual(JSON.parse(json));
      expect(domain.domain.serialize(event)).toBe(json);
      expect(event.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('is the event the runtime creates from the same payload, key, time and metadata', () => {
    for (const { domain, version, payload, options, answer } of made) {
      const python = domain.domain.deserialize(accepted(answer, version.wireType));
      const typescript = domain.domain.create(python.event_type as string, payload, {
        userId: options.user_id,
        ...(options.correlation_id ? { correlationId: options.correlation_id } : {}),
        ...(options.causation_id ? { causationId: options.causation_id } : {}),
        ...(options.idempotency_key
          ? { idempotencyKey: options.idempotency_key }
          : { eventId: python.event_id }),
        timestamp: python.timestamp,
      });
      expect(withoutNulls(python)).toEqual(withoutNulls(typescript));
      // a new chain starts at the event itself, on both sides
      if (!options.correlation_id) expect(python.correlation_id).toBe(python.event_id);
    }
  });

  it('the plain event type builds the newest version, as the TypeScript helpers name it', () => {
    const plain = made[made.length - 1];
    const event = plain.domain.domain.deserialize(accepted(plain.answer, 'the plain type'));
    expect(event.event_type).toBe(`${plain.version.eventType}.v1`);
  });

  it('what the runtime re-serializes from Python events, Pydantic accepts as the same JSON', () => {
    made.forEach(({ answer }, i) => expect(accepted(again[i], 'again')).toBe(answer.json));
  });

  it("Pydantic's CloudEvent is the runtime's toCloudEvent of the same event", () => {
    for (const { domain, version, answer } of made) {
      const event = domain.domain.deserialize(accepted(answer, version.wireType));
      expect(answer.cloud_event).toEqual(toCloudEvent()(domain.domain, event));
      expect(answer.key).toBe(domain.domain.keyOf(event));
    }
  });
});

describe('deterministic event ids', () => {
  let answers: PythonAnswer[];
  const cases = () =>
    domainsOf().flatMap((domain) =>
      [...IDEMPOTENCY_KEYS, ...REFUSED_KEYS].map((key) => ({ domain, key })),
    );

  beforeAll(() => {
    answers = contract.python(
      cases().flatMap(({ domain, key }) => [
        { op: 'event_id', module: domain.module, key },
        {
          op: 'create',
          module: domain.module,
          type: domain.versions[0].wireType,
          payload: domain.versions[0].example,
          options: { idempotency_key: key },
        },
      ]),
    );
  });

  it('the same idempotency key gives the same event_id on both sides', () => {
    cases().forEach(({ domain, key }, i) => {
      if (REFUSED_KEYS.includes(key)) return;
      const [id, made] = [answers[2 * i], answers[2 * i + 1]];
      const version = domain.versions[0];
      const event = domain.domain.create(version.wireType, version.example, {
        idempotencyKey: key,
      });
      const newEventId = contract.runtime.newEventId as (ns: string, key: unknown) => string;
      const namespace = (contract.runtime.domainNamespace as (d: string) => string)(domain.name);
      expect([domain.name, key, id.id]).toEqual([domain.name, key, event.event_id]);
      expect(newEventId(namespace, key)).toBe(event.event_id);
      expect(JSON.parse(accepted(made, 'create')).event_id).toBe(event.event_id);
    });
  });

  it('ids differ between domains and between keys', () => {
    const ids = cases()
      .map(({ key }, i) => (REFUSED_KEYS.includes(key) ? undefined : answers[2 * i].id))
      .filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length - domainsOf().length); // 'a:b:c' is ['a:b', 'c']
  });

  it('both sides refuse empty keys and keys that are no Unicode text', () => {
    cases().forEach(({ domain, key }, i) => {
      if (!REFUSED_KEYS.includes(key)) return;
      const version = domain.versions[0];
      expect(() =>
        domain.domain.create(version.wireType, version.example, { idempotencyKey: key }),
      ).toThrow();
      expect([key, answers[2 * i].ok, answers[2 * i + 1].ok]).toEqual([key, false, false]);
    });
  });
});

describe('both sides refuse the same broken events at the same field', () => {
  type Wire = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const tasks = () => domainsOf().find((d) => d.name === 'tasks')!;
  const created = () => tasks().versions.find((v) => v.wireType === 'task.created.v1')!;
  const good = (): Wire =>
    JSON.parse(
      tasks().domain.serialize(
        tasks().domain.create('task.created.v1', created().example, { userId: USER_ID }),
      ),
    ) as Wire;
  const edit = (change: (e: Wire) => void) => {
    const event = good();
    change(event);
    return event;
  };
  /** [what, event, the field both sides report ('' = the event type is unknown)] */
  const cases: [string, () => Wire, string][] = [
    ['payload uuid', () => edit((e) => (e.payload.task_id = 'not-a-uuid')), 'payload.task_id'],
    [
      'uuid without hyphens',
      () => edit((e) => (e.payload.task_id = e.payload.task_id.replace(/-/g, ''))),
      'payload.task_id',
    ],
    ['event_id', () => edit((e) => (e.event_id = '3f0c3c39')), 'event_id'],
    ['metadata uuid', () => edit((e) => (e.user_id = 'someone')), 'user_id'],
    ['empty title', () => edit((e) => (e.payload.title = '')), 'payload.title'],
    ['title too long', () => edit((e) => (e.payload.title = 'x'.repeat(201))), 'payload.title'],
    ['missing title', () => edit((e) => delete e.payload.title), 'payload.title'],
    ['title not a string', () => edit((e) => (e.payload.title = 42)), 'payload.title'],
    [
      'timestamp without zone',
      () => edit((e) => (e.timestamp = '2026-11-27T10:15:30')),
      'timestamp',
    ],
    [
      'timestamp with offset',
      () => edit((e) => (e.timestamp = '2026-11-27T12:15:30+02:00')),
      'timestamp',
    ],
    [
      'timestamp without seconds',
      () => edit((e) => (e.timestamp = '2026-11-27T10:15Z')),
      'timestamp',
    ],
    ['timestamp not a date', () => edit((e) => (e.timestamp = 'yesterday')), 'timestamp'],
    [
      'due_date without zone',
      () => edit((e) => (e.payload.due_date = '2026-12-01T17:00:00')),
      'payload.due_date',
    ],
    [
      'priority outside the enum',
      () => edit((e) => (e.payload.priority = 'urgent')),
      'payload.priority',
    ],
    [
      'null for a field with a default',
      () => edit((e) => (e.payload.priority = null)),
      'payload.priority',
    ],
    ['empty tag', () => edit((e) => (e.payload.tags = [''])), 'payload.tags[0]'],
    [
      '21 tags',
      () => edit((e) => (e.payload.tags = Array.from({ length: 21 }, (_, i) => `t${i}`))),
      'payload.tags',
    ],
    [
      'interval 0',
      () => edit((e) => (e.payload.recurrence.interval = 0)),
      'payload.recurrence.interval',
    ],
    [
      'interval 1.5',
      () => edit((e) => (e.payload.recurrence.interval = 1.5)),
      'payload.recurrence.interval',
    ],
    [
      'interval "2"',
      () => edit((e) => (e.payload.recurrence.interval = '2')),
      'payload.recurrence.interval',
    ],
    [
      'schema_version of another version',
      () => edit((e) => (e.schema_version = 2)),
      'schema_version',
    ],
    ['no payload', () => edit((e) => delete e.payload), 'payload'],
    ['no event_type', () => edit((e) => delete e.event_type), 'event_type'],
    ['unknown event type', () => edit((e) => (e.event_type = 'task.archived.v1')), ''],
    [
      'unversioned type of an unknown version',
      () =>
        edit((e) => {
          e.event_type = 'task.created';
          e.schema_version = 3;
        }),
      '',
    ],
  ];
  let verdicts: PythonAnswer[];

  beforeAll(() => {
    verdicts = contract.python(
      [good, ...cases.map(([, event]) => event)].map((event) => ({
        op: 'event',
        module: tasks().module,
        text: JSON.stringify(event()),
      })),
    );
  });

  it('the unedited event passes both', () => {
    expect(tasks().domain.safeValidate(good()).success).toBe(true);
    expect(verdicts[0].ok).toBe(true);
  });

  it.each(cases.map((c, i) => [...c, i + 1] as const))('%s', (_what, event, where, i) => {
    const ts = tasks().domain.safeValidate(event());
    const py = verdicts[i];
    expect([ts.success, py.ok]).toEqual([false, false]);
    if (ts.success) return;
    if (where === '') {
      expect(ts.error.name).toBe('UnknownEventTypeError');
      expect(py.errors!.map((e) => e.message).join()).toMatch(/unknown event type/);
    } else {
      expect(ts.error.name).toBe('EventValidationError');
      expect(ts.error.issues!.map((issue) => issue.path)).toEqual([where]);
    }
    expect(py.errors!.map((e) => e.path)).toEqual([where]);
  });
});
