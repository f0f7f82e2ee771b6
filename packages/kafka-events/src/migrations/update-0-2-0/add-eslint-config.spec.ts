import { logger, readJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../../generators/domain/domain';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import {
  addEslint,
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../../generators/testing/workspaces';
import addEslintConfig from './add-eslint-config';

async function generate(tree: Tree, name: string): Promise<void> {
  await domainGenerator(tree, { name } as DomainGeneratorSchema);
}

/** Libraries made before the workspace had ESLint, then ESLint added as `eslint` options say. */
async function olderLibraries(
  create: () => Tree,
  eslint: Parameters<typeof addEslint>[1] | false,
): Promise<Tree> {
  const tree = create();
  await generate(tree, 'tasks');
  await generate(tree, 'payments');
  if (eslint !== false) addEslint(tree, eslint);
  return tree;
}

/** What the domain generator writes when ESLint was there first. */
async function generatedWithEslint(
  create: () => Tree,
  eslint: Parameters<typeof addEslint>[1],
): Promise<Tree> {
  const tree = create();
  addEslint(tree, eslint);
  await generate(tree, 'tasks');
  await generate(tree, 'payments');
  return tree;
}

describe('0.2.0: add-eslint-config', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  describe.each([
    ['ts-solution', createTsSolutionWorkspace, 'packages', 'package.json'],
    ['integrated', createIntegratedWorkspace, 'libs', 'project.json'],
  ] as const)('in a %s workspace', (_style, create, folder, projectFile) => {
    it.each([
      ['with @nx/eslint/plugin', {}],
      ['with @nx/eslint but no plugin', { plugin: false }],
    ])('%s: every library gets what the generator writes now', async (_label, eslint) => {
      const tree = await olderLibraries(create, eslint);
      const current = await generatedWithEslint(create, eslint);

      expect(await addEslintConfig(tree)).toEqual([]);

      for (const domain of ['tasks', 'payments']) {
        const root = `${folder}/${domain}-events`;
        for (const file of ['eslint.config.mjs', projectFile]) {
          expect(tree.read(`${root}/${file}`, 'utf-8')).toBe(
            current.read(`${root}/${file}`, 'utf-8'),
          );
        }
      }
    });
  });

  it('adds the explicit target only where the plugin does not infer one', async () => {
    const tree = await olderLibraries(createIntegratedWorkspace, { plugin: false });
    await addEslintConfig(tree);
    expect(readJson(tree, 'libs/tasks-events/project.json').targets.lint).toEqual({
      executor: '@nx/eslint:lint',
    });
  });

  it('without @nx/eslint and its plugin writes the configs and returns a next step per library', async () => {
    const tree = await olderLibraries(createIntegratedWorkspace, {
      plugin: false,
      nxEslint: false,
    });
    const nextSteps = await addEslintConfig(tree);
    expect(tree.exists('libs/tasks-events/eslint.config.mjs')).toBe(true);
    expect(readJson(tree, 'libs/tasks-events/project.json').targets.lint).toBeUndefined();
    expect(nextSteps).toHaveLength(2);
    expect(nextSteps[0]).toMatch(/^libs\/payments-events: .*nx add @nx\/eslint/);
    expect(nextSteps[1]).toMatch(/^libs\/tasks-events: .*nx add @nx\/eslint/);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('keeps a config the library already has, whatever its format', async () => {
    const tree = await olderLibraries(createIntegratedWorkspace, {});
    const own = "export default [{ rules: { 'no-console': 'error' } }];\n";
    tree.write('libs/tasks-events/eslint.config.ts', own);
    await addEslintConfig(tree);
    expect(tree.read('libs/tasks-events/eslint.config.ts', 'utf-8')).toBe(own);
    expect(tree.exists('libs/tasks-events/eslint.config.mjs')).toBe(false);
    expect(tree.exists('libs/payments-events/eslint.config.mjs')).toBe(true);
  });

  it('is idempotent: a second run changes no file', async () => {
    const tree = await olderLibraries(createTsSolutionWorkspace, { plugin: false });
    await addEslintConfig(tree);
    const once = changedFiles(tree);
    expect(await addEslintConfig(tree)).toEqual([]);
    expect(changedFiles(tree)).toEqual(once);
  });

  it('changes nothing in a workspace without a root ESLint config', async () => {
    const tree = await olderLibraries(createIntegratedWorkspace, false);
    const before = changedFiles(tree);
    expect(await addEslintConfig(tree)).toEqual([]);
    expect(changedFiles(tree)).toEqual(before);
  });
});
