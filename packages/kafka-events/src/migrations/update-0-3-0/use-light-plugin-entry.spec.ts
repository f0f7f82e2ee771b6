import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import useLightPluginEntry from './use-light-plugin-entry';

type Plugins = NonNullable<NonNullable<ReturnType<typeof readNxJson>>['plugins']>;

function workspaceWith(plugins: Plugins | undefined): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const { plugins: _default, ...nxJson } = readNxJson(tree)!;
  updateNxJson(tree, plugins ? { ...nxJson, plugins } : nxJson);
  return tree;
}

describe('0.3.0: use-light-plugin-entry', () => {
  it('renames the package-main entries, string or object, keeping options, include, exclude and the order', async () => {
    const tree = workspaceWith([
      '@nx/js/typescript',
      {
        plugin: 'kafka-events',
        options: { compatTargetName: 'compat' },
        include: ['libs/**/*'],
        exclude: ['libs/legacy/**/*'],
      },
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
      'kafka-events',
    ]);
    await useLightPluginEntry(tree);
    expect(readNxJson(tree)!.plugins).toEqual([
      '@nx/js/typescript',
      {
        plugin: 'kafka-events/plugin',
        options: { compatTargetName: 'compat' },
        include: ['libs/**/*'],
        exclude: ['libs/legacy/**/*'],
      },
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
      'kafka-events/plugin',
    ]);
  });

  it('drops an entry that becomes the exact copy of another, and keeps ones that differ', async () => {
    const tree = workspaceWith([
      { plugin: 'kafka-events/plugin' },
      'kafka-events',
      { plugin: 'kafka-events', options: { compatBase: 'origin/release' } },
      { plugin: 'kafka-events/plugin', options: { compatBase: 'origin/release' } },
    ]);
    await useLightPluginEntry(tree);
    expect(readNxJson(tree)!.plugins).toEqual([
      { plugin: 'kafka-events/plugin' },
      { plugin: 'kafka-events/plugin', options: { compatBase: 'origin/release' } },
    ]);
  });

  it.each([
    [
      'entries already on the light entry',
      ['@nx/js/typescript', { plugin: 'kafka-events/plugin' }],
    ],
    ['no kafka-events entry', ['@nx/js/typescript']],
    ['no plugins at all', undefined],
  ])('changes no file for %s, and a second run changes nothing', async (_case, plugins) => {
    const tree = workspaceWith(plugins as Plugins | undefined);
    const before = tree.read('nx.json', 'utf-8');
    const changes = tree.listChanges().length;
    await useLightPluginEntry(tree);
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
    expect(tree.listChanges()).toHaveLength(changes);

    const migrated = workspaceWith(['kafka-events']);
    await useLightPluginEntry(migrated);
    const once = migrated.read('nx.json', 'utf-8');
    await useLightPluginEntry(migrated);
    expect(migrated.read('nx.json', 'utf-8')).toBe(once);
  });

  it('changes nothing when there is no nx.json', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.delete('nx.json');
    await useLightPluginEntry(tree);
    expect(tree.exists('nx.json')).toBe(false);
  });
});
