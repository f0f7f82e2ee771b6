import { readJson, readNxJson, type Tree } from '@nx/devkit';

/**
 * How the workspace wires libraries together, detected the way @nx/js does it:
 * - `ts-solution`: package-manager workspaces + TS project references (create-nx-workspace
 *   --preset=ts): projects are packages with an `nx` key, imported by package name.
 * - `integrated`: tsconfig.base.json `paths` and project.json files (--preset=apps).
 */
export type WorkspaceStyle = 'ts-solution' | 'integrated';

export function detectWorkspaceStyle(tree: Tree): WorkspaceStyle {
  return usesPackageManagerWorkspaces(tree) && hasTsSolutionConfig(tree)
    ? 'ts-solution'
    : 'integrated';
}

export function usesPackageManagerWorkspaces(tree: Tree): boolean {
  if (tree.exists('pnpm-workspace.yaml')) {
    return /^packages\s*:/m.test(tree.read('pnpm-workspace.yaml', 'utf-8') ?? '');
  }
  return tree.exists('package.json') && !!readJson(tree, 'package.json').workspaces;
}

/** Root tsconfig.json is a solution file over tsconfig.base.json with `composite`. */
function hasTsSolutionConfig(tree: Tree): boolean {
  if (!tree.exists('tsconfig.base.json') || !tree.exists('tsconfig.json')) return false;
  const solution = readJson(tree, 'tsconfig.json');
  if (solution.extends !== './tsconfig.base.json') return false;
  if (!solution.files && !solution.include) return false;
  if (solution.files?.length > 0 || solution.include?.length > 0) return false;
  const base = readJson(tree, 'tsconfig.base.json').compilerOptions ?? {};
  return !!base.composite && base.declaration !== false;
}

/** Glob patterns of package-manager workspaces (`packages/*`), npm/yarn or pnpm. */
export function workspacePatterns(tree: Tree): string[] {
  if (tree.exists('pnpm-workspace.yaml')) {
    const text = tree.read('pnpm-workspace.yaml', 'utf-8') ?? '';
    const block = text.split(/^packages\s*:/m)[1] ?? '';
    return [...block.matchAll(/^\s+-\s+['"]?([^'"\n]+)['"]?\s*$/gm)].map((m) => m[1]);
  }
  if (!tree.exists('package.json')) return [];
  const workspaces = readJson(tree, 'package.json').workspaces;
  return Array.isArray(workspaces) ? workspaces : (workspaces?.packages ?? []);
}

/** True when `dir/package.json` matches a workspace pattern (`packages/*`, `libs/**`). */
export function isInWorkspacePatterns(tree: Tree, dir: string): boolean {
  return workspacePatterns(tree).some((pattern) => {
    const re = pattern
      .replace(/\/+$/, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*/g, '\u0000')
      .replace(/\*/g, '[^/]+')
      // eslint-disable-next-line no-control-regex -- NUL stands in for ** (no path holds one)
      .replace(/\u0000/g, '.+');
    return new RegExp(`^${re}$`).test(dir);
  });
}

/** Folder new libraries go to: the first `<dir>/*` workspace pattern, nx.json libsDir, or a default. */
export function librariesFolder(tree: Tree, style: WorkspaceStyle): string {
  if (style === 'ts-solution') {
    const patterns = workspacePatterns(tree);
    const preferred = ['packages/*', 'libs/*'].find((p) => patterns.includes(p));
    const anyStar = patterns.find((p) => /^[\w.-]+\/\*$/.test(p));
    return (preferred ?? anyStar ?? 'packages/*').slice(0, -2);
  }
  return readNxJson(tree)?.workspaceLayout?.libsDir ?? 'libs';
}

/** `@wsts/source` -> `wsts`; undefined when the root package has no scope. */
export function npmScope(tree: Tree): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const name: string | undefined = readJson(tree, 'package.json').name;
  return name?.startsWith('@') ? name.slice(1).split('/')[0] : undefined;
}

/** The import condition that resolves workspace packages to their TS sources (`@wsts/source`). */
export function customCondition(tree: Tree): string | undefined {
  if (!tree.exists('tsconfig.base.json')) return undefined;
  const conditions = readJson(tree, 'tsconfig.base.json').compilerOptions?.customConditions;
  return Array.isArray(conditions) ? conditions[0] : undefined;
}

/** Whether nx.json registers a plugin (string or object form), e.g. `@nx/js/typescript`. */
export function hasNxPlugin(tree: Tree, plugin: string): boolean {
  return (readNxJson(tree)?.plugins ?? []).some((p) =>
    typeof p === 'string' ? p === plugin : p.plugin === plugin,
  );
}

/** Relative path from a project folder back to the workspace root: `../../`. */
export function offsetFromRootOf(dir: string): string {
  return dir
    .split('/')
    .filter(Boolean)
    .map(() => '../')
    .join('');
}
