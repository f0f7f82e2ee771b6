import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateDomainLibrary, type DomainFixture } from '../contract/testing/domain-fixture';
import { run } from './run';

function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const CREATED = 'src/lib/payloads/task-created.v1.ts';

describe('kafka-events schemas and check on a generated library', () => {
  let lib: DomainFixture;
  let root: string;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const edit = (path: string, from: string | RegExp, to: string) => {
    const before = read(path);
    const after = before.replace(from, to);
    expect(after).not.toBe(before); // the fixture still has what the edit expects
    writeFileSync(join(root, path), after);
  };

  beforeAll(async () => {
    lib = await generateDomainLibrary({ name: 'tasks', events: 'created,updated' });
    root = lib.projectRoot;
    expect(cli(['schemas', root]).code).toBe(0);
  }, 60_000);
  afterAll(() => lib.remove());

  // each test starts from the committed state: payload source as generated, snapshots written
  let original: string;
  beforeAll(() => (original = read(CREATED)));
  afterEach(() => {
    writeFileSync(join(root, CREATED), original);
    rmSync(join(root, 'src/lib/payloads/task-created.v2.ts'), { force: true });
    const config = JSON.parse(read('kafka-events.json'));
    config.events[0].versions = [1];
    config.compatibility = 'BACKWARD';
    writeFileSync(join(root, 'kafka-events.json'), `${JSON.stringify(config, null, 2)}\n`);
    rmSync(join(root, 'schemas/task.created.v2.json'), { force: true });
    expect(cli(['schemas', root]).code).toBe(0);
  });

  it('writes one JSON Schema snapshot per event version, headed by $id and title', () => {
    const snapshot = JSON.parse(read('schemas/task.created.v1.json'));
    expect(Object.keys(snapshot).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'type']);
    expect(snapshot).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:kafka-events:tasks:task.created.v1',
      title: 'task.created.v1',
      additionalProperties: false,
      properties: { task_id: { type: 'string', format: 'uuid' }, priority: { default: 'medium' } },
    });
    // output view: a field with a default is always on the wire
    expect(snapshot.required).toEqual(expect.arrayContaining(['task_id', 'priority']));
    expect(snapshot.required).not.toContain('description');
    expect(read('schemas/task.created.v1.json').endsWith('}\n')).toBe(true);
    expect(read('schemas/task.updated.v1.json')).toContain('"title": "task.updated.v1"');
  });

  it('rewrites nothing when run again, and --check passes', () => {
    const before = read('schemas/task.created.v1.json');
    expect(cli(['schemas', root])).toMatchObject({ code: 0, stdout: expect.stringContaining('0 written, 3 unchanged') });
    expect(read('schemas/task.created.v1.json')).toBe(before);
    expect(cli(['schemas', root, '--check'])).toMatchObject({ code: 0, stdout: expect.stringContaining('3 contract files up to date') });
  });

  it('treats a reformatted snapshot as current', () => {
    const path = join(root, 'schemas/task.updated.v1.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))));
    expect(cli(['schemas', root, '--check']).code).toBe(0);
  });

  it('--check lists stale and missing files and writes nothing', () => {
    edit(CREATED, "title: z.string().min(1).max(200),", 'title: z.string().min(1).max(300),');
    rmSync(join(root, 'schemas/task.updated.v1.json'));
    const result = cli(['schemas', root, '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(root, 'schemas/task.created.v1.json')}: stale`);
    expect(result.stdout).toContain(`${join(root, 'schemas/task.updated.v1.json')}: missing`);
    expect(result.stdout).toContain(`${join(root, 'asyncapi.yaml')}: stale`);
    expect(read('schemas/task.created.v1.json')).toContain('"maxLength": 200');
  });

  it('check passes on an unchanged library', () => {
    expect(cli(['check', root])).toMatchObject({ code: 0, stdout: expect.stringContaining('compatible (BACKWARD): tasks: 2 event versions: 0 incompatible, 0 changed compatibly, 2 unchanged, 0 new') });
  });

  it('check passes when an optional field is added, noting the stale snapshot', () => {
    edit(CREATED, '  due_date:', '  location: z.string().max(100).optional(),\n  due_date:');
    const result = cli(['check', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('task.created.v1: compatible (BACKWARD) change to the published snapshot');
    expect(result.stdout).toContain(`note: ${join(root, 'schemas/task.created.v1.json')} is stale: run the events-schemas target`);
  });

  it('check fails on a breaking change with the code, file:line and a new-version hint', () => {
    edit(CREATED, /\n  \/\/ User who owns the task\.\n  user_id: z\.uuid\(\),/, '');
    const result = cli(['check', root]);
    expect(result.code).toBe(1);
    const snapshot = join(root, 'schemas/task.created.v1.json');
    const line = read('schemas/task.created.v1.json').split('\n').findIndex((l) => l.includes('"user_id": {')) + 1;
    expect(result.stdout).toContain(`${snapshot}:${line}: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/user_id`);
    expect(result.stdout).toMatch(/hint: [^\n]*task\.created\.v2/);
    expect(result.stdout).toContain('INCOMPATIBLE (BACKWARD): tasks:');
  });

  it('check points at the payload source line for a change in the current schema', () => {
    edit(CREATED, "title: z.string().min(1).max(200),", 'title: z.string().min(5).max(200),');
    const result = cli(['check', root]);
    expect(result.code).toBe(1);
    const line = original.split('\n').findIndex((l) => l.includes('title: z.string()')) + 1;
    expect(result.stdout).toContain(`${join(root, CREATED)}:${line}: MIN_LENGTH_INCREASED #/properties/title/minLength`);
  });

  it('check passes when the breaking change goes to a new version, reporting its differences as information', () => {
    const v2 = original.replace(/V1Payload/g, 'V2Payload').replace(/\n  \/\/ User who owns the task\.\n  user_id: z\.uuid\(\),/, '');
    writeFileSync(join(root, 'src/lib/payloads/task-created.v2.ts'), v2);
    const config = JSON.parse(read('kafka-events.json'));
    config.events[0].versions = [1, 2];
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    const result = cli(['check', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('info: task.created.v2 is new (no snapshot at the baseline)');
    expect(result.stdout).toContain('info: it breaks the earlier version(s) under BACKWARD');
    expect(result.stdout).toMatch(/ {2}info: .*task-created\.v1\.ts:\d+: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #\/properties\/user_id/);
    expect(result.stdout).toContain(`note: ${join(root, 'schemas/task.created.v2.json')} is missing`);

    expect(cli(['schemas', root]).code).toBe(0);
    expect(JSON.parse(read('schemas/task.created.v2.json')).properties.user_id).toBeUndefined();
    expect(cli(['check', root])).toMatchObject({ code: 0, stdout: expect.stringContaining('3 unchanged, 0 new') });
  });

  it('check --json reports each version with located differences', () => {
    edit(CREATED, "priority: z.enum(['low', 'medium', 'high'])", "priority: z.enum(['low', 'high'])");
    const result = cli(['check', root, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ compatible: false, mode: 'BACKWARD', base: null });
    const created = report.versions.find((v: { type: string }) => v.type === 'task.created.v1');
    expect(created.status).toBe('incompatible');
    expect(created.snapshotCheck.differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'ENUM_ARRAY_NARROWED', path: '#/properties/priority/enum', compatible: false, line: expect.any(Number) })]),
    );
  });

  it('follows the domain mode from kafka-events.json', () => {
    const config = JSON.parse(read('kafka-events.json'));
    config.compatibility = 'FORWARD';
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    edit(CREATED, '  due_date:', '  location: z.string().optional(),\n  due_date:');
    const result = cli(['check', root]);
    expect(result.code).toBe(1); // closed object: consumers on v1 reject the new field
    expect(result.stdout).toContain('INCOMPATIBLE (FORWARD)');
  });

  it('fails a removed event version whose snapshot is still published', () => {
    writeFileSync(join(root, 'schemas/task.archived.v1.json'), read('schemas/task.updated.v1.json'));
    try {
      const result = cli(['check', root]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`${join(root, 'schemas/task.archived.v1.json')}:1: EVENT_VERSION_REMOVED`);
    } finally {
      rmSync(join(root, 'schemas/task.archived.v1.json'));
    }
  });

  it('takes a project root relative to the current directory, as Nx passes {projectRoot}', () => {
    const cwd = process.cwd();
    process.chdir(lib.dir);
    try {
      const relativeRoot = relative(lib.dir, root);
      expect(cli(['schemas', relativeRoot, '--check'])).toMatchObject({ code: 0 });
      edit(CREATED, /\n  \/\/ User who owns the task\.\n  user_id: z\.uuid\(\),/, '');
      expect(cli(['check', relativeRoot]).stdout).toContain(`${join(relativeRoot, 'schemas/task.created.v1.json')}:`);
    } finally {
      process.chdir(cwd);
    }
  });

  describe('bad input (exit 2, message names the file)', () => {
    it('a folder without kafka-events.json', () => {
      expect(cli(['check', join(root, 'src')])).toMatchObject({ code: 2, stderr: expect.stringContaining(`${join(root, 'src', 'kafka-events.json')}: no such file`) });
    });

    it('a payload module that does not export its symbol', () => {
      edit(CREATED, 'export const TaskCreatedV1Payload', 'export const TaskCreatedPayload');
      const result = cli(['schemas', root]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${join(root, CREATED)}: does not export TaskCreatedV1Payload`);
      expect(result.stderr).toContain('(zod schemas it exports: TaskCreatedPayload)');
    });

    it('a symbol that is not a zod schema', () => {
      edit(CREATED, /export const TaskCreatedV1Payload = z\.object\(\{[\s\S]*?\n\}\);/, 'export const TaskCreatedV1Payload = { task_id: 1 };');
      expect(cli(['schemas', root]).stderr).toContain(`${join(root, CREATED)} (export TaskCreatedV1Payload): is not a zod schema`);
    });

    it('a payload that JSON Schema cannot express', () => {
      edit(CREATED, 'title: z.string().min(1).max(200),', 'title: z.string().transform((s) => s.trim()),');
      const result = cli(['schemas', root]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('(export TaskCreatedV1Payload): cannot be expressed as JSON Schema');
    });

    it('a module that throws while loading, or imports what does not exist', () => {
      writeFileSync(join(root, 'src/lib/payloads/shared.ts'), "throw new Error('boom');\n");
      edit(CREATED, "import { z } from 'zod';", "import { z } from 'zod';\nimport './shared.js';");
      expect(cli(['schemas', root]).stderr).toContain(`${join(root, 'src/lib/payloads/shared.ts')}: failed to load: boom`);
      edit(CREATED, "import './shared.js';", "import './missing.js';");
      expect(cli(['schemas', root]).stderr).toContain(`${join(root, CREATED)}: cannot resolve import "./missing.js"`);
      rmSync(join(root, 'src/lib/payloads/shared.ts'));
    });

    it('a syntax error, with its line', () => {
      edit(CREATED, 'task_id: z.uuid(),', 'task_id: z.uuid(,');
      expect(cli(['schemas', root]).stderr).toMatch(new RegExp(`${join(root, CREATED)}:\\d+: TypeScript syntax error`));
    });

    it('an invalid kafka-events.json', () => {
      const config = JSON.parse(read('kafka-events.json'));
      config.compatibility = 'SIDEWAYS';
      writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
      expect(cli(['check', root]).stderr).toContain('kafka-events.json: "compatibility" must be a compatibility mode, got "SIDEWAYS"');
    });

    it('a --base that is not a commit', () => {
      expect(cli(['check', root, '--base', 'no-such-ref-xyz'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--base no-such-ref-xyz: not a commit') });
    });

    it('no or two project roots', () => {
      expect(cli(['schemas'])).toMatchObject({ code: 2, stderr: expect.stringContaining('schemas needs exactly one project root') });
      expect(cli(['check', 'a', 'b']).code).toBe(2);
    });
  });
});
