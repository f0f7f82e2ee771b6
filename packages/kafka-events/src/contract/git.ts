/** The few git plumbing calls the baseline needs, run without a shell at a given folder. */
import { execFileSync } from 'node:child_process';
import { KafkaEventsPluginError } from '../errors/plugin-error';

/** Exit status non-zero, or git missing: `stderr` says why. */
export class GitCommandError extends KafkaEventsPluginError {
  override name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    /** git itself could not be started (not installed, not on PATH). */
    readonly notInstalled: boolean,
  ) {
    super('GIT', `git ${args.join(' ')}: ${stderr || 'failed'}`);
  }
}

export function git(cwd: string, args: readonly string[]): string {
  try {
    // env passed on purpose: under jest, `process.env` is the test's copy, not the real one
    return execFileSync('git', args, {
      cwd,
      env: process.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    throw new GitCommandError(
      args,
      String(failure.stderr ?? failure.message).trim(),
      failure.code === 'ENOENT',
    );
  }
}

/** The commit `ref` names, or undefined when it names none (unknown ref, empty repository). */
export function commitOf(cwd: string, ref: string): string | undefined {
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch (error) {
    if (error instanceof GitCommandError && !error.notInstalled) return undefined;
    throw error;
  }
}
