import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('links an app consuming only through Dapr manifests, and a Python project, to the library', async () => {
    const tree = await workspace();
    await daprApp(tree, 'audit', 'tasks');
    tree.delete('apps/audit/src/dapr/tasks.routes.ts');
    app(tree, 'py-notifier');
    await pythonGenerator(tree, {
      domain: 'reminders',
      output: 'apps/py-notifier/reminder_events.py',
      skipFormat: true,
    } as PythonGeneratorSchema);
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
});
