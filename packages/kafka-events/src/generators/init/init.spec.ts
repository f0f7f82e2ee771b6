import { readJson, writeJson, type Tree } from '@nx/devkit';
import { pluginVersion } from '../../utils/versions';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { initGenerator } from './init';

describe('init generator', () => {
  let tree: Tree;

  describe('in a TS-solution workspace', () => {
    beforeEach(() => (tree = createTsSolutionWorkspace()));

    it('adds the runtime dependencies and the test toolchain', async () => {
      await initGenerator(tree, { skipFormat: true });
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies).toEqual({
        '@kafka-events/runtime': `^${pluginVersion()}`,
        kafkajs: '2.2.4',
        zod: '^4.6.7',
      });
      expect(pkg.devDependencies).toMatchObject({
        '@swc/core': '~1.15.8',
        '@swc/jest': '~0.2.39',
        '@types/jest': '^30.0.0',
        jest: '~30.3.0',
        tslib: '^2.3.0',
      });
    });

    it('keeps the TypeScript and @types/node the workspace already has', async () => {
      const before = readJson(tree, 'package.json').devDependencies;
      await initGenerator(tree, { skipFormat: true, keepExistingVersions: false });
      const after = readJson(tree, 'package.json').devDependencies;
      expect(after.typescript).toBe(before.typescript);
      expect(after['@types/node']).toBe(before['@types/node']);
    });

    it('keeps versions already present, such as a file: tarball', async () => {
      const tarball = 'file:dist/pack/kafka-events-runtime-0.3.0.tgz';
      writeJson(tree, 'package.json', {
        ...readJson(tree, 'package.json'),
        dependencies: { '@kafka-events/runtime': tarball, zod: '4.1.0' },
      });
      await initGenerator(tree, { skipFormat: true });
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies['@kafka-events/runtime']).toBe(tarball);
      expect(pkg.dependencies.zod).toBe('4.1.0');
    });

    it('does not create tsconfig.base.json paths or @nx/js in a TS-solution workspace', async () => {
      const base = tree.read('tsconfig.base.json', 'utf-8');
      await initGenerator(tree, { skipFormat: true });
      expect(tree.read('tsconfig.base.json', 'utf-8')).toBe(base);
    });

    it('changes nothing but the nx.json plugin registration with skipPackageJson, and returns a no-op task', async () => {
      const { 'nx.json': _nxJson, ...before } = changedFiles(tree);
      const task = await initGenerator(tree, { skipFormat: true, skipPackageJson: true });
      const { 'nx.json': nxJson, ...after } = changedFiles(tree);
      expect(after).toEqual(before);
      expect(JSON.parse(nxJson ?? '{}').plugins).toContainEqual({ plugin: 'kafka-events/plugin' });
      expect(await task()).toBeUndefined();
    });

    it('is idempotent', async () => {
      await initGenerator(tree, { skipFormat: true });
      const once = tree.read('package.json', 'utf-8');
      await initGenerator(tree, { skipFormat: true });
      expect(tree.read('package.json', 'utf-8')).toBe(once);
    });
  });

  describe('registering the inference plugin', () => {
    beforeEach(() => (tree = createTsSolutionWorkspace()));
    afterEach(() => delete process.env.NX_ADD_PLUGINS);
    const plugins = () => readJson(tree, 'nx.json').plugins;

    it('adds the light entry { plugin: "kafka-events/plugin" } to nx.json once, after the existing plugins', async () => {
      await initGenerator(tree, { skipFormat: true });
      await initGenerator(tree, { skipFormat: true });
      expect(plugins()).toEqual([
        expect.objectContaining({ plugin: '@nx/js/typescript' }),
        { plugin: 'kafka-events/plugin' },
      ]);
    });

    it.each(['kafka-events/plugin', 'kafka-events'])(
      'keeps a registration the user already configured (%s)',
      async (plugin) => {
        writeJson(tree, 'nx.json', {
          plugins: [{ plugin, options: { compatTargetName: 'compat' } }],
        });
        await initGenerator(tree, { skipFormat: true });
        expect(plugins()).toEqual([{ plugin, options: { compatTargetName: 'compat' } }]);
      },
    );

    it('respects NX_ADD_PLUGINS=false and useInferencePlugins: false', async () => {
      process.env.NX_ADD_PLUGINS = 'false';
      await initGenerator(tree, { skipFormat: true });
      expect(plugins()).toHaveLength(1);
      delete process.env.NX_ADD_PLUGINS;
      writeJson(tree, 'nx.json', { useInferencePlugins: false, plugins: [] });
      await initGenerator(tree, { skipFormat: true });
      expect(plugins()).toEqual([]);
    });
  });

  describe('in an integrated workspace', () => {
    beforeEach(() => (tree = createIntegratedWorkspace()));

    it('creates tsconfig.base.json like @nx/js and adds TypeScript', async () => {
      await initGenerator(tree, { skipFormat: true });
      const base = readJson(tree, 'tsconfig.base.json');
      expect(base.compilerOptions).toMatchObject({ moduleResolution: 'bundler', paths: {} });
      const dev = readJson(tree, 'package.json').devDependencies;
      expect(dev).toMatchObject({ typescript: '~6.0.3', '@types/node': '^22.0.0' });
    });

    it('keeps an existing tsconfig.base.json', async () => {
      writeJson(tree, 'tsconfig.base.json', { compilerOptions: { paths: { a: ['b'] } } });
      await initGenerator(tree, { skipFormat: true });
      expect(readJson(tree, 'tsconfig.base.json')).toEqual({
        compilerOptions: { paths: { a: ['b'] } },
      });
    });

    it('adds @nx/js at the version of nx when it is missing (its tsc executor builds the library)', async () => {
      writeJson(tree, 'package.json', { name: '@x/source', devDependencies: { nx: '23.2.1' } });
      await initGenerator(tree, { skipFormat: true });
      expect(readJson(tree, 'package.json').devDependencies['@nx/js']).toBe('23.2.1');
    });
  });
});
