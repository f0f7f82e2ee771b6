/**
 * A throwaway git repository for specs. Every command carries GIT_CEILING_DIRECTORIES (the folder
 * above the repository), so even a mistake can never reach an enclosing repository such as this
 * project's own.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';

export interface GitRepo {
  dir: string;
  git(args: string[]): string;
  /** Stages everything and commits; returns the new commit. */
  commitAll(message: string): string;
}

export function initGitRepo(dir: string, branch = 'main'): GitRepo {
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(realpathSync(dir)) };
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git(['init', '-q', '-b', branch]);
  const top = git(['rev-parse', '--show-toplevel']).trim();
  if (top !== realpathSync(dir)) throw new Error(`git init in ${dir} made a repository at ${top}`);
  const identity = [
    '-c',
    'user.name=kafka-events spec',
    '-c',
    'user.email=spec@example.com',
    '-c',
    'commit.gpgsign=false',
  ];
  return {
    dir,
    git,
    commitAll: (message) => {
      git(['add', '-A']);
      git([...identity, 'commit', '-q', '--allow-empty', '-m', message]);
      return git(['rev-parse', 'HEAD']).trim();
    },
  };
}
