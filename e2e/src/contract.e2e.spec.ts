import { createWorkspace, installKafkaEvents, type Workspace } from '../utils/nx-workspace.cjs';

// Schema evolution in a real workspace with git: snapshots, the compatibility check as an
// inferred target, `nx affected`, and a version bump instead of a breaking change.
describe('event contracts in a --preset=ts workspace', () => {
  let ws: Workspace;
  const lib = 'packages/tasks-events';
  const v1 = `${lib}/src/lib/payloads/task-created.v1.ts`;
  const titleLine = 'title: z.string().min(1).max(200),';

  const edit = (path: string, from: string, to: string) => {
    const text = ws.read(path);
    expect(text).toContain(from);
    ws.write(path, text.replace(from, to));
  };
  const restore = () => ws.git(['checkout', '--', '.']);

  beforeAll(() => {
    ws = createWorkspace({ preset: 'ts' });
    installKafkaEvents(ws);
    ws.nx(['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    ws.nx(['g', 'kafka-events:domain', 'reminders', '--no-interactive']);
    ws.nx(['run-many', '-t', 'events-schemas', '--outputStyle=static']);
    ws.commitAll('domains with their published contracts');
  });

  afterAll(() => {
    if (ws && !process.env.KAFKA_EVENTS_E2E_KEEP) ws.remove();
  });

  it('init registered the inference plugin and nx show project lists the inferred targets', () => {
    expect(ws.readJson('nx.json').plugins).toEqual(
      expect.arrayContaining([expect.objectContaining({ plugin: 'kafka-events/plugin' })]),
    );
    const project = JSON.parse(ws.nx(['show', 'project', 'tasks-events', '--json']).stdout);
    expect(project.targets['events-schemas'].options.command).toContain('kafka-events schemas');
    expect(project.targets['events-compat'].options.command).toContain('kafka-events check');
  });

  it('events-schemas wrote a JSON Schema per event version and an AsyncAPI document', () => {
    const snapshot = ws.readJson(`${lib}/schemas/task.created.v1.json`);
    expect(snapshot.properties.title).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 200,
    });
    expect(snapshot.additionalProperties).toBe(false);
    expect(ws.read(`${lib}/asyncapi.yaml`)).toMatch(/asyncapi: 3\.0\.0/);
    expect(ws.read(`${lib}/asyncapi.yaml`)).toContain('task-events');
  });

  it('an optional field passes, and nx affected checks only the touched domain', () => {
    edit(v1, titleLine, `${titleLine}\n  source: z.string().max(100).optional(),`);
    const result = ws.nx([
      'affected',
      '-t',
      'events-compat',
      '--base=HEAD',
      '--outputStyle=static',
    ]);
    expect(result.output).toContain('nx run tasks-events:events-compat');
    expect(result.output).not.toContain('reminders-events:events-compat');
    expect(result.output).toMatch(/compatible \(BACKWARD\)/);
    restore();
  });

  it('a breaking change fails with its code and the snapshot file:line', () => {
    edit(v1, titleLine, 'title: z.string().min(1).max(100),');
    const result = ws.nx(
      ['run', 'tasks-events:events-compat', '--outputStyle=static', '--skip-nx-cache'],
      {
        allowFailure: true,
      },
    );
    expect(result.status).not.toBe(0);
    // the line of the changed field in the payload source, naming the published snapshot
    expect(result.output).toMatch(
      /src\/lib\/payloads\/task-created\.v1\.ts:\d+: MAX_LENGTH_DECREASED #\/properties\/title\/maxLength: .*schemas\/task\.created\.v1\.json/,
    );
    expect(result.output).toMatch(/hint: .*task\.created\.v2/);
    // regenerating the snapshot does not launder the break: the baseline is main's contract
    ws.nx(['run', 'tasks-events:events-schemas', '--outputStyle=static', '--skip-nx-cache']);
    const again = ws.nx(
      ['run', 'tasks-events:events-compat', '--outputStyle=static', '--skip-nx-cache'],
      {
        allowFailure: true,
      },
    );
    expect(again.status).not.toBe(0);
    expect(again.output).toContain('baseline: published snapshots at main');
    expect(again.output).toContain('MAX_LENGTH_DECREASED');
    restore();
  });

  it('the same change as a new version passes, with both versions in the library', () => {
    ws.nx(['g', 'kafka-events:event', 'tasks', 'created', '--eventVersion=2', '--no-interactive']);
    edit(
      `${lib}/src/lib/payloads/task-created.v2.ts`,
      titleLine,
      'title: z.string().min(1).max(100),',
    );
    const check = ws.nx([
      'run',
      'tasks-events:events-compat',
      '--outputStyle=static',
      '--skip-nx-cache',
    ]);
    expect(check.output).toContain('task.created.v2 is new');
    ws.nx(['run', 'tasks-events:events-schemas', '--outputStyle=static', '--skip-nx-cache']);
    expect(ws.readJson(`${lib}/schemas/task.created.v2.json`).properties.title.maxLength).toBe(100);
    // the library with both versions and its upcaster still tests and typechecks
    const built = ws.nx([
      'run-many',
      '-t',
      'test,typecheck',
      '--projects=tasks-events',
      '--outputStyle=static',
      '--skip-nx-cache',
    ]);
    expect(built.output).toMatch(/Successfully ran targets? test, typecheck/);
  });

  it('kafka-events compat checks any two schema files from the command line', () => {
    const previous = `${lib}/schemas/task.created.v1.json`;
    const next = `${lib}/schemas/task.created.v2.json`;
    const backward = ws.run(
      'npx',
      ['kafka-events', 'compat', previous, next, '--mode', 'BACKWARD'],
      { allowFailure: true },
    );
    expect(backward.status).toBe(1);
    expect(backward.output).toContain('MAX_LENGTH_DECREASED');
    const forward = ws.run('npx', ['kafka-events', 'compat', previous, next, '--mode', 'FORWARD']);
    expect(forward.status).toBe(0);
    const bad = ws.run('npx', ['kafka-events', 'compat', previous, next, '--mode', 'SIDEWAYS'], {
      allowFailure: true,
    });
    expect(bad.status).toBe(2);
    expect(bad.output).toMatch(/SIDEWAYS/);
  });
});
