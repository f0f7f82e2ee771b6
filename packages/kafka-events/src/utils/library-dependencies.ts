/**
 * The dependencies an event library's own package.json declares (npm/pnpm/yarn workspaces give
 * each library one). Migrations keep them in step with the plugin: under npm workspaces a
 * library range that excludes the installed runtime makes npm install a second, older copy of
 * the runtime for that library alone.
 */
import { readJson, type Tree } from '@nx/devkit';
import { formatPackageJson } from './json-format';
import { runtimeVersion } from './versions';
import { workspaceSpecifiers } from './workspace-specifiers';

export const RUNTIME_PACKAGE = '@kafka-events/runtime';

/** `^0.1.0` vs `^0.2.0`: true when `range` is a plain (^, ~ or exact) version below `wanted`'s. */
export function isOlderRange(range: string, wanted: string): boolean {
  const parse = (spec: string) =>
    /^[\^~]?(\d+)\.(\d+)\.(\d+)$/.exec(spec.trim())?.slice(1).map(Number);
  const current = parse(range);
  const target = parse(wanted);
  if (!current || !target) return false;
  for (let i = 0; i < 3; i++) {
    if (current[i] !== target[i]) return current[i]! < target[i]!;
  }
  return false;
}

export function declaresDependency(
  pkg: Record<string, Record<string, string> | undefined>,
  name: string,
): boolean {
  return ['dependencies', 'devDependencies', 'peerDependencies'].some(
    (section) => pkg[section]?.[name] !== undefined,
  );
}

/**
 * Updates `<root>/package.json` dependencies with `change` (which edits a copy) and writes the
 * file, sorted and formatted, only when something changed. Returns whether it wrote.
 */
export function updateLibraryDependencies(
  tree: Tree,
  root: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- package.json: any JSON
  change: (dependencies: Record<string, string>, pkg: Record<string, any>) => void,
): boolean {
  const path = `${root}/package.json`;
  if (!tree.exists(path)) return false;
  const pkg = readJson(tree, path);
  const dependencies: Record<string, string> = { ...(pkg.dependencies ?? {}) };
  change(dependencies, pkg);
  if (JSON.stringify(dependencies) === JSON.stringify(pkg.dependencies ?? {})) return false;
  const sorted = Object.fromEntries(
    Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)),
  );
  tree.write(path, formatPackageJson({ ...pkg, dependencies: sorted }));
  return true;
}

/**
 * Raises the library's runtime range when it is a plain version below this plugin's (file:,
 * workspace: stay), to `to`: the workspace's own specifier (see workspaceRuntimeSpecifier), or
 * this plugin's range when that is older too.
 */
export function raiseRuntimeRange(
  dependencies: Record<string, string>,
  to: string = runtimeVersion(),
): void {
  const range = dependencies[RUNTIME_PACKAGE];
  if (range !== undefined && isOlderRange(range, runtimeVersion())) {
    dependencies[RUNTIME_PACKAGE] = isOlderRange(to, runtimeVersion()) ? runtimeVersion() : to;
  }
}

/**
 * The runtime specifier the library at `root` should declare: the root package.json's (a pnpm
 * workspace that installed the tarball must not have its library ask the registry), else ours.
 */
export function workspaceRuntimeSpecifier(tree: Tree, root: string): string {
  return workspaceSpecifiers(tree, root, { [RUNTIME_PACKAGE]: runtimeVersion() })[RUNTIME_PACKAGE]!;
}
