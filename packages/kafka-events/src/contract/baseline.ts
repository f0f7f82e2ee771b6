/**
 * Where the published snapshots are read from: a git commit (normally the default branch, see
 * resolve-baseline.ts), so a snapshot regenerated in the working tree cannot hide a breaking
 * change; or the working tree, when there is no such commit yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractInputError } from './errors';
import { SNAPSHOT_DIR } from './event-versions';
import { git } from './git';

export interface Baseline {
  /** How reports name the snapshot file, e.g. `libs/tasks-events/schemas/x.json` or `origin/main:libs/...`. */
  label(path: string): string;
  /** Text of `path` (relative to the project root), or undefined when it does not exist there. */
  read(path: string): string | undefined;
  /** The `schemas/*.json` files there, relative to the project root, sorted. */
  snapshotFiles(): string[];
}

export function workingTreeBaseline(projectRoot: string): Baseline {
  return {
    label: (path) => join(projectRoot, path),
    read: (path) => {
      try {
        return readFileSync(join(projectRoot, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new ContractInputError(join(projectRoot, path), (error as Error).message);
      }
    },
    snapshotFiles: () => {
      try {
        return snapshotJsonFiles(
          readdirSync(join(projectRoot, SNAPSHOT_DIR)).map((name) => `${SNAPSHOT_DIR}/${name}`),
        );
      } catch {
        return [];
      }
    },
  };
}

/**
 * The project's files at `commit` (which `ref` named when resolved, so every read sees the same
 * tree). `prefix` is the project root relative to the repository root (`git rev-parse --show-prefix`).
 */
export function gitBaseline(
  projectRoot: string,
  prefix: string,
  ref: string,
  commit: string,
): Baseline {
  // one listing, so a file missing at the base costs no failing `git show`
  const files = git(projectRoot, ['ls-tree', '-r', '--name-only', '--full-name', commit, '--', '.'])
    .split('\n')
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length));
  const present = new Set(files);
  return {
    // git's own `<ref>:<path>` syntax, so `git show` accepts the label as printed
    label: (path) => `${ref}:${prefix}${path}`,
    read: (path) =>
      present.has(path) ? git(projectRoot, ['show', `${commit}:${prefix}${path}`]) : undefined,
    snapshotFiles: () => snapshotJsonFiles(files),
  };
}

function snapshotJsonFiles(paths: string[]): string[] {
  return paths
    .filter((path) => /^[^/]+\/[^/]+\.json$/.test(path) && path.startsWith(`${SNAPSHOT_DIR}/`))
    .sort();
}
