/**
 * Where the committed snapshots are read from: the working tree, or a git ref (`--base main`),
 * which is what CI should compare against so a regenerated snapshot cannot hide a break.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractInputError } from './errors';

export interface Baseline {
  /** How reports name the snapshot file, e.g. `libs/tasks-events/schemas/x.json` or `main:libs/...`. */
  label(path: string): string;
  /** Text of `path` (relative to the project root), or undefined when it does not exist there. */
  read(path: string): string | undefined;
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
  };
}

export function gitBaseline(projectRoot: string, ref: string): Baseline {
  const git = (args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim();
    throw new ContractInputError(projectRoot, `--base ${ref}: not a commit in this git repository${detail ? ` (${detail})` : ''}`);
  }
  // one listing instead of a failing `git show` per new file
  const listed = new Set(
    git(['ls-tree', '-r', '--name-only', '--full-name', ref, '--', '.'])
      .split('\n')
      .filter(Boolean),
  );
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  return {
    label: (path) => `${ref}:${join(projectRoot, path)}`,
    read: (path) => (listed.has(`${prefix}${path}`) ? git(['show', `${ref}:./${path}`]) : undefined),
  };
}
