import { readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../../generators/domain/domain';
import { isKafkaEventsPlugin } from '../../generators/init/lib/add-plugin';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../../generators/testing/workspaces';
import { pluginVersion } from '../../utils/versions';
import addContractSnapshots from './add-contract-snapshots';

/**
 * A library as kafka-events 0.1 wrote it: the same sources, a kafka-events.json with only the
 * domain basics and `version` per event, no schemas/ and no plugin in nx.json.
 */
async function olderLibrary(
  tree: Tree,
  root: string,
  options: Partial<DomainGeneratorSchema> & { name: string },
  config: Record<string, unknown>,
) {
  await domainGenerator(tree, { skipFormat: true, ...options } as DomainGeneratorSchema);
  tree.write(`${root}/kafka-events.json`, JSON.stringify(config, null, 2) + '\n');
  const nxJson = readNxJson(tree)!;
  updateNxJson(tree, {
    ...nxJson,
    plugins: (nxJson.plugins ?? []).filter((p) => !isKafkaEventsPlugin(p)),
  });
}

const TASKS_V01 = {
  domain: 'tasks',
  entity: 'task',
  topic: 'task-events',
  source: '/tasks',
  events: [
    { name: 'created', version: 1, key: 'task_id' },
    { name: 'updated', version: 1, key: 'task_id' },
    { name: 'completed', version: 1, key: 'task_id' },
    { name: 'deleted', version: 1, key: 'task_id' },
  ],
};

const pluginNames = (tree: Tree) =>
  (readNxJson(tree)?.plugins ?? []).map((p) => (typeof p === 'string' ? p : p.plugin));

describe('0.2.0: add-contract-snapshots', () => {
  const env = process.env.NX_ADD_PLUGINS;
  afterEach(() => {
    if (env === undefined) delete process.env.NX_ADD_PLUGINS;
    else process.env.NX_ADD_PLUGINS = env;
  });

  it('completes kafka-events.json, registers the plugin and asks for the snapshots', async () => {
    const tree = createTsSolutionWorkspace();
    await olderLibrary(tree, 'packages/tasks-events', { name: 'tasks' }, TASKS_V01);
    expect(pluginNames(tree)).not.toContain('kafka-events/plugin');

    const nextSteps = await addContractSnapshots(tree);

    expect(readJson(tree, 'packages/tasks-events/kafka-events.json')).toEqual({
      ...TASKS_V01,
      compatibility: 'BACKWARD',
      metadata: true,
      validation: true,
      versioning: true,
      events: TASKS_V01.events.map(({ name, key }) => ({
        name,
        type: `task.${name}`,
        versions: [1],
        key,
      })),
      generatedBy: { plugin: 'kafka-events', version: pluginVersion() },
    });
    // the key order and layout of a freshly generated file
    expect(Object.keys(readJson(tree, 'packages/tasks-events/kafka-events.json'))).toEqual([
      'domain',
      'entity',
      'topic',
      'source',
      'compatibility',
      'metadata',
      'validation',
      'versioning',
      'events',
      'generatedBy',
    ]);
    expect(pluginNames(tree)).toContain('kafka-events/plugin');
    expect(nextSteps).toEqual([
      'Write the committed contract snapshots of packages/tasks-events and commit them: ' +
        'nx run-many -t events-schemas -p tasks-events',
    ]);
  });

  it('reads metadata off from defineDomain and versions from the payload modules', async () => {
    const tree = createIntegratedWorkspace();
    await olderLibrary(
      tree,
      'libs/orders-events',
      { name: 'orders', events: 'placed', metadata: false },
      {
        domain: 'orders',
        entity: 'order',
        topic: 'order-events',
        source: '/orders',
        events: [{ name: 'placed', key: 'order_id' }],
      },
    );
    tree.write('libs/orders-events/src/lib/payloads/order-placed.v2.ts', 'export {};\n');

    await addContractSnapshots(tree);

    const config = readJson(tree, 'libs/orders-events/kafka-events.json');
    expect(config.metadata).toBe(false);
    expect(config.events).toEqual([
      { name: 'placed', type: 'order.placed', versions: [1, 2], key: 'order_id' },
    ]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const tree = createTsSolutionWorkspace();
    await olderLibrary(tree, 'packages/tasks-events', { name: 'tasks' }, TASKS_V01);
    await addContractSnapshots(tree);
    const after = changedFiles(tree);
    await addContractSnapshots(tree);
    expect(changedFiles(tree)).toEqual(after);
  });

  it('leaves current libraries alone and asks nothing once snapshots exist', async () => {
    const tree = createTsSolutionWorkspace();
    await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
    tree.write('packages/tasks-events/schemas/task.created.v1.json', '{}\n');
    const config = tree.read('packages/tasks-events/kafka-events.json', 'utf-8');
    const nxJson = tree.read('nx.json', 'utf-8');

    expect(await addContractSnapshots(tree)).toEqual([]);
    expect(tree.read('packages/tasks-events/kafka-events.json', 'utf-8')).toBe(config);
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
  });

  it('respects NX_ADD_PLUGINS=false and does nothing in a workspace without event libraries', async () => {
    process.env.NX_ADD_PLUGINS = 'false';
    const tree = createTsSolutionWorkspace();
    await olderLibrary(tree, 'packages/tasks-events', { name: 'tasks' }, TASKS_V01);
    await addContractSnapshots(tree);
    expect(pluginNames(tree)).not.toContain('kafka-events/plugin');

    const empty = createTsSolutionWorkspace();
    expect(await addContractSnapshots(empty)).toEqual([]);
    expect(changedFiles(empty)).toEqual(changedFiles(createTsSolutionWorkspace()));
  });
});
