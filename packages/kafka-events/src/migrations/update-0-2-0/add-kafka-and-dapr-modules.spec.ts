import { readJson, writeJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../../generators/domain/domain';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import {
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../../generators/testing/workspaces';
import { kafkajsVersion, runtimeVersion } from '../../utils/versions';
import addKafkaAndDaprModules, { isOlderRange } from './add-kafka-and-dapr-modules';

const MODULE_EXPORTS = ["export * from './lib/kafka.js';\n", "export * from './lib/dapr.js';\n"];

/**
 * A library as kafka-events 0.1 wrote it (commit "init and domain generators: both workspace
 * styles..."): the same files as today minus src/lib/kafka.ts, src/lib/dapr.ts and their two
 * index exports, a kafka-events.json with only the domain basics and `version` per event, and
 * the runtime range of 0.1. Returns what the current generator writes, to compare against.
 */
async function olderLibrary(
  makeTree: () => Tree,
  root: string,
  options: Partial<DomainGeneratorSchema> & { name: string },
): Promise<{ tree: Tree; current: Tree }> {
  const current = makeTree();
  await domainGenerator(current, options as DomainGeneratorSchema);
  const tree = makeTree();
  await domainGenerator(tree, options as DomainGeneratorSchema);
  tree.delete(`${root}/src/lib/kafka.ts`);
  tree.delete(`${root}/src/lib/dapr.ts`);
  const index = tree.read(`${root}/src/index.ts`, 'utf-8')!;
  tree.write(
    `${root}/src/index.ts`,
    MODULE_EXPORTS.reduce((t, line) => t.replace(line, ''), index),
  );
  const config = readJson(tree, `${root}/kafka-events.json`);
  writeJson(tree, `${root}/kafka-events.json`, {
    domain: config.domain,
    entity: config.entity,
    topic: config.topic,
    source: config.source,
    events: config.events.map((e: { name: string; key: string }) => ({
      name: e.name,
      version: 1,
      key: e.key,
    })),
  });
  const pkg = readJson(tree, `${root}/package.json`);
  writeJson(tree, `${root}/package.json`, {
    ...pkg,
    dependencies: { ...pkg.dependencies, '@kafka-events/runtime': '^0.1.0' },
  });
  return { tree, current };
}

/** Every file of the tree with its content, to prove a second run changes nothing. */
function contents(tree: Tree): Record<string, string | null> {
  return Object.fromEntries(
    tree.listChanges().map((c) => [c.path, c.content?.toString('utf-8') ?? null]),
  );
}

describe('0.2.0: add-kafka-and-dapr-modules', () => {
  const lib = 'packages/tasks-events';

  it('adds kafka.ts and dapr.ts exactly as the domain generator writes them, and exports them', async () => {
    const { tree, current } = await olderLibrary(createTsSolutionWorkspace, lib, { name: 'tasks' });
    expect(tree.exists(`${lib}/src/lib/kafka.ts`)).toBe(false);

    await addKafkaAndDaprModules(tree);

    for (const file of ['src/lib/kafka.ts', 'src/lib/dapr.ts', 'src/index.ts']) {
      expect(tree.read(`${lib}/${file}`, 'utf-8')).toBe(current.read(`${lib}/${file}`, 'utf-8'));
    }
    expect(tree.read(`${lib}/src/lib/kafka.ts`, 'utf-8')).toContain(
      'export function createTasksProducer(',
    );
    const pkg = readJson(tree, `${lib}/package.json`);
    expect(pkg.dependencies).toMatchObject({
      '@kafka-events/runtime': runtimeVersion(),
      kafkajs: kafkajsVersion,
    });
    expect(pkg.dependencies).toEqual(readJson(current, `${lib}/package.json`).dependencies);
  });

  it('adds kafkajs to a library package.json that lacks it', async () => {
    const { tree } = await olderLibrary(createTsSolutionWorkspace, lib, { name: 'tasks' });
    const pkg = readJson(tree, `${lib}/package.json`);
    delete pkg.dependencies.kafkajs;
    writeJson(tree, `${lib}/package.json`, pkg);

    await addKafkaAndDaprModules(tree);

    expect(readJson(tree, `${lib}/package.json`).dependencies.kafkajs).toBe(kafkajsVersion);
  });

  it('is idempotent: a second run changes no file', async () => {
    const { tree } = await olderLibrary(createTsSolutionWorkspace, lib, { name: 'tasks' });
    await addKafkaAndDaprModules(tree);
    const once = contents(tree);
    const nextSteps = await addKafkaAndDaprModules(tree);
    expect(contents(tree)).toEqual(once);
    expect(nextSteps).toEqual([]);
  });

  it('keeps user edits of index.ts and leaves a module the user already has alone', async () => {
    const { tree, current } = await olderLibrary(createTsSolutionWorkspace, lib, { name: 'tasks' });
    const ownKafka = "// our own Kafka wiring\nexport const brokers = ['kafka:9092'];\n";
    tree.write(`${lib}/src/lib/kafka.ts`, ownKafka);
    const index = `${lib}/src/index.ts`;
    const edited =
      '// public API of the tasks events\n' +
      tree.read(index, 'utf-8')!.replace("export * from './lib/domain.js';\n", '') +
      "export { tasksDomain as domain } from './lib/domain.js';\n" +
      "export type { Clock } from './lib/clock.js';\n";
    tree.write(index, edited);

    await addKafkaAndDaprModules(tree);

    expect(tree.read(`${lib}/src/lib/kafka.ts`, 'utf-8')).toBe(ownKafka);
    expect(tree.read(`${lib}/src/lib/dapr.ts`, 'utf-8')).toBe(
      current.read(`${lib}/src/lib/dapr.ts`, 'utf-8'),
    );
    // only the dapr export is added, after the user's export from domain.js (the module
    // before it), and everything the user wrote stays
    expect(tree.read(index, 'utf-8')).toBe(
      edited.replace(
        "export { tasksDomain as domain } from './lib/domain.js';\n",
        "export { tasksDomain as domain } from './lib/domain.js';\n" +
          "export * from './lib/dapr.js';\n",
      ),
    );
  });

  it('updates every library of an integrated workspace, each from its own settings', async () => {
    const { tree, current } = await olderLibrary(createIntegratedWorkspace, 'libs/orders-events', {
      name: 'orders',
      events: 'placed,shipped',
      metadata: false,
    });
    await domainGenerator(tree, { name: 'reminders' } as DomainGeneratorSchema);
    await domainGenerator(current, { name: 'reminders' } as DomainGeneratorSchema);
    tree.delete('libs/reminders-events/src/lib/dapr.ts');

    await addKafkaAndDaprModules(tree);

    for (const file of [
      'libs/orders-events/src/lib/kafka.ts',
      'libs/orders-events/src/lib/dapr.ts',
      'libs/orders-events/src/index.ts',
      'libs/reminders-events/src/lib/dapr.ts',
      'libs/reminders-events/src/index.ts',
    ]) {
      expect(tree.read(file, 'utf-8')).toBe(current.read(file, 'utf-8'));
    }
    expect(tree.read('libs/orders-events/src/lib/dapr.ts', 'utf-8')).toContain(
      'export function createOrdersDaprPublisher(',
    );
  });

  it('skips a library whose domain.ts lost the domain constant, saying why', async () => {
    const { tree } = await olderLibrary(createTsSolutionWorkspace, lib, { name: 'tasks' });
    const domain = `${lib}/src/lib/domain.ts`;
    tree.write(domain, tree.read(domain, 'utf-8')!.replace(/\btasksDomain\b/g, 'events'));
    const index = tree.read(`${lib}/src/index.ts`, 'utf-8');

    const nextSteps = await addKafkaAndDaprModules(tree);

    expect(tree.exists(`${lib}/src/lib/kafka.ts`)).toBe(false);
    expect(tree.exists(`${lib}/src/lib/dapr.ts`)).toBe(false);
    expect(tree.read(`${lib}/src/index.ts`, 'utf-8')).toBe(index);
    expect(nextSteps).toEqual([
      expect.stringContaining(
        `${lib}: ${lib}/src/lib/domain.ts no longer declares "tasksDomain", so src/lib/kafka.ts ` +
          'and src/lib/dapr.ts were not added',
      ),
    ]);
  });

  it('does nothing in a workspace without domain libraries', async () => {
    const tree = createTsSolutionWorkspace();
    const before = contents(tree);
    expect(await addKafkaAndDaprModules(tree)).toEqual([]);
    expect(contents(tree)).toEqual(before);
  });

  it('raises only plain ranges below the current runtime version', () => {
    expect(isOlderRange('^0.1.0', '^0.2.0')).toBe(true);
    expect(isOlderRange('0.1.5', '^0.2.0')).toBe(true);
    expect(isOlderRange('^0.2.0', '^0.2.0')).toBe(false);
    expect(isOlderRange('^0.3.0', '^0.2.0')).toBe(false);
    expect(isOlderRange('file:../dist/runtime.tgz', '^0.2.0')).toBe(false);
    expect(isOlderRange('*', '^0.2.0')).toBe(false);
  });
});
