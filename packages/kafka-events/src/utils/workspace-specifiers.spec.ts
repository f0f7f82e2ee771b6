import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { writeJson, type Tree } from '@nx/devkit';
import { rootSpecifier, workspaceSpecifiers } from './workspace-specifiers';

describe('workspace specifiers', () => {
  let tree: Tree;
  const root = (pkg: Record<string, unknown>) =>
    writeJson(tree, 'package.json', { name: '@acme/source', ...pkg });
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  it('reads dependencies before devDependencies, and nothing else', () => {
    root({
      dependencies: { zod: '4.1.0' },
      devDependencies: { zod: '^4.0.0', kafkajs: '2.2.3' },
      peerDependencies: { tslib: '^2.0.0' },
    });
    expect(rootSpecifier(tree, 'zod')).toBe('4.1.0');
    expect(rootSpecifier(tree, 'kafkajs')).toBe('2.2.3');
    expect(rootSpecifier(tree, 'tslib')).toBeUndefined();
  });

  it('falls back to the given specifier for a package the root lacks', () => {
    root({ dependencies: { zod: '~4.2.0' } });
    expect(workspaceSpecifiers(tree, 'packages/a', { zod: '^4.6.7', kafkajs: '2.2.4' })).toEqual({
      zod: '~4.2.0',
      kafkajs: '2.2.4',
    });
  });

  it.each([
    [
      'file:dist/pack/kafka-events-runtime-0.3.0.tgz',
      'file:../../dist/pack/kafka-events-runtime-0.3.0.tgz',
    ],
    ['file:./vendor/runtime.tgz', 'file:../../vendor/runtime.tgz'],
    ['file:../tarballs/runtime.tgz', 'file:../../../tarballs/runtime.tgz'],
    ['link:tools/runtime', 'link:../../tools/runtime'],
    ['portal:tools/runtime', 'portal:../../tools/runtime'],
  ])('rebases the relative path of %s onto the library', (fromRoot, inLibrary) => {
    root({ dependencies: { '@kafka-events/runtime': fromRoot } });
    expect(
      workspaceSpecifiers(tree, 'packages/tasks-events', { '@kafka-events/runtime': '^0.3.0' }),
    ).toEqual({ '@kafka-events/runtime': inLibrary });
  });

  it.each([
    'file:/tmp/dist/kafka-events-runtime-0.3.0.tgz',
    'workspace:*',
    'workspace:^',
    'npm:@acme/kafka-events-runtime@^0.3.0',
    'https://example.com/runtime.tgz',
    '^0.3.0',
  ])('keeps %s as it is', (specifier) => {
    root({ devDependencies: { '@kafka-events/runtime': specifier } });
    expect(
      workspaceSpecifiers(tree, 'libs/deep/tasks-events', { '@kafka-events/runtime': '^0.3.0' }),
    ).toEqual({ '@kafka-events/runtime': specifier });
  });
});
