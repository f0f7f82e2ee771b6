import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getProjects, type CreateDependenciesContext, type Tree } from '@nx/devkit';
import { daprGenerator } from '../generators/dapr/dapr';
import type { DaprGeneratorSchema } from '../generators/dapr/schema';
import { domainGenerator } from '../generators/domain/domain';
import type { DomainGeneratorSchema } from '../generators/domain/schema';
import { pythonGenerator } from '../generators/python/python';
import type { PythonGeneratorSchema } from '../generators/python/schema';
import { addApplication, createTsSolutionWorkspace } from '../generators/testing/workspaces';
import { FactsCache } from '../flow/cache';
import { treeWorkspace } from '../flow/testing/tree-workspace';
import { createDependencies, GRAPH_CACHE_FILE } from './dependencies';

const app = addApplication;

/** The tree written to a folder, and the context Nx would give createDependencies there. */
function onDisk(tree: Tree, dir: string): CreateDependenciesContext {
  const workspace = treeWorkspace(tree);
  for (const project of workspace.projects)
    for (const { file } of project.files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), tree.read(file)!);
    }
  return {
    workspaceRoot: dir,
    projects: Object.fromEntries(getProjects(tree)),
    fileMap: {
      projectFileMap: Object.fromEntries(workspace.projects.map((p) => [p.name, p.files])),
      nonProjectFiles: [],
    },
    filesToProcess: { projectFileMap: {}, nonProjectFiles: [] },
    nxJsonConfiguration: {},
    externalNodes: {},
  };
}

describe('createDependencies', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'flow-graph-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function workspace() {
    const tree = createTsSolutionWorkspace();
    for (const name of ['tasks', 'reminders'])
      await domainGenerator(tree, { name, skipFormat: true } as DomainGeneratorSchema);
    return tree;
  }

  /** An app wired by `nx g kafka-events:dapr` to `domains`: its manifests and routes module. */
  async function daprApp(tree: Tree, name: string, domains: string) {
    app(tree, name);
    await daprGenerator(tree, { project: name, domains, skipFormat: true } as DaprGeneratorSchema);
  }

  /** A Python app holding the module generated from `domain`'s library. */
  async function pythonApp(tree: Tree, name: string, domain: string) {
    app(tree, name);
    const entity = domain.replace(/s$/, '');
    await pythonGenerator(tree, {
      domain,
      output: `apps/${name}/${entity}_events.py`,
      skipFormat: true,
    } as PythonGeneratorSchema);
  }

  it('links an app consuming only through Dapr manifests, and a Python project, to the library', async () => {
    const tree = await workspace();
    await daprApp(tree, 'audit', 'tasks');
    tree.delete('apps/audit/src/dapr/tasks.routes.ts');
    await pythonApp(tree, 'py-notifier', 'reminders');
    app(tree, 'unrelated');
    tree.write('apps/unrelated/config.yaml', 'kind: ConfigMap\n');

    const dependencies = await createDependencies(undefined, onDisk(tree, dir));

    expect(dependencies).toEqual([
      {
        source: 'py-notifier',
        target: 'reminders-events',
        sourceFile: 'apps/py-notifier/reminder_events.py',
        type: 'static',
      },
      {
        source: 'audit',
        target: 'tasks-events',
        sourceFile: 'apps/audit/dapr/subscriptions/task-events.yaml',
        type: 'static',
      },
    ]);
  });

  it('adds nothing without event libraries, and nothing for a topic no library publishes on', async () => {
    const tree = createTsSolutionWorkspace();
    app(tree, 'audit');
    tree.write(
      'apps/audit/dapr/sub.yaml',
      'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nspec:\n  topic: task-events\n',
    );
    expect(await createDependencies(undefined, onDisk(tree, dir))).toEqual([]);
    await domainGenerator(tree, { name: 'reminders', skipFormat: true } as DomainGeneratorSchema);
    expect(await createDependencies(undefined, onDisk(tree, dir))).toEqual([]);
  });

  it('parses the YAML when a manifest is not one document with one topic line', async () => {
    const tree = await workspace();
    app(tree, 'multi');
    tree.write(
      'apps/multi/dapr/subs.yaml',
      [
        'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nspec:\n  topic: "reminder-events"',
        'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nspec: { topic: task-events }',
        'kind: Component\nspec:\n  topic: not-a-subscription\n',
      ].join('\n---\n'),
    );
    const targets = (await createDependencies(undefined, onDisk(tree, dir))).map((d) => d.target);
    expect(targets).toEqual(['reminders-events', 'tasks-events']);
  });

  it('reads again only the files whose Nx hash changed; a warm computation gives the same edges', async () => {
    const tree = await workspace();
    await daprApp(tree, 'audit', 'tasks');
    const context = onDisk(tree, dir);
    const cold = await createDependencies(undefined, context);
    expect(cold.map((d) => [d.source, d.target])).toEqual([['audit', 'tasks-events']]);
    expect(existsSync(join(dir, '.nx/workspace-data', GRAPH_CACHE_FILE))).toBe(true);
    expect(await createDependencies(undefined, context)).toEqual(cold);

    // the manifest now subscribes to another topic, but Nx's hash says it did not change: the
    // file is not read again (what it said is taken from the cache)
    const manifest = 'apps/audit/dapr/subscriptions/task-events.yaml';
    writeFileSync(
      join(dir, manifest),
      'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nspec:\n  topic: reminder-events\n',
    );
    expect(await createDependencies(undefined, context)).toEqual(cold);
    // with the hash Nx gives the new content, it is read again
    const files = context.fileMap.projectFileMap['audit'];
    const rehashed = {
      ...context,
      fileMap: {
        ...context.fileMap,
        projectFileMap: {
          ...context.fileMap.projectFileMap,
          audit: files.map((f) => (f.file === manifest ? { ...f, hash: 'changed' } : f)),
        },
      },
    };
    expect((await createDependencies(undefined, rehashed)).map((d) => d.target)).toEqual([
      'reminders-events',
    ]);
  });

  it('reads a v1alpha1 Subscription, the topic being what matters', async () => {
    const tree = await workspace();
    app(tree, 'legacy');
    tree.write(
      'apps/legacy/dapr/sub.yaml',
      'apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec:\n  topic: reminder-events\n  route: /events\n',
    );
    expect(await createDependencies(undefined, onDisk(tree, dir))).toEqual([
      {
        source: 'legacy',
        target: 'reminders-events',
        sourceFile: 'apps/legacy/dapr/sub.yaml',
        type: 'static',
      },
    ]);
  });

  describe('a graph cache it cannot use: the same edges, never a throw', () => {
    let context: CreateDependenciesContext;
    let expected: Awaited<ReturnType<typeof createDependencies>>;
    let cacheFile: string;
    let warn: jest.SpyInstance;

    beforeEach(async () => {
      const tree = await workspace();
      await daprApp(tree, 'audit', 'tasks');
      await pythonApp(tree, 'py-notifier', 'reminders');
      context = onDisk(tree, dir);
      cacheFile = join(dir, '.nx/workspace-data', GRAPH_CACHE_FILE);
      expected = await createDependencies(undefined, context);
      expect(expected.map((d) => [d.source, d.target]).sort()).toEqual([
        ['audit', 'tasks-events'],
        ['py-notifier', 'reminders-events'],
      ]);
      warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => jest.restoreAllMocks());

    const written = () => JSON.parse(readFileSync(cacheFile, 'utf8'));

    it.each([
      ['not JSON', () => '{"format": 3, "fing'],
      ['JSON but no cache', () => '[1, 2, 3]'],
      ['its entries null', () => JSON.stringify({ ...written(), files: null })],
      ['its entries a list', () => JSON.stringify({ ...written(), files: [] })],
    ])('%s: computed afresh and written anew, nothing to warn', async (_label, content) => {
      writeFileSync(cacheFile, content());
      expect(await createDependencies(undefined, context)).toEqual(expected);
      expect(Object.keys(written().files).length).toBeGreaterThan(0);
      expect(warn).not.toHaveBeenCalled();
    });

    it('entries of the wrong shape under the right hashes are read again, not believed', async () => {
      const cache = written();
      const entries = cache.files as Record<string, { hash: string; facts: unknown }>;
      const isLibrary = (file: string) => file.endsWith('kafka-events.json');
      // what a YAML file says given to a kafka-events.json and the other way round, and garbage
      const forgedLibraries = [
        { topics: ['task-events'] },
        { library: 5 },
        { library: { topic: 7, pythonOutputs: [] } },
        { library: { topic: 'task-events', pythonOutputs: 'apps/audit/dapr/resiliency.yaml' } },
        7,
        null,
      ];
      const forgedManifests = [
        { library: null },
        { topics: 'task-events' },
        { topics: [1] },
        'x',
        [],
      ];
      const cases = [
        ...forgedLibraries.map((facts) => ({ facts, forges: isLibrary })),
        ...forgedManifests.map((facts) => ({ facts, forges: (f: string) => !isLibrary(f) })),
      ];
      expect(Object.keys(entries).filter(isLibrary).length).toBe(2);
      for (const { facts, forges } of cases) {
        const files = Object.entries(entries).map(([file, entry]) => [
          file,
          forges(file) ? { hash: entry.hash, facts } : entry,
        ]);
        writeFileSync(cacheFile, JSON.stringify({ ...cache, files: Object.fromEntries(files) }));
        expect([facts, await createDependencies(undefined, context)]).toEqual([facts, expected]);
      }
      expect(warn).not.toHaveBeenCalled();
    });

    it('a cache path it can neither read nor write (a folder)', async () => {
      rmSync(cacheFile);
      mkdirSync(cacheFile);
      expect(await createDependencies(undefined, context)).toEqual(expected);
      expect(await createDependencies(undefined, context)).toEqual(expected);
      expect(warn).not.toHaveBeenCalled();
    });

    it('any failure with the cache: warns once naming the cache, then computes without it', async () => {
      // only the cache read from the file fails, as a damaged one would
      const open = FactsCache.open.bind(FactsCache);
      jest.spyOn(FactsCache, 'open').mockImplementation((path, fingerprint, options) => {
        const cache = open(path, fingerprint, options);
        if (!options?.ignorePrevious)
          cache.facts = () => {
            throw new Error('cache exploded');
          };
        return cache;
      });
      const edges = await createDependencies(undefined, context);
      expect(edges).toEqual(expected);
      await createDependencies(undefined, context);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain(`could not use the project graph cache ${cacheFile}`);
      expect(warn.mock.calls[0][0]).toContain('cache exploded');
    });

    it('a failure without the cache too: no edges of its own, one warning, no throw', async () => {
      jest.spyOn(FactsCache.prototype, 'facts').mockImplementation(() => {
        throw new Error('facts gone');
      });
      expect(await createDependencies(undefined, context)).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[1][0]).toContain('could not add the edges of Dapr Subscription');
      expect(warn.mock.calls[1][0]).toContain('facts gone');
    });
  });
});
