import type { TargetConfiguration, Tree } from '@nx/devkit';
import { DOMAIN_CONFIG_FILE, type DomainConfig } from '../../../utils/domain-config';
import { formatJson, formatPackageJson } from '../../../utils/json-format';
import { tslibVersion } from '../../../utils/versions';
import { hasNxPlugin, offsetFromRootOf } from '../../../utils/workspace';
import { workspaceSpecifiers } from '../../../utils/workspace-specifiers';
import { runtimeDependencies } from '../../init/lib/dependencies';
import type { NormalizedDomainOptions } from './normalize-options';

/** kafka-events.json, the project definition and the tsconfig files, per workspace style. */
export function writeProjectFiles(
  tree: Tree,
  options: NormalizedDomainOptions,
  config: DomainConfig,
): void {
  const write = (file: string, value: unknown) =>
    tree.write(
      `${options.projectRoot}/${file}`,
      file === 'package.json' ? formatPackageJson(value) : formatJson(value),
    );
  write(DOMAIN_CONFIG_FILE, config);
  const files =
    options.style === 'ts-solution'
      ? tsSolutionFiles(tree, options)
      : integratedFiles(tree, options);
  for (const [file, value] of Object.entries(files)) write(file, value);
}

const testTarget: TargetConfiguration = {
  executor: 'nx:run-commands',
  options: { command: 'jest --config jest.config.cjs', cwd: '{projectRoot}' },
  cache: true,
};

/** At the specifiers the workspace installed (init keeps a root `file:` tarball, for example). */
function dependencies(tree: Tree, projectRoot: string): Record<string, string> {
  return sortKeys(
    workspaceSpecifiers(tree, projectRoot, { ...runtimeDependencies(), tslib: tslibVersion }),
  );
}

/** Like `@nx/js:library --bundler=tsc` in a --preset=ts workspace: a package with an `nx` key. */
function tsSolutionFiles(tree: Tree, options: NormalizedDomainOptions): Record<string, unknown> {
  const base = `${offsetFromRootOf(options.projectRoot)}tsconfig.base.json`;
  // @nx/js/typescript infers build and typecheck from the tsconfig files; without it we say how
  const inferred = hasNxPlugin(tree, '@nx/js/typescript');
  const targets: Record<string, TargetConfiguration> = inferred
    ? { test: testTarget }
    : {
        build: {
          executor: 'nx:run-commands',
          options: { command: 'tsc --build tsconfig.lib.json', cwd: '{projectRoot}' },
          outputs: ['{projectRoot}/dist'],
          dependsOn: ['^build'],
          cache: true,
        },
        typecheck: {
          executor: 'nx:run-commands',
          options: { command: 'tsc --build --emitDeclarationOnly', cwd: '{projectRoot}' },
          dependsOn: ['^typecheck'],
          cache: true,
        },
        test: testTarget,
      };
  const condition = options.customCondition ? { [options.customCondition]: './src/index.ts' } : {};
  return {
    'package.json': {
      name: options.importPath,
      version: '0.0.1',
      private: true,
      type: 'module',
      main: './dist/index.js',
      module: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        './package.json': './package.json',
        '.': {
          ...condition,
          types: './dist/index.d.ts',
          import: './dist/index.js',
          default: './dist/index.js',
        },
      },
      dependencies: dependencies(tree, options.projectRoot),
      nx: { name: options.projectName, tags: options.tags, targets },
    },
    'tsconfig.json': {
      extends: base,
      files: [],
      include: [],
      references: [{ path: './tsconfig.lib.json' }, { path: './tsconfig.spec.json' }],
    },
    'tsconfig.lib.json': {
      extends: base,
      compilerOptions: {
        rootDir: 'src',
        outDir: 'dist',
        tsBuildInfoFile: 'dist/tsconfig.lib.tsbuildinfo',
        emitDeclarationOnly: false,
        forceConsistentCasingInFileNames: true,
        types: ['node'],
      },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/**/*.test.ts'],
      references: [],
    },
    'tsconfig.spec.json': {
      extends: base,
      compilerOptions: { outDir: './out-tsc/jest', types: ['jest', 'node'] },
      include: ['src/**/*.test.ts', 'src/**/*.spec.ts', 'src/**/*.d.ts'],
      references: [{ path: './tsconfig.lib.json' }],
    },
  };
}

/** Like `@nx/js:library --bundler=tsc` in an integrated workspace: project.json + paths. */
function integratedFiles(tree: Tree, options: NormalizedDomainOptions): Record<string, unknown> {
  const root = options.projectRoot;
  const offset = offsetFromRootOf(root);
  return {
    'project.json': {
      name: options.projectName,
      $schema: `${offset}node_modules/nx/schemas/project-schema.json`,
      sourceRoot: `${root}/src`,
      projectType: 'library',
      tags: options.tags,
      targets: {
        build: {
          executor: '@nx/js:tsc',
          outputs: ['{options.outputPath}'],
          options: {
            outputPath: `dist/${root}`,
            main: `${root}/src/index.ts`,
            tsConfig: `${root}/tsconfig.lib.json`,
            assets: [`${root}/*.md`],
          },
        },
        typecheck: {
          executor: 'nx:run-commands',
          options: {
            commands: ['tsc -p tsconfig.lib.json --noEmit', 'tsc -p tsconfig.spec.json --noEmit'],
            parallel: false,
            cwd: '{projectRoot}',
          },
          cache: true,
        },
        test: testTarget,
      },
    },
    'package.json': {
      name: options.importPath,
      version: '0.0.1',
      private: true,
      type: 'commonjs',
      main: './src/index.js',
      types: './src/index.d.ts',
      dependencies: dependencies(tree, options.projectRoot),
    },
    'tsconfig.json': {
      extends: `${offset}tsconfig.base.json`,
      compilerOptions: {
        module: 'commonjs',
        forceConsistentCasingInFileNames: true,
        strict: true,
        importHelpers: true,
        noImplicitOverride: true,
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        noPropertyAccessFromIndexSignature: true,
      },
      files: [],
      include: [],
      references: [{ path: './tsconfig.lib.json' }, { path: './tsconfig.spec.json' }],
    },
    'tsconfig.lib.json': {
      extends: './tsconfig.json',
      compilerOptions: { outDir: `${offset}dist/out-tsc`, declaration: true, types: ['node'] },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/**/*.test.ts'],
    },
    'tsconfig.spec.json': {
      extends: './tsconfig.json',
      compilerOptions: { outDir: `${offset}dist/out-tsc`, types: ['jest', 'node'] },
      include: ['src/**/*.test.ts', 'src/**/*.spec.ts', 'src/**/*.d.ts'],
    },
  };
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
