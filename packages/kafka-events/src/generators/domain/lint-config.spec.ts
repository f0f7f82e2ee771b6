import { logger, readJson, updateJson, type Tree } from '@nx/devkit';
import { notPrettierClean } from '../testing/prettier-check';
import {
  addEslint,
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { domainGenerator } from './domain';
import type { DomainGeneratorSchema } from './schema';

const styles = [
  {
    style: 'ts-solution',
    create: createTsSolutionWorkspace,
    root: 'packages/tasks-events',
    targets: (tree: Tree) => readJson(tree, 'packages/tasks-events/package.json').nx.targets,
  },
  {
    style: 'integrated',
    create: createIntegratedWorkspace,
    root: 'libs/tasks-events',
    targets: (tree: Tree) => readJson(tree, 'libs/tasks-events/project.json').targets,
  },
] as const;

const MJS =
  "import baseConfig from '../../eslint.config.mjs';\n\nexport default [...baseConfig];\n";
const CJS =
  "const baseConfig = require('../../eslint.config.cjs');\n\nmodule.exports = [...baseConfig];\n";

async function generate(tree: Tree, options: Partial<DomainGeneratorSchema> = {}) {
  return domainGenerator(tree, {
    name: 'tasks',
    skipFormat: true,
    ...options,
  } as DomainGeneratorSchema);
}

function eslintFilesUnder(tree: Tree, dir: string): string[] {
  return Object.keys(changedFiles(tree)).filter(
    (path) => path.startsWith(`${dir}/`) && /\/eslint\.config\.[a-z]+$/.test(path),
  );
}

describe('domain generator: ESLint', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  describe.each(styles)('in a $style workspace', ({ create, root, targets }) => {
    it('without a root ESLint config writes no config and no lint target', async () => {
      const tree = create();
      await generate(tree);
      expect(eslintFilesUnder(tree, root)).toEqual([]);
      expect(targets(tree).lint).toBeUndefined();
      expect(warn).not.toHaveBeenCalled();
    });

    it('with @nx/eslint/plugin: a config extending the root one, the target left to the plugin', async () => {
      const tree = create();
      addEslint(tree);
      await generate(tree);
      expect(eslintFilesUnder(tree, root)).toEqual([`${root}/eslint.config.mjs`]);
      expect(tree.read(`${root}/eslint.config.mjs`, 'utf-8')).toBe(MJS);
      expect(targets(tree).lint).toBeUndefined();
      expect(warn).not.toHaveBeenCalled();
    });

    it('without the plugin but with @nx/eslint: an explicit @nx/eslint:lint target', async () => {
      const tree = create();
      addEslint(tree, { plugin: false });
      await generate(tree);
      expect(tree.read(`${root}/eslint.config.mjs`, 'utf-8')).toBe(MJS);
      expect(targets(tree).lint).toEqual({ executor: '@nx/eslint:lint' });
      // the generator's own targets stay as they were
      expect(targets(tree).test.options.command).toBe('jest --config jest.config.cjs');
    });

    it('without the plugin and without @nx/eslint: the config, no target, and a hint', async () => {
      const tree = create();
      addEslint(tree, { plugin: false, nxEslint: false });
      await generate(tree);
      expect(tree.read(`${root}/eslint.config.mjs`, 'utf-8')).toBe(MJS);
      expect(targets(tree).lint).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(
        new RegExp(`^${root}: .*@nx/eslint/plugin is not registered.*nx add @nx/eslint`),
      );
    });

    it('follows a CommonJS root config', async () => {
      const tree = create();
      addEslint(tree, { format: 'cjs' });
      await generate(tree);
      expect(eslintFilesUnder(tree, root)).toEqual([`${root}/eslint.config.cjs`]);
      expect(tree.read(`${root}/eslint.config.cjs`, 'utf-8')).toBe(CJS);
    });

    it('writes formatter-clean files', async () => {
      const tree = create();
      addEslint(tree, { plugin: false });
      await generate(tree);
      const files = Object.fromEntries(
        [`${root}/eslint.config.mjs`, `${root}/project.json`, `${root}/package.json`]
          .filter((path) => tree.exists(path))
          .map((path) => [path, tree.read(path, 'utf-8')!]),
      );
      expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
    });
  });

  describe('a root eslint.config.js (module format from package.json "type")', () => {
    it.each([
      [
        'an ES-module library (--preset=ts) imports it from eslint.config.js',
        createTsSolutionWorkspace,
        'packages/tasks-events/eslint.config.js',
        "import baseConfig from '../../eslint.config.js';\n\nexport default [...baseConfig];\n",
      ],
      [
        'a CommonJS library under a CommonJS root requires it from eslint.config.js',
        createIntegratedWorkspace,
        'libs/tasks-events/eslint.config.js',
        "const baseConfig = require('../../eslint.config.js');\n\nmodule.exports = [...baseConfig];\n",
      ],
    ])('%s', async (_label, create, file, text) => {
      const tree = create();
      addEslint(tree, { format: 'js' });
      await generate(tree);
      expect(tree.read(file, 'utf-8')).toBe(text);
    });

    it('a CommonJS library under an ES-module root gets an eslint.config.mjs', async () => {
      const tree = createIntegratedWorkspace();
      addEslint(tree, { format: 'js' });
      updateJson(tree, 'package.json', (pkg) => ({ ...pkg, type: 'module' }));
      await generate(tree);
      expect(eslintFilesUnder(tree, 'libs/tasks-events')).toEqual([
        'libs/tasks-events/eslint.config.mjs',
      ]);
      expect(tree.read('libs/tasks-events/eslint.config.mjs', 'utf-8')).toBe(
        "import baseConfig from '../../eslint.config.js';\n\nexport default [...baseConfig];\n",
      );
    });
  });

  it('a library in a deeper folder points back to the root config', async () => {
    const tree = createIntegratedWorkspace();
    addEslint(tree);
    await generate(tree, { directory: 'libs/events/tasks' });
    expect(tree.read('libs/events/tasks/eslint.config.mjs', 'utf-8')).toBe(
      "import baseConfig from '../../../eslint.config.mjs';\n\nexport default [...baseConfig];\n",
    );
  });

  it('re-running the command changes nothing', async () => {
    const tree = createIntegratedWorkspace();
    addEslint(tree, { plugin: false });
    await generate(tree);
    const before = changedFiles(tree);
    await generate(tree);
    expect(changedFiles(tree)).toEqual(before);
  });
});
