/**
 * The wire format against real Pydantic v2: tools/python/tasks_events.py models the seed `tasks`
 * contract as a Python service would, and tools/python/interop.py validates or produces events
 * over stdin/stdout. The venv (tools/python/.venv) is created on first use by
 * tools/python/venv.cjs, so the first run takes a few seconds longer.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { z } from 'zod';
import { tasks, taskSamples } from '../kafka/__fixtures__/seed-domains';
import { EventValidationError, UnknownEventTypeError } from './errors';

type VenvModule = typeof import('../../../../tools/python/venv.cjs');
const PYTHON_DIR = path.resolve(__dirname, '../../../../tools/python');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonEnv } = require(path.join(PYTHON_DIR, 'venv.cjs')) as VenvModule;

type Verdict =
  { ok: true; json: string } | { ok: false; errors: { path: string; message: string }[] };

let python: string;

beforeAll(() => {
  python = ensurePythonEnv();
}, 300_000);

/** One interpreter run for a whole batch: starting Python and importing Pydantic is the slow part. */
function pydantic(command: 'validate', lines: string[]): Verdict[];
function pydantic(command: 'produce'): { json: string }[];
function pydantic(command: string, lines: string[] = []): unknown[] {
  const output = execFileSync(python, [path.join(PYTHON_DIR, 'interop.py'), command], {
    cwd: PYTHON_DIR,
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const results = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  if (command === 'validate') expect(results).toHaveLength(lines.length);
  return results;
}

/** Drops null-valued keys: Pydantic writes absent optionals as null, the TS factory omits them. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

type TaskType = (typeof tasks.eventTypes)[number];
// A JSON event a test edits freely before handing it to both validators.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

/** The sample with only the fields that may not be absent (defaults are filled by both sides). */
function requiredOnly(type: TaskType): Record<string, unknown> {
  const { shape } = tasks.definition(type)!.payload as z.ZodObject;
  return Object.fromEntries(
    Object.entries(taskSamples[type]).filter(([key]) => !shape[key].safeParse(undefined).success),
  );
}

describe('TypeScript -> Pydantic -> TypeScript', () => {
  const user = { userId: 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f' };
  const sent = tasks.eventTypes.flatMap((type) => [
    tasks.create(type, taskSamples[type], user),
    tasks.create(type, requiredOnly(type) as never),
  ]);
  let echoed: Verdict[];

  beforeAll(() => {
    echoed = pydantic(
      'validate',
      sent.map((event) => tasks.serialize(event)),
    );
  });

  it('covers every tasks event type, with all optionals and with none', () => {
    expect(new Set(sent.map((e) => e.event_type))).toEqual(new Set(tasks.eventTypes));
    expect(sent.some((e) => 'description' in e.payload)).toBe(true);
    expect(
      sent.some((e) => e.event_type === 'task.created.v1' && !('description' in e.payload)),
    ).toBe(true);
  });

  it('Pydantic accepts every event the runtime serializes', () => {
    expect(echoed.filter((v) => !v.ok)).toEqual([]);
  });

  it("the runtime reads Pydantic's model_dump_json() back as the same event", () => {
    sent.forEach((event, i) => {
      const verdict = echoed[i];
      if (!verdict.ok) throw new Error(`${event.event_type} was rejected`);
      // same strings, timestamps included (Pydantic writes milliseconds and Z, like toISOString)
      expect(withoutNulls(tasks.deserialize(verdict.json))).toEqual(withoutNulls(event));
    });
  });

  it('absent optionals come back as null, and null is what the runtime hands on', () => {
    const index = sent.findIndex(
      (e) => e.event_type === 'task.created.v1' && !('description' in e.payload),
    );
    const verdict = echoed[index];
    if (!verdict.ok) throw new Error('rejected');
    expect(JSON.parse(verdict.json).payload).toMatchObject({ description: null, due_date: null });
    const event = tasks.deserialize(verdict.json);
    expect(event.payload).toMatchObject({ description: null, due_date: null, recurrence: null });
    // and the runtime writes the nulls back out unchanged
    expect(JSON.parse(tasks.serialize(event)).payload).toMatchObject({ description: null });
  });
});

describe('Pydantic producer -> TypeScript', () => {
  let produced: { json: string }[];

  beforeAll(() => {
    produced = pydantic('produce');
  });

  it('the runtime reads every event a Python service writes', () => {
    const events = produced.map((p) => tasks.deserialize(p.json));
    expect(new Set(events.map((e) => e.event_type))).toEqual(new Set(tasks.eventTypes));
    for (const event of events) {
      expect(event.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const created = events.find((e) => tasks.is(e, 'task.created.v1'))!;
    expect(created.payload).toEqual({
      task_id: '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
      user_id: 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f',
      title: 'Write the report',
      description: null,
      priority: 'medium',
      tags: [],
      due_date: null,
      recurrence: null,
    });
    const updated = events.find((e) => tasks.is(e, 'task.updated.v1'))!;
    expect(updated.causation_id).toBe(created.event_id);
    expect(updated.payload).toMatchObject({ priority: 'high', title: null, tags: null });
    // microseconds cut to milliseconds by the Python serializer
    expect(updated.payload).toMatchObject({ updated_at: '2026-11-27T10:15:30.123Z' });
    const completed = events.find((e) => tasks.is(e, 'task.completed.v1'))!;
    expect(completed.payload).toMatchObject({
      recurrence: { frequency: 'weekly', interval: 1, until: null },
    });
  });

  it('an unversioned event_type plus schema_version reads as the versioned type', () => {
    const unversioned = produced.find((p) => JSON.parse(p.json).event_type === 'task.created');
    expect(unversioned).toBeDefined();
    const event = tasks.deserialize(unversioned!.json);
    expect(event.event_type).toBe('task.created.v1');
    expect(event.schema_version).toBe(1);
  });

  it('what the runtime re-serializes from Python events, Pydantic accepts again', () => {
    const again = produced.map((p) => tasks.serialize(tasks.deserialize(p.json)));
    expect(pydantic('validate', again).filter((v) => !v.ok)).toEqual([]);
  });
});

describe('both sides reject the same bad events', () => {
  const good = () =>
    JSON.parse(
      tasks.serialize(tasks.create('task.created.v1', taskSamples['task.created.v1'])),
    ) as Wire;
  const edit = (change: (e: Wire) => void) => {
    const event = good();
    change(event);
    return event;
  };
  /** [what, event, path both sides report ('' = the event type is unknown)] */
  const cases: [string, Record<string, unknown>, string][] = [
    ['payload uuid', edit((e) => (e.payload.task_id = 'not-a-uuid')), 'payload.task_id'],
    ['event_id', edit((e) => (e.event_id = '3f0c3c39')), 'event_id'],
    ['metadata uuid', edit((e) => (e.user_id = 'someone')), 'user_id'],
    ['empty title', edit((e) => (e.payload.title = '')), 'payload.title'],
    ['title too long', edit((e) => (e.payload.title = 'x'.repeat(201))), 'payload.title'],
    ['missing title', edit((e) => delete e.payload.title), 'payload.title'],
    ['title not a string', edit((e) => (e.payload.title = 42)), 'payload.title'],
    ['timestamp without zone', edit((e) => (e.timestamp = '2026-11-27T10:15:30')), 'timestamp'],
    [
      'timestamp with offset',
      edit((e) => (e.timestamp = '2026-11-27T12:15:30+02:00')),
      'timestamp',
    ],
    ['timestamp without seconds', edit((e) => (e.timestamp = '2026-11-27T10:15Z')), 'timestamp'],
    ['timestamp not a date', edit((e) => (e.timestamp = 'yesterday')), 'timestamp'],
    [
      'due_date without zone',
      edit((e) => (e.payload.due_date = '2026-12-01T17:00:00')),
      'payload.due_date',
    ],
    ['priority outside the enum', edit((e) => (e.payload.priority = 'urgent')), 'payload.priority'],
    [
      'null for a field with a default',
      edit((e) => (e.payload.priority = null)),
      'payload.priority',
    ],
    ['empty tag', edit((e) => (e.payload.tags = [''])), 'payload.tags[0]'],
    [
      '21 tags',
      edit((e) => (e.payload.tags = Array.from({ length: 21 }, (_, i) => `t${i}`))),
      'payload.tags',
    ],
    ['interval 0', edit((e) => (e.payload.recurrence.interval = 0)), 'payload.recurrence.interval'],
    [
      'interval 1.5',
      edit((e) => (e.payload.recurrence.interval = 1.5)),
      'payload.recurrence.interval',
    ],
    ['schema_version of another version', edit((e) => (e.schema_version = 2)), 'schema_version'],
    ['no payload', edit((e) => delete e.payload), 'payload'],
    ['unknown event type', edit((e) => (e.event_type = 'task.archived.v1')), ''],
    [
      'unversioned type of an unknown version',
      edit((e) => {
        e.event_type = 'task.created';
        e.schema_version = 3;
      }),
      '',
    ],
  ];
  let verdicts: Verdict[];

  beforeAll(() => {
    verdicts = pydantic(
      'validate',
      cases.map(([, event]) => JSON.stringify(event)),
    );
  });

  it('the unedited event passes both', () => {
    expect(tasks.safeValidate(good()).success).toBe(true);
    expect(pydantic('validate', [JSON.stringify(good())])[0].ok).toBe(true);
  });

  it.each(cases.map((c, i) => [...c, i] as const))('%s', (_what, event, where, i) => {
    const ts = tasks.safeValidate(event);
    const py = verdicts[i];
    expect(ts.success).toBe(false);
    expect(py.ok).toBe(false);
    if (ts.success || py.ok) return;
    if (where === '') {
      expect(ts.error).toBeInstanceOf(UnknownEventTypeError);
      expect(py.errors.map((e) => e.message).join()).toMatch(
        /does not match any of the expected tags/,
      );
    } else {
      expect(ts.error).toBeInstanceOf(EventValidationError);
      expect((ts.error as EventValidationError).issues.map((issue) => issue.path)).toContain(where);
      expect(py.errors.map((e) => e.path)).toContain(where);
    }
  });

  it('Pydantic is laxer on input spelling but writes what the runtime accepts', () => {
    // Documented difference (docs/design.md): lax mode coerces; its output is canonical.
    const lax = edit((e) => {
      e.payload.task_id = e.payload.task_id.toUpperCase().replace(/-/g, '');
      e.payload.recurrence.interval = '2';
    });
    expect(tasks.safeValidate(lax).success).toBe(false);
    const [verdict] = pydantic('validate', [JSON.stringify(lax)]);
    if (!verdict.ok) throw new Error(JSON.stringify(verdict.errors));
    const event = tasks.deserialize(verdict.json);
    expect(event.payload).toMatchObject({
      task_id: good().payload.task_id,
      recurrence: { interval: 2 },
    });
  });
});
