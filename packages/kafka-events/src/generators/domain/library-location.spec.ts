/**
 * Where --directory may put a library: each refusal says why, names the option, and the tree is
 * left as it was. (The fuzz spec covers every generator's path options with many more values.)
 */
import { addProjectConfiguration } from '@nx/devkit';
import { createIntegratedWorkspace, changedFiles } from '../testing/workspaces';
import { domainGenerator } from './domain';

const refusals: [string, RegExp][] = [
  [
    'node_modules/x',
    /--directory "node_modules\/x": node_modules is managed by the package manager; a library there would be deleted by the next install/,
  ],
  ['libs/Node_Modules/x', /node_modules is managed by the package manager/],
  ['.git/x', /--directory "\.git\/x": \.git is git’s own database/],
  ['.nx/cache/x', /\.nx is Nx’s cache and workspace data/],
  ['libs/dist/x', /dist holds build output/],
  ['out-tsc/x', /out-tsc holds TypeScript build output/],
  ['coverage/x', /coverage holds test reports/],
  ['libs/.hidden/x', /"\.hidden" is a hidden folder/],
  ['.', /names the workspace root itself/],
  ['/srv/libs/x', /must be relative to the workspace root .*not absolute/],
  ['C:/libs/x', /must be relative to the workspace root/],
  ['libs\\x', /must separate folders with "\/"/],
  ['libs/../../x', /must stay inside the workspace \("\.\." leaves it\)/],
  ['libs/ｘ', /may only contain ASCII letters.*found "ｘ"/],
  ['apps/api/src/events', /is inside project "api" \(apps\/api\); a library cannot be nested/],
  ['apps', /contains project "api" \(apps\/api\); a library cannot hold another project/],
  ['src/events', /is inside the sources of the root project "workspace" \(src\)/],
];

describe('--directory refuses places no library belongs', () => {
  it.each(refusals)('%s', async (directory, message) => {
    const tree = createIntegratedWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
    addProjectConfiguration(tree, 'workspace', { root: '.', sourceRoot: 'src' });
    const before = changedFiles(tree);
    await expect(
      domainGenerator(tree, { name: 'tasks', directory, skipFormat: true }),
    ).rejects.toThrow(message);
    expect(changedFiles(tree)).toEqual(before);
  });

  it('accepts a folder beside other projects, and the root project outside its sources', async () => {
    const tree = createIntegratedWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
    addProjectConfiguration(tree, 'workspace', { root: '.', sourceRoot: 'src' });
    await domainGenerator(tree, {
      name: 'tasks',
      directory: 'libs/events/tasks',
      skipFormat: true,
    });
    expect(tree.exists('libs/events/tasks/kafka-events.json')).toBe(true);
  });
});
