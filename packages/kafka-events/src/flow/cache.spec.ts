import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../generators/domain/domain';
import type { DomainGeneratorSchema } from '../generators/domain/schema';
import { pythonGenerator } from '../generators/python/python';
import type { PythonGeneratorSchema } from '../generators/python/schema';
import { addApplication, createTsSolutionWorkspace } from '../generators/testing/workspaces';
import { readEventFlow } from './read-flow';
import { treeWorkspace } from './testing/tree-workspace';
import { typedCacheFile, workspaceDataDirectory } from './cache';

// the specs that build a type-checker program (zod's and the runtime's declarations) take
// seconds on a loaded machine
jest.setTimeout(120_000);

/** The repository: its node_modules give the type checker the runtime's and zod's types. */
const REPO = join(__dirname, '../../../..');

const APPS = ['api', 'board', 'notifier'];

async function workspace(): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  const importPath = readJson(tree, 'packages/tasks-events/package.json').name;
  for (const app of APPS) {
    addApplication(tree, app);
    tree.write(
      `apps/${app}/src/main.ts`,
      `import { createTaskEvent, createTasksProducer } from '${importPath}';
await createTasksProducer(kafka).publish(createTaskEvent('task.created.v1', {} as never));
`,
    );
    tree.write(`apps/${app}/src/util.ts`, `export const ${app}Util = 1; // '${importPath}'\n`);
  }
  return tree;
}

describe('the per-file cache of kafka-events flow', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'flow-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(tree: Tree) {
    const parsed: string[] = [];
    const read: string[] = [];
    const workspace = treeWorkspace(tree);
    const flow = readEventFlow(
      {
        ...workspace,
        readFile: (file) => {
          read.push(file);
          return workspace.readFile(file);
        },
      },
      {
        cacheFile: join(dir, 'kafka-events-flow.json'),
        packagesFrom: REPO,
        parseSource: (parse) => (file, text, imports) => {
          parsed.push(file);
          return parse(file, text, imports);
        },
      },
    );
    return { flow, parsed, read: read.filter((f) => f.startsWith('apps/')) };
  }

  it('parses only the file that changed on a warm run, and gives the same flow', async () => {
    const tree = await workspace();
    const cold = run(tree);
    expect(cold.parsed.sort()).toEqual(
      APPS.flatMap((a) => [`apps/${a}/src/main.ts`, `apps/${a}/src/util.ts`]),
    );

    const warm = run(tree);
    expect(warm.parsed).toEqual([]);
    expect(warm.read).toEqual([]);
    expect(warm.flow).toEqual(cold.flow);

    tree.write(
      'apps/board/src/main.ts',
      `${tree.read('apps/board/src/main.ts', 'utf-8')!.replace('task.created.v1', 'task.updated.v1')}`,
    );
    const changed = run(tree);
    expect(changed.parsed).toEqual(['apps/board/src/main.ts']);
    expect(changed.read).toEqual(['apps/board/src/main.ts']);
    const producers = (type: string) => changed.flow.events.find((e) => e.type === type)!.producers;
    expect(producers('task.created.v1')).toEqual(['api', 'notifier']);
    expect(producers('task.updated.v1')).toEqual(['board']);
  });

  it('parses every file again when the libraries change what imports mean', async () => {
    const tree = await workspace();
    run(tree);
    await domainGenerator(tree, { name: 'reminders', skipFormat: true } as DomainGeneratorSchema);
    expect(run(tree).parsed).toHaveLength(APPS.length * 2);
  });

  it('forgets deleted files', async () => {
    const tree = await workspace();
    run(tree);
    tree.delete('apps/api/src/util.ts');
    run(tree);
    const cached = JSON.parse(readFileSync(join(dir, 'kafka-events-flow.json'), 'utf8'));
    expect(Object.keys(cached.files)).not.toContain('apps/api/src/util.ts');
    expect(Object.keys(cached.files)).toContain('apps/api/src/main.ts');
  });

  it('asks the type checker again only when a file its answer was read from changes', async () => {
    const tree = await workspace();
    const importPath = readJson(tree, 'packages/tasks-events/package.json').name;
    const creator = (type: string) =>
      `import { createTaskEvent } from '${importPath}';
export const taskEvent = () => createTaskEvent('${type}', {} as never);
`;
    tree.write('apps/api/src/events.ts', creator('task.completed.v1'));
    tree.write(
      'apps/api/src/routes.ts',
      `import { createTasksProducer } from '${importPath}';
import { taskEvent } from './events';
export const send = () => createTasksProducer(kafka).publish(taskEvent());
`,
    );
    const producers = (flow: ReturnType<typeof run>['flow'], type: string) =>
      flow.events.find((e) => e.type === type)!.producers;
    const cold = run(tree);
    expect(producers(cold.flow, 'task.completed.v1')).toEqual(['api']);
    expect(cold.read).toContain('apps/api/src/events.ts'); // read by the type checker
    const typed = JSON.parse(
      readFileSync(typedCacheFile(join(dir, 'kafka-events-flow.json')), 'utf8'),
    );
    expect(Object.keys(typed.files)).toEqual(['apps/api/src/routes.ts']);

    const warm = run(tree);
    expect(warm.read).toEqual([]);
    expect(warm.flow).toEqual(cold.flow);

    // routes.ts is unchanged, but the module it takes its event from now makes another one
    tree.write('apps/api/src/events.ts', creator('task.updated.v1'));
    const changed = run(tree);
    expect(changed.parsed).toEqual(['apps/api/src/events.ts']);
    // events.ts by the parser and the type checker, routes.ts by the type checker
    expect([...new Set(changed.read)].sort()).toEqual([
      'apps/api/src/events.ts',
      'apps/api/src/routes.ts',
    ]);
    expect(producers(changed.flow, 'task.completed.v1')).toEqual([]);
    expect(producers(changed.flow, 'task.updated.v1')).toEqual(['api']);
  });

  it('reads a Python file again only when its hash changes', async () => {
    const tree = await workspace();
    await pythonGenerator(tree, {
      domain: 'tasks',
      project: 'api',
      skipFormat: true,
    } as PythonGeneratorSchema);
    const service = `from task_events import TaskEvent, TaskEventType, publish_task_event

async def publish(payload):
    await publish_task_event(TaskEvent(event_type=TaskEventType.CREATED_V1, payload=payload))
`;
    tree.write('apps/api/service.py', service);
    tree.write('apps/api/util.py', 'def noop():\n    pass\n');
    const python = (files: string[]) => files.filter((f) => f.endsWith('.py')).sort();
    const cold = run(tree);
    expect(python(cold.read)).toEqual([
      'apps/api/service.py',
      'apps/api/task_events.py',
      'apps/api/test_task_events.py',
      'apps/api/util.py',
    ]);
    const warm = run(tree);
    expect(warm.read).toEqual([]);
    expect(warm.flow).toEqual(cold.flow);

    tree.write('apps/api/service.py', service.replace('CREATED_V1', 'DELETED_V1'));
    const changed = run(tree);
    expect(changed.read).toEqual(['apps/api/service.py']);
    const producers = (type: string) => changed.flow.events.find((e) => e.type === type)!.producers;
    expect(producers('task.deleted.v1')).toEqual(['api']);
  });

  describe('a damaged cache: the same flow, read from the files again', () => {
    const cacheFile = () => join(dir, 'kafka-events-flow.json');
    let tree: Tree;
    let cold: ReturnType<typeof run>;
    let stderr: jest.SpyInstance;

    beforeEach(async () => {
      tree = await workspace();
      const importPath = readJson(tree, 'packages/tasks-events/package.json').name;
      // a file only the type checker resolves, so that both caches hold entries
      tree.write(
        'apps/api/src/routes.ts',
        `import { createTaskEvent, createTasksProducer } from '${importPath}';
const make = () => createTaskEvent('task.completed.v1', {} as never);
export const send = () => createTasksProducer(kafka).publish(make());
`,
      );
      cold = run(tree);
      expect(cold.flow.events.find((e) => e.type === 'task.completed.v1')!.producers).toEqual([
        'api',
      ]);
      stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterEach(() => jest.restoreAllMocks());

    /** Rewrites both cache files, each entry's facts replaced by `facts(file, entry)`. */
    function damage(facts: (file: string, entry: { facts: unknown }) => unknown) {
      for (const path of [cacheFile(), typedCacheFile(cacheFile())]) {
        const cache = JSON.parse(readFileSync(path, 'utf8'));
        const entries = Object.entries(cache.files as Record<string, { facts: unknown }>);
        expect(entries.length).toBeGreaterThan(0);
        cache.files = Object.fromEntries(
          entries.map(([file, entry]) => [file, { ...entry, facts: facts(file, entry) }]),
        );
        writeFileSync(path, JSON.stringify(cache));
      }
    }

    it.each([
      ['facts that are no object', () => 5],
      ['facts without their lists', () => ({ sites: 'api' })],
      ['typed entries without dependencies', () => ({ facts: { sites: [], unresolved: [] } })],
    ])('%s: read again, nothing to warn', (_label, facts) => {
      damage(facts);
      const damaged = run(tree);
      expect(damaged.flow).toEqual(cold.flow);
      expect(damaged.parsed.length).toBeGreaterThan(0);
      expect(stderr).not.toHaveBeenCalled();
    });

    it('entries the analysis fails on: one warning naming the cache, then read again', () => {
      damage((_file, entry) =>
        'dependencies' in (entry as object)
          ? { dependencies: {}, facts: { sites: [null], unresolved: [] } }
          : { sites: [null], unresolved: [], deferred: [] },
      );
      const damaged = run(tree);
      expect(damaged.flow).toEqual(cold.flow);
      expect(stderr).toHaveBeenCalledTimes(1);
      expect(String(stderr.mock.calls[0][0])).toContain(
        `could not use the flow cache ${cacheFile()}`,
      );
      // written anew: the next run is warm and silent
      expect(run(tree).parsed).toEqual([]);
      expect(stderr).toHaveBeenCalledTimes(1);
    });

    it('a cache path that cannot be written (a folder): the flow, nothing thrown', () => {
      rmSync(cacheFile());
      mkdirSync(cacheFile());
      expect(run(tree).flow).toEqual(cold.flow);
      expect(run(tree).flow).toEqual(cold.flow);
    });
  });

  it("lives in Nx's workspace data directory", () => {
    expect(workspaceDataDirectory('/ws', {})).toBe(join('/ws', '.nx', 'workspace-data'));
    expect(workspaceDataDirectory('/ws', { NX_WORKSPACE_DATA_DIRECTORY: 'tmp/data' })).toBe(
      join('/ws', 'tmp', 'data'),
    );
    expect(workspaceDataDirectory('/ws', { NX_WORKSPACE_DATA_DIRECTORY: '/abs' })).toBe('/abs');
  });
});
