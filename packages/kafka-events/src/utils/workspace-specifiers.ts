import { readJson, type Tree } from '@nx/devkit';
import { posix } from 'node:path';

/**
 * The specifier the root package.json declares for `name` (dependencies first, then
 * devDependencies), or undefined. Init keeps these (a `file:` tarball, a pinned range, a
 * `workspace:` spec), so they are how this workspace installs the package.
 */
export function rootSpecifier(tree: Tree, name: string): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const pkg = readJson(tree, 'package.json');
  return pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
}

/**
 * `specifiers` as the package at `packageRoot` should declare them: the root's specifier where
 * the root has one, else the given default. npm, pnpm and yarn resolve a relative `file:`,
 * `link:` or `portal:` path from the package.json that holds it, so a root path is rebased.
 * (A library asking the registry for `^0.3.0` while the root installed a tarball is what failed
 * with ERR_PNPM_FETCH_404 in pnpm workspaces.)
 */
export function workspaceSpecifiers(
  tree: Tree,
  packageRoot: string,
  specifiers: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(specifiers).map(([name, fallback]) => {
      const fromRoot = rootSpecifier(tree, name);
      return [name, fromRoot === undefined ? fallback : rebase(fromRoot, packageRoot)];
    }),
  );
}

const LOCAL_PATH = /^(file:|link:|portal:)(.*)$/;

function rebase(specifier: string, packageRoot: string): string {
  const match = LOCAL_PATH.exec(specifier);
  if (!match) return specifier;
  const [, protocol, path] = match as unknown as [string, string, string];
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('//')) {
    return specifier;
  }
  const rebased = posix.relative(packageRoot, posix.normalize(path.replace(/\\/g, '/')));
  return `${protocol}${rebased.startsWith('.') ? rebased : `./${rebased}`}`;
}
