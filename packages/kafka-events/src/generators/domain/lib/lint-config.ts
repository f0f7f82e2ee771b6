/**
 * ESLint for an event library, as `@nx/js:library --linter=eslint` sets it up in a flat-config
 * workspace: `eslint.config.<ext>` in the library spreading the root config, and an explicit
 * `lint` target only when `@nx/eslint/plugin` (which infers one) is not registered. Workspaces
 * without a root flat config are left alone. Used by the domain generator and the 0.2.0
 * migration, so both write the same thing.
 */
import { logger, readJson, type TargetConfiguration, type Tree } from '@nx/devkit';
import { formatJson, formatPackageJson } from '../../../utils/json-format';
import { hasNxPlugin, offsetFromRootOf } from '../../../utils/workspace';

/** The root flat-config files ESLint 9+ looks for, in its lookup order. */
const ROOT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'] as const;
/** A library's own flat config in any format ESLint reads (TypeScript ones since 9.18). */
const LIBRARY_CONFIGS = [
  ...ROOT_CONFIGS,
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
];

export const ESLINT_PLUGIN = '@nx/eslint/plugin';
const ESLINT_EXECUTOR = '@nx/eslint:lint';

export interface LibraryLintResult {
  /** The config file written, or undefined when the workspace has no ESLint or it existed. */
  configFile?: string;
  /** Set when the library has no lint target and the user should add @nx/eslint. */
  hint?: string;
}

/** The workspace's root flat config (`eslint.config.mjs`), if any. */
export function rootEslintConfig(tree: Tree): string | undefined {
  return ROOT_CONFIGS.find((file) => tree.exists(file));
}

/**
 * Gives the library at `projectRoot` an ESLint config extending the root one and, when nothing
 * infers it, a `lint` target. A library that already has a flat config keeps it unchanged.
 */
export function addLintToLibrary(tree: Tree, projectRoot: string): LibraryLintResult {
  const root = rootEslintConfig(tree);
  if (!root) return {};
  const existing = LIBRARY_CONFIGS.map((f) => `${projectRoot}/${f}`).find((f) => tree.exists(f));
  let configFile: string | undefined;
  if (!existing) {
    const { file, text } = libraryConfig(tree, projectRoot, root);
    tree.write(file, text);
    configFile = file;
  }
  if (hasNxPlugin(tree, ESLINT_PLUGIN)) return { configFile };
  if (!declaresPackage(tree, '@nx/eslint')) {
    return {
      configFile,
      hint:
        `${projectRoot}: ESLint is configured (${root}) but no lint target was added: ` +
        `${ESLINT_PLUGIN} is not registered in nx.json and @nx/eslint is not installed. ` +
        `Run "nx add @nx/eslint" to lint the library with "nx lint".`,
    };
  }
  addTarget(tree, projectRoot, 'lint', { executor: ESLINT_EXECUTOR });
  return { configFile };
}

/** Logs a result's hint; the generator and the migration report it the same way. */
export function reportLintResult(result: LibraryLintResult): void {
  if (result.hint) logger.warn(result.hint);
}

/**
 * The library's config, in the root file's module format so the two never mix. A root
 * `eslint.config.js` means "whatever the package's `type` says", so there the library's own
 * package.json decides; a CommonJS library cannot `require` an ES-module root config, so it gets
 * an `.mjs` file (ES modules can import either).
 */
function libraryConfig(
  tree: Tree,
  projectRoot: string,
  root: string,
): { file: string; text: string } {
  const path = `${offsetFromRootOf(projectRoot)}${root}`;
  let esm: boolean;
  let ext: string;
  if (root.endsWith('.mjs')) [esm, ext] = [true, 'mjs'];
  else if (root.endsWith('.cjs')) [esm, ext] = [false, 'cjs'];
  else {
    const libraryEsm = packageType(tree, projectRoot) === 'module';
    const rootEsm = packageType(tree, '.') === 'module';
    esm = libraryEsm || rootEsm;
    ext = esm === libraryEsm ? 'js' : 'mjs';
  }
  const text = esm
    ? `import baseConfig from '${path}';\n\nexport default [...baseConfig];\n`
    : `const baseConfig = require('${path}');\n\nmodule.exports = [...baseConfig];\n`;
  return { file: `${projectRoot}/eslint.config.${ext}`, text };
}

function packageType(tree: Tree, dir: string): string | undefined {
  const file = dir === '.' ? 'package.json' : `${dir}/package.json`;
  return tree.exists(file) ? readJson(tree, file).type : undefined;
}

function declaresPackage(tree: Tree, name: string): boolean {
  if (!tree.exists('package.json')) return false;
  const pkg = readJson(tree, 'package.json');
  return ['dependencies', 'devDependencies'].some((section) => pkg[section]?.[name] !== undefined);
}

/**
 * Adds a target to project.json, or to the `nx` key of package.json for a TS-solution package,
 * keeping a target of that name the user already has.
 */
function addTarget(
  tree: Tree,
  projectRoot: string,
  name: string,
  target: TargetConfiguration,
): void {
  const projectJson = `${projectRoot}/project.json`;
  const file = tree.exists(projectJson) ? projectJson : `${projectRoot}/package.json`;
  if (!tree.exists(file)) return;
  const json = readJson(tree, file);
  const holder = file === projectJson ? json : (json.nx ??= {});
  holder.targets ??= {};
  if (holder.targets[name]) return;
  holder.targets[name] = target;
  tree.write(file, file === projectJson ? formatJson(json) : formatPackageJson(json));
}
