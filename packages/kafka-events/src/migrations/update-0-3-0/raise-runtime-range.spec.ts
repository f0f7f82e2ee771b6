import { readJson, writeJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../../generators/domain/domain';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import { changedFiles, createTsSolutionWorkspace } from '../../generators/testing/workspaces';
import { runtimeVersion } from '../../utils/versions';
import raiseLibraryRuntimeRange from './raise-runtime-range';

async function workspaceWithRanges(ranges: Record<string, string>): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  for (const [name, range] of Object.entries(ranges)) {
    await domainGenerator(tree, { name, skipFormat: true } as DomainGeneratorSchema);
    const file = `packages/${name}-events/package.json`;
    const pkg = readJson(tree, file);
    writeJson(tree, file, {
      ...pkg,
      dependencies: { ...pkg.dependencies, '@kafka-events/runtime': range },
    });
  }
  return tree;
}

const rangeOf = (tree: Tree, name: string) =>
  readJson(tree, `packages/${name}-events/package.json`).dependencies['@kafka-events/runtime'];

describe('0.3.0: raise-runtime-range', () => {
  it("raises plain ranges below this plugin's version and keeps file:, workspace: and newer ones", async () => {
    const tree = await workspaceWithRanges({
      tasks: '^0.2.0',
      reminders: '0.2.0',
      recurring: 'file:../../dist/pack/kafka-events-runtime-0.2.0.tgz',
      notifications: '^9.0.0',
    });
    await raiseLibraryRuntimeRange(tree);
    expect(runtimeVersion()).toMatch(/^\^0\.3\./);
    expect(rangeOf(tree, 'tasks')).toBe(runtimeVersion());
    expect(rangeOf(tree, 'reminders')).toBe(runtimeVersion());
    expect(rangeOf(tree, 'recurring')).toBe('file:../../dist/pack/kafka-events-runtime-0.2.0.tgz');
    expect(rangeOf(tree, 'notifications')).toBe('^9.0.0');
  });

  it("raises to the root's specifier, rebased, when the workspace installed a tarball", async () => {
    const tree = await workspaceWithRanges({ tasks: '^0.2.0', reminders: '^9.0.0' });
    writeJson(tree, 'package.json', {
      ...readJson(tree, 'package.json'),
      dependencies: { '@kafka-events/runtime': 'file:vendor/kafka-events-runtime-0.3.0.tgz' },
    });
    await raiseLibraryRuntimeRange(tree);
    expect(rangeOf(tree, 'tasks')).toBe('file:../../vendor/kafka-events-runtime-0.3.0.tgz');
    expect(rangeOf(tree, 'reminders')).toBe('^9.0.0');
  });

  it("raises to this plugin's range when the root's is older too", async () => {
    const tree = await workspaceWithRanges({ tasks: '^0.1.0' });
    writeJson(tree, 'package.json', {
      ...readJson(tree, 'package.json'),
      dependencies: { '@kafka-events/runtime': '^0.2.0' },
    });
    await raiseLibraryRuntimeRange(tree);
    expect(rangeOf(tree, 'tasks')).toBe(runtimeVersion());
  });

  it('changes nothing when run twice, or when every library is current', async () => {
    const tree = await workspaceWithRanges({ tasks: '^0.2.0' });
    await raiseLibraryRuntimeRange(tree);
    const before = changedFiles(tree);
    const snapshot = tree.read('packages/tasks-events/package.json', 'utf-8');
    await raiseLibraryRuntimeRange(tree);
    expect(changedFiles(tree)).toEqual(before);
    expect(tree.read('packages/tasks-events/package.json', 'utf-8')).toBe(snapshot);
  });
});
