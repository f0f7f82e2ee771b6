/**
 * The whole createNodes result on a workspace written by the domain generator, pinned in a
 * snapshot: the snapshot was recorded by the plugin as it was before the speed work of issue 11
 * (async, @nx/devkit's createNodesFromFiles, a PluginCache) and must stay as it is, so any change
 * to the inferred targets, their order, inputs or wording shows up here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, NxJsonConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { domainGenerator } from '../generators/domain/domain';

const TMP = join(__dirname, '..', '..', '..', '..', 'tmp');
mkdirSync(TMP, { recursive: true });
process.env.NX_WORKSPACE_DATA_DIRECTORY = mkdtempSync(join(TMP, 'inferred-data-'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodes } = require('./plugin') as typeof import('./plugin');

describe('inferred targets on a generated workspace', () => {
  let workspace: string;
  let files: string[];

  beforeAll(async () => {
    const tree = createTreeWithEmptyWorkspace();
    await domainGenerator(tree, { name: 'tasks', skipFormat: true });
    await domainGenerator(tree, {
      name: 'orders',
      events: 'placed,paid',
      compatibility: 'FULL',
      directory: 'packages/orders-events',
      skipFormat: true,
    });
    const tasksConfig = JSON.parse(tree.read('libs/tasks-events/kafka-events.json', 'utf8')!);
    tasksConfig.events[0].versions = [1, 2];
    tree.write('libs/tasks-events/kafka-events.json', JSON.stringify(tasksConfig));
    // a package.json-only project (ts preset), a config outside any project, a broken config
    tree.write('packages/billing/package.json', '{"name":"@acme/billing"}');
    tree.write('packages/billing/kafka-events.json', '{"domain":"billing","topic":"bills"}');
    tree.write('docs/example/kafka-events.json', tree.read('libs/tasks-events/kafka-events.json')!);
    tree.write('libs/broken/project.json', '{"name":"broken"}');
    tree.write('libs/broken/kafka-events.json', '{ not json');
    const pkg = JSON.parse(tree.read('package.json', 'utf8')!);
    pkg.devDependencies = { ...pkg.devDependencies, 'kafka-events': '0.3.0' };
    tree.write('package.json', JSON.stringify(pkg));

    workspace = mkdtempSync(join(TMP, 'inferred-ws-'));
    for (const change of tree.listChanges()) {
      if (change.type === 'DELETE') continue;
      mkdirSync(dirname(join(workspace, change.path)), { recursive: true });
      writeFileSync(join(workspace, change.path), change.content!);
    }
    files = tree
      .listChanges()
      .map((c) => c.path)
      .filter((path) => path.endsWith('/kafka-events.json'))
      .reverse();
  });
  // the two files the targets cannot use are reported, once each however often Nx calls
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterAll(() => {
    warn.mockRestore();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(process.env.NX_WORKSPACE_DATA_DIRECTORY!, { recursive: true, force: true });
  });

  const infer = async (options?: object, nxJson: NxJsonConfiguration = {}) =>
    createNodes[1](
      files,
      options as never,
      {
        workspaceRoot: workspace,
        nxJsonConfiguration: nxJson,
      } as CreateNodesContext,
    );

  it('covers the five kinds of kafka-events.json', () => {
    expect([...files].sort()).toEqual([
      'docs/example/kafka-events.json',
      'libs/broken/kafka-events.json',
      'libs/tasks-events/kafka-events.json',
      'packages/billing/kafka-events.json',
      'packages/orders-events/kafka-events.json',
    ]);
  });

  it.each([
    ['default options', undefined, {}],
    [
      'target names and compatBase',
      {
        schemasTargetName: 'contract-snapshots',
        compatTargetName: 'contract-check',
        topicsTargetName: 'contract-topics',
        compatBase: 'origin/release',
      },
      {},
    ],
    ['nx.json defaultBase', undefined, { defaultBase: 'trunk' }],
    ['a defaultBase unsafe in a shell', undefined, { defaultBase: 'a;b' }],
  ])(
    'with %s, as before, twice (the second call as Nx makes it on a cached graph)',
    async (_name, options, nxJson) => {
      // JSON text, not the objects: Jest's serializer sorts keys, and the order of targets and
      // inputs is part of what Nx shows
      const first = JSON.stringify(await infer(options, nxJson), null, 2);
      expect(first).toMatchSnapshot();
      expect(JSON.stringify(await infer(options, nxJson), null, 2)).toBe(first);
    },
  );

  it('warned once about each file the targets cannot use, over all the calls above', () => {
    expect(warn.mock.calls.map(([message]) => String(message).split(':')[1])).toEqual([
      ' project broken (libs/broken) has a kafka-events.json its event targets cannot use',
      ' project @acme/billing (packages/billing) has a kafka-events.json its event targets cannot use',
    ]);
  });
});
