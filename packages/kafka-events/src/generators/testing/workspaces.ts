/**
 * In-memory copies of the two workspace styles create-nx-workspace@23.2.1 makes, reduced to the
 * files generators read. Used by specs only.
 */
import { addProjectConfiguration, updateJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

/** `--preset=ts`: npm workspaces, TS project references, @nx/js/typescript plugin. */
export function createTsSolutionWorkspace(options: { typescriptPlugin?: boolean } = {}): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  tree.write('.prettierrc', JSON.stringify({ singleQuote: true }));
  writeJson(tree, 'package.json', {
    name: '@wsts/source',
    version: '0.0.0',
    license: 'MIT',
    private: true,
    dependencies: {},
    devDependencies: {
      '@nx/js': '23.2.1',
      '@types/node': '^22.0.0',
      nx: '23.2.1',
      prettier: '~3.6.2',
      tslib: '^2.3.0',
      typescript: '~6.0.3',
    },
    workspaces: ['packages/*'],
  });
  writeJson(tree, 'nx.json', {
    namedInputs: {
      default: ['{projectRoot}/**/*', 'sharedGlobals'],
      production: ['default'],
      sharedGlobals: [],
    },
    plugins:
      options.typescriptPlugin === false
        ? []
        : [
            {
              plugin: '@nx/js/typescript',
              options: {
                typecheck: { targetName: 'typecheck' },
                build: { targetName: 'build', configName: 'tsconfig.lib.json' },
              },
            },
          ],
  });
  writeJson(tree, 'tsconfig.base.json', {
    compilerOptions: {
      composite: true,
      declarationMap: true,
      emitDeclarationOnly: true,
      importHelpers: true,
      isolatedModules: true,
      lib: ['es2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      noEmitOnError: true,
      noFallthroughCasesInSwitch: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      skipLibCheck: true,
      strict: true,
      target: 'es2022',
      customConditions: ['@wsts/source'],
    },
  });
  writeJson(tree, 'tsconfig.json', {
    extends: './tsconfig.base.json',
    compileOnSave: false,
    files: [],
    references: [],
  });
  return tree;
}

/** `--preset=apps`: integrated, no TypeScript and no tsconfig.base.json until a library exists. */
export function createIntegratedWorkspace(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  tree.delete('tsconfig.base.json');
  writeJson(tree, 'package.json', {
    name: '@wsapps/source',
    version: '0.0.0',
    license: 'MIT',
    private: true,
    dependencies: {},
    devDependencies: { '@nx/js': '23.2.1', '@nx/workspace': '23.2.1', nx: '23.2.1' },
  });
  writeJson(tree, 'nx.json', {
    namedInputs: {
      default: ['{projectRoot}/**/*', 'sharedGlobals'],
      production: ['default'],
      sharedGlobals: [],
    },
  });
  return tree;
}

/** Every file the tree would write, as path -> text (deletions as null). */
export function changedFiles(tree: Tree): Record<string, string | null> {
  return Object.fromEntries(
    tree
      .listChanges()
      .map(
        (c) => [c.path, c.type === 'DELETE' ? null : (c.content?.toString('utf-8') ?? '')] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * ESLint as `nx g @nx/eslint:lint-project` leaves a workspace: a root flat config (what Nx 23
 * writes, in the chosen format), the eslint packages, and by default `@nx/eslint/plugin`.
 */
export function addEslint(
  tree: Tree,
  options: { format?: 'mjs' | 'cjs' | 'js'; plugin?: boolean; nxEslint?: boolean } = {},
): void {
  const { format = 'mjs', plugin = true, nxEslint = true } = options;
  const blocks = [
    "...nx.configs['flat/base']",
    "...nx.configs['flat/typescript']",
    "...nx.configs['flat/javascript']",
    "{ ignores: ['**/dist', '**/out-tsc'] }",
  ].join(',\n  ');
  tree.write(
    `eslint.config.${format}`,
    format === 'cjs'
      ? `const nx = require('@nx/eslint-plugin');\n\nmodule.exports = [\n  ${blocks},\n];\n`
      : `import nx from '@nx/eslint-plugin';\n\nexport default [\n  ${blocks},\n];\n`,
  );
  updateJson(tree, 'package.json', (pkg) => {
    pkg.devDependencies = {
      ...pkg.devDependencies,
      ...(nxEslint ? { '@nx/eslint': '23.2.1' } : {}),
      '@nx/eslint-plugin': '23.2.1',
      eslint: '^9.8.0',
      'typescript-eslint': '^8.58.0',
    };
    return pkg;
  });
  if (plugin) {
    updateJson(tree, 'nx.json', (nx) => {
      nx.plugins = [
        ...(nx.plugins ?? []),
        { plugin: '@nx/eslint/plugin', options: { targetName: 'lint' } },
      ];
      return nx;
    });
  }
}

/** An application at `apps/<name>` (sources in `apps/<name>/src`), as `@nx/node:app` makes one. */
export function addApplication(tree: Tree, name: string): void {
  addProjectConfiguration(tree, name, {
    root: `apps/${name}`,
    sourceRoot: `apps/${name}/src`,
    projectType: 'application',
    targets: {},
  });
}
