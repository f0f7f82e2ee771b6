/**
 * The generated Python against real Pydantic (pinned in tools/python/requirements.txt, installed
 * into tools/python/.venv by tools/python/venv.cjs on first use): the four seed modules, a tasks
 * module with bumped versions and an orders module without metadata and versioning (numbers,
 * patterns, aliases, arrays of objects) are written to a temporary folder, the example runs
 * verbatim, every generated pytest file passes, and the wire primitives (uuids, timestamps,
 * integers, numbers, translated patterns) accept and refuse exactly what zod does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { jsRegexToPython } from '../../python-model';
import {
  addEvent,
  addOrdersDomain,
  editCreatedUpcaster,
  python,
  pythonWorkspace,
  read,
  SEED_DOMAINS,
} from './testing';

type VenvModule = { ensurePythonEnv(): string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonEnv } = require(
  resolve(__dirname, '../../../../../tools/python/venv.cjs'),
) as VenvModule;
// The runtime's tasks domain as the generator writes it, to read what Python wrote.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tasks } = require(
  resolve(__dirname, '../../../../runtime/src/kafka/__fixtures__/seed-domains.ts'),
) as {
  tasks: { deserialize(text: string): Record<string, unknown>; serialize(event: unknown): string };
};

let python3: string;
let dir: string;

function runPython(args: string[], cwd: string, input = ''): string {
  try {
    return execFileSync(python3, args, {
      cwd,
      input,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: cwd },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`python ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** Runs pytest in a folder of the temporary directory: everything passes, nothing is skipped. */
function expectPytestPasses(folder: string): void {
  const out = runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '.'], join(dir, folder));
  expect(out).toMatch(/\d+ passed/);
  expect(out).not.toMatch(/failed|error|skipped/);
}

/** Writes `files` (name -> text) into the folder `target`. */
function copyOut(files: Record<string, string>, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(target, name), text);
}

beforeAll(async () => {
  python3 = ensurePythonEnv();
  dir = mkdtempSync(join(tmpdir(), 'kafka-events-pydantic-'));
  const seeds = await pythonWorkspace(SEED_DOMAINS);
  const seedFiles: Record<string, string> = {};
  for (const domain of SEED_DOMAINS) {
    const module = `${domain}_events.py`;
    await python(seeds, { domain, output: `py/${module}` });
    seedFiles[module] = read(seeds, `py/${module}`);
    seedFiles[`test_${module}`] = read(seeds, `py/test_${module}`);
  }
  copyOut(seedFiles, join(dir, 'seeds'));

  // tasks grown: a new event, a derived step with a constant, and a hand-written step
  const grown = await pythonWorkspace();
  await addEvent(grown, { name: 'archived' });
  await addEvent(grown, { name: 'created', bump: true });
  editCreatedUpcaster(grown, "{ ...event.payload, tags: ['migrated'] }");
  await addEvent(grown, { name: 'updated', bump: true });
  const step = 'packages/tasks-events/src/lib/upcasters/task-updated.v1-to-v2.ts';
  grown.write(
    step,
    read(grown, step).replace(
      '{ ...event.payload }',
      '{ ...event.payload, title: event.payload.title?.trim() }',
    ),
  );
  await python(grown, { output: 'grown/task_events.py' });
  // a domain without metadata and versioning, with the field kinds the seeds do not have
  const orders = await pythonWorkspace([]);
  await addOrdersDomain(orders);
  await python(orders, { domain: 'orders', output: 'orders/order_events.py' });
  copyOut(
    {
      'order_events.py': read(orders, 'orders/order_events.py'),
      'test_order_events.py': read(orders, 'orders/test_order_events.py'),
    },
    join(dir, 'orders'),
  );
  copyOut(
    {
      'task_events.py': read(grown, 'grown/task_events.py'),
      'test_task_events.py': read(grown, 'grown/test_task_events.py'),
    },
    join(dir, 'grown'),
  );
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const EXAMPLE = `
import pydantic
from uuid import uuid4
from tasks_events import TaskCreatedPayload, TaskEvent, TaskEventType

event = TaskEvent(
    event_type=TaskEventType.CREATED,
    payload=TaskCreatedPayload(task_id=uuid4(), user_id=uuid4(), title="Buy groceries", priority="high"),
)
assert TaskEvent.model_validate_json(event.model_dump_json()) == event
for bad in ({"task_id": "not-a-uuid"}, {"title": ""}):
    try:
        TaskCreatedPayload(**{"task_id": uuid4(), "user_id": uuid4(), "title": "Buy groceries", **bad})
    except pydantic.ValidationError:
        pass
    else:
        raise SystemExit(f"accepted {bad}")
print(event.model_dump_json())
`;

describe('generated Pydantic modules', () => {
  it('run the example of the issue verbatim, and TypeScript reads what they write', () => {
    const out = runPython(['-c', EXAMPLE], join(dir, 'seeds')).trim();
    const event = tasks.deserialize(out);
    expect(event).toMatchObject({ event_type: 'task.created.v1', schema_version: 1 });
    // the same JSON, byte for byte: field order, nulls, timestamp precision
    expect(tasks.serialize(event)).toBe(out);
  });

  it('pass their generated pytest files (the four seed domains)', () => {
    expectPytestPasses('seeds');
  }, 120_000);

  it('pass their generated pytest file after new events, --bump and upcasters', () => {
    expectPytestPasses('grown');
    const script = [
      'from task_events import *',
      'sample = {"task_id": "3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10",',
      '          "user_id": "b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f", "title": "t"}',
      'old = create_task_event(TaskEventType.CREATED_V1, sample)',
      'new = upcast_task_event(old)',
      'print(new.event_type.value, new.payload.tags, new.event_id == old.event_id)',
      'print(TaskEvent(event_type=TaskEventType.CREATED, payload=sample).event_type.value)',
    ].join('\n');
    expect(runPython(['-c', script], join(dir, 'grown')).trim().split('\n')).toEqual([
      "task.created.v2 ['migrated'] True",
      'task.created.v2',
    ]);
  }, 120_000);

  it('pass their generated pytest file in a domain without metadata and versioning', () => {
    expectPytestPasses('orders');
    const script = [
      'import json',
      'from order_events import *',
      'wire = {"order_id": "3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10", "created_at": "2026-01-01T00:00:00Z",',
      '        "price": 5, "from": "shop", "content-type": "html", "lines": [{"sku": "A", "qty": 2.0}]}',
      'event = create_order_event(OrderEventType.CREATED, wire)',
      'payload = json.loads(event.model_dump_json())["payload"]',
      'print(event.payload.from_, event.payload.content_type, payload["from"], payload["content-type"])',
      'print(payload["price"], payload["quantity"], payload["gift"], payload["lines"])',
      'print(sorted(json.loads(event.model_dump_json())))',
      'try:',
      '    create_order_event(OrderEventType.CREATED, {**wire, "sku": "abc-1234"})',
      'except ValueError as error:',
      '    print(error.errors()[0]["loc"])',
    ].join('\n');
    expect(runPython(['-c', script], join(dir, 'orders')).trim().split('\n')).toEqual([
      'shop html shop html',
      "5.0 1 False [{'sku': 'A', 'qty': 2, 'note': None}]",
      "['event_id', 'event_type', 'payload', 'schema_version', 'timestamp']",
      "('payload', 'order.created', 'sku')",
    ]);
  }, 120_000);
});

/**
 * Values of the wire primitives, each checked by zod and by the generated module. The Python
 * side reads one `{"kind", "value", "pattern"?}` per line and prints true or false.
 */
const CHECKER = `
import json, sys
from pydantic import TypeAdapter, ValidationError
from typing import Annotated
from pydantic import AfterValidator, StringConstraints
import tasks_events as m

adapters = {
    "uuid": TypeAdapter(m.Uuid),
    "datetime": TypeAdapter(m.UtcDatetime),
    "int": TypeAdapter(m.JsInt),
    "number": TypeAdapter(m.JsNumber),
}
for line in sys.stdin:
    case = json.loads(line)
    if case["kind"] == "pattern":
        adapter = TypeAdapter(Annotated[str, StringConstraints(strict=True), AfterValidator(m._matches(case["pattern"]))])
    else:
        adapter = adapters[case["kind"]]
    try:
        adapter.validate_json(json.dumps(case["value"]))
        print("true")
    except ValidationError:
        print("false")
`;

const ZOD: Record<string, z.ZodType> = {
  uuid: z.uuid(),
  datetime: z.iso.datetime(),
  int: z.int(),
  number: z.number(),
};

const SAMPLES: { kind: string; values: unknown[] }[] = [
  {
    kind: 'uuid',
    values: [
      '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
      '3F0C3C39-6C1E-4C39-9D3C-2B8F4C1F8A10',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '3f0c3c39-6c1e-0c39-9d3c-2b8f4c1f8a10',
      '3f0c3c39-6c1e-4c39-7d3c-2b8f4c1f8a10',
      '3f0c3c396c1e4c399d3c2b8f4c1f8a10',
      '{3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10}',
      'urn:uuid:3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
      '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a1',
      'not-a-uuid',
      '',
      1,
      null,
    ],
  },
  {
    kind: 'datetime',
    values: [
      '2026-11-27T10:15:30Z',
      '2026-11-27T10:15:30.1Z',
      '2026-11-27T10:15:30.123Z',
      '2026-11-27T10:15:30.123456789Z',
      '2024-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T10:60:00Z',
      '2026-11-27T10:15:60Z',
      '2026-11-27T10:15Z',
      '2026-11-27T10:15:30',
      '2026-11-27T10:15:30+00:00',
      '2026-11-27T10:15:30.000+02:00',
      '2026-11-27T10:15:30z',
      '2026-11-27 10:15:30Z',
      '2026-11-27',
      '20261127T101530Z',
      '2026-11-27T10:15:30.Z',
      '\u0662026-11-27T10:15:30Z',
      1764238530,
      '',
    ],
  },
  {
    kind: 'int',
    values: [0, 5, -5, 5.0, 5.5, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, '5', true, null],
  },
  { kind: 'number', values: [0, 5, -5.5, 1e300, '5', true, false, null, [1]] },
];

const PATTERNS: { pattern: string; values: string[] }[] = [
  { pattern: '^[a-z]+$', values: ['abc', 'abc\n', 'ABC', ''] },
  { pattern: '^\\d{3}$', values: ['123', '١٢٣', '12', '1234'] },
  { pattern: '^\\w+$', values: ['a_1', 'é', 'ab-c'] },
  { pattern: '^a.c$', values: ['abc', 'a\nc', 'a\rc', 'a\u2028c', 'a c'] },
  { pattern: '^\\s$', values: [' ', '\t', '\u00a0', '\u2003', '\u001c', '\u0085', 'x'] },
  { pattern: '\\bcat\\b', values: ['a cat here', 'concat', 'cat', 'écat'] },
  { pattern: '^x{,2}$', values: ['x{,2}', 'xx', ''] },
  { pattern: '^(?<word>[a-z]+)-\\d+$', values: ['abc-12', 'abc-'] },
  { pattern: '^[^]$', values: ['\n', 'a', ''] },
  { pattern: '[]', values: ['', 'a'] },
  { pattern: '^\\u00e9\\x41\\cJ$', values: ['éA\n', 'éa\n'] },
  { pattern: '^[\\d-z]+$', values: [] },
  { pattern: 'ab', values: ['xaby', 'ba'] },
  { pattern: '^\\/path\\.\\*$', values: ['/path.*', '/pathx*'] },
  { pattern: '^[A-Z]{2}-[0-9]{4}$', values: ['AB-1234', 'ab-1234', 'AB-12345'] },
  { pattern: '^(?:\\+|-)?\\d+(?:\\.\\d+)?$', values: ['+1.5', '-2', '1.', '.5'] },
  { pattern: '^\\a\\e$', values: ['ae', '\u0007\u001b'] },
];

describe('wire primitives: the generated module accepts exactly what zod accepts', () => {
  it('uuids, timestamps, integers, numbers and translated patterns', () => {
    const cases: { kind: string; value: unknown; pattern?: string; zod: boolean }[] = [
      ...SAMPLES.flatMap(({ kind, values }) =>
        values.map((value) => ({ kind, value, zod: ZOD[kind].safeParse(value).success })),
      ),
      ...PATTERNS.filter((p) => p.values.length > 0).flatMap(({ pattern, values }) =>
        values.map((value) => ({
          kind: 'pattern',
          value,
          pattern: jsRegexToPython(pattern),
          zod: z.string().regex(new RegExp(pattern)).safeParse(value).success,
        })),
      ),
    ];
    const input = cases.map(({ zod: _zod, ...c }) => JSON.stringify(c)).join('\n');
    const verdicts = runPython(['-c', CHECKER], join(dir, 'seeds'), `${input}\n`)
      .trim()
      .split('\n');
    const disagreements = cases
      .map((c, i) => ({ ...c, python: verdicts[i] === 'true' }))
      .filter((c) => c.python !== c.zod);
    expect(disagreements).toEqual([]);
  });

  it('refuses the patterns Python would match differently', () => {
    expect(() => jsRegexToPython('^[\\d-z]+$')).toThrow(/as a range bound/);
  });
});
