import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  FIXTURES_DIR,
  generateDomainLibrary,
  type DomainFixture,
} from '../contract/testing/domain-fixture';
import { libraryConsumers } from '../flow/consumers';
import { folderWorkspace } from '../flow/testing/folder-workspace';
import { checkCommandWith } from './check-command';
import { run } from './run';

process.env.GIT_CEILING_DIRECTORIES = FIXTURES_DIR;
delete process.env.NX_BASE;

const USER_ID_FIELD = /\n  \/\/ User who owns the task\.\n  user_id: z\.uuid\(\),/;

describe('events-compat names the consumers of the versions a change retires', () => {
  let lib: DomainFixture;
  let importPath: string;
  beforeAll(async () => {
    lib = await generateDomainLibrary({ name: 'tasks', events: 'created,updated' });
    importPath = JSON.parse(readFileSync(join(lib.projectRoot, 'package.json'), 'utf8')).name;
    // the published snapshots, written once for every copy
    expect(
      run(['schemas', lib.projectRoot], { stdout: () => undefined, stderr: () => undefined }),
    ).toBe(0);
  }, 60_000);
  afterAll(() => lib.remove());

  /** A copy of the library with its snapshots written, in an Nx workspace with these apps. */
  async function workspace(apps: Record<string, Record<string, string>>) {
    const copy = lib.copy();
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(copy.dir, path)), { recursive: true });
      writeFileSync(join(copy.dir, path), text);
    };
    write('nx.json', '{}');
    for (const [app, files] of Object.entries(apps))
      for (const [path, text] of Object.entries(files)) write(`apps/${app}/${path}`, text);
    const libRoot = relative(copy.dir, copy.projectRoot);
    const projects = {
      'tasks-events': libRoot,
      ...Object.fromEntries(Object.keys(apps).map((app) => [app, `apps/${app}`])),
    };
    const command = checkCommandWith((root, retired) =>
      libraryConsumers(root, retired, copy.dir, async () => folderWorkspace(copy.dir, projects)),
    );
    const check = async (...args: string[]) => {
      let stdout = '';
      const code = await command.run(
        [copy.projectRoot],
        { json: args.includes('--json') },
        {
          stdout: (t) => (stdout += t),
          stderr: () => undefined,
        },
      );
      return { code, stdout };
    };
    expect(await check()).toMatchObject({ code: 0 }); // writes nothing; a clean start
    return { copy, check, root: copy.projectRoot };
  }

  const consumerOf = (type: string) => ({
    'src/main.ts': `import { createTasksConsumer } from '${importPath}';
createTasksConsumer(kafka, { groupId: 'g', handlers: { '${type}': () => undefined } });
`,
  });
  const manifestOf = (type: string) => ({
    'dapr/subscriptions/task-events.yaml': `apiVersion: dapr.io/v2alpha1
kind: Subscription
spec:
  topic: task-events
  routes:
    rules:
      - match: event.type == "${type}"
        path: /events/task-events/${type}
`,
  });
  /** Drops `updated` from kafka-events.json; its published snapshot stays. */
  const removeUpdated = (root: string) => {
    const file = join(root, 'kafka-events.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.events = config.events.filter((e: { name: string }) => e.name !== 'updated');
    writeFileSync(file, JSON.stringify(config));
    rmSync(join(root, 'src/lib/payloads/task-updated.v1.ts'));
  };

  it('fails removing a version still consumed, naming each consumer with file:line', async () => {
    const { check, root } = await workspace({
      notifier: consumerOf('task.updated.v1'),
      audit: manifestOf('task.updated.v1'),
      board: consumerOf('task.created.v1'),
    });
    removeUpdated(root);
    const result = await check();
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) =>
      l.endsWith(
        'schemas/task.updated.v1.json:1: EVENT_VERSION_REMOVED: this published snapshot has no event version in kafka-events.json (hint: keep the version so consumers can read old events, or delete the snapshot on purpose)',
      ),
    );
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      '  task.updated.v1 is still consumed by: audit (apps/audit/dapr/subscriptions/task-events.yaml:7), notifier (apps/notifier/src/main.ts:2)',
    );
    expect(lines).toContain(
      'INCOMPATIBLE (BACKWARD): tasks: 1 event version: 0 incompatible, 0 changed compatibly, 1 unchanged, 0 new, 1 removed',
    );
    const json = JSON.parse((await check('--json')).stdout);
    expect(json.compatible).toBe(false);
    expect(json.retirements).toEqual([
      expect.objectContaining({
        type: 'task.updated.v1',
        why: 'removed',
        safe: false,
        consumers: ['audit', 'notifier'],
      }),
    ]);
  });

  it('retires a removed version no project consumes', async () => {
    const { check, root } = await workspace({ board: consumerOf('task.created.v1') });
    removeUpdated(root);
    const result = await check();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\ninfo: .*schemas\/task\.updated\.v1\.json: task\.updated\.v1 retired: no project consumes it\n/,
    );
    expect(result.stdout).toContain(
      'compatible (BACKWARD): tasks: 1 event version: 0 incompatible, 0 changed compatibly, 1 unchanged, 0 new, 1 removed, 1 retired',
    );
  });

  it('does not retire a version while code using the library could not be resolved', async () => {
    const { check, root } = await workspace({
      odd: {
        'src/main.ts': `import { createTasksConsumer } from '${importPath}';
import { handlers } from './handlers';
createTasksConsumer(kafka, { groupId: 'g', handlers });
`,
      },
    });
    removeUpdated(root);
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  no consumer found, but the analysis could not resolve 1 site using the library (apps/odd/src/main.ts:3; see kafka-events flow)',
    );
  });

  it('names the consumers of a version broken under a new one, as information', async () => {
    const { check, root } = await workspace({ notifier: consumerOf('task.created.v1') });
    const payloads = join(root, 'src/lib/payloads');
    const v1 = readFileSync(join(payloads, 'task-created.v1.ts'), 'utf8');
    writeFileSync(
      join(payloads, 'task-created.v2.ts'),
      v1.replace(/V1Payload/g, 'V2Payload').replace(USER_ID_FIELD, ''),
    );
    const file = join(root, 'kafka-events.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.events[0].versions = [1, 2];
    writeFileSync(file, JSON.stringify(config));
    const result = await check();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'info: task.created.v1 breaks under task.created.v2; still consumed by: notifier (apps/notifier/src/main.ts:2)',
    );
  });
});
