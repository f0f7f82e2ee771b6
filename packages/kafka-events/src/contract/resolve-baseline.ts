/**
 * Which snapshots `check` compares with: those published on the default branch, like
 * `buf breaking --against '.git#branch=main'`. A ref asked for explicitly (`--base`, `NX_BASE`)
 * must exist; the implied default branch may not yet (a new repository, no git at all), and then
 * the working tree is used and the report says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BASE_ENV, defaultBaseCandidates, defaultBaseOf, type NxJsonBase } from './base-ref';
import { workingTreeBaseline, gitBaseline, type Baseline } from './baseline';
import { ContractInputError } from './errors';
import { commitOf, git, GitCommandError } from './git';
import { loadTypeScript } from './ts-module-loader';

export type BaseSource = '--base' | typeof BASE_ENV | 'defaultBase';

export interface ResolvedBaseline {
  baseline: Baseline;
  /** The published snapshots' ref and commit; absent when the working tree is used. */
  git?: { ref: string; commit: string; source: BaseSource };
  /** Why the working tree is used (absent when git is). */
  fallbackReason?: string;
}

export interface BaselineRequest {
  /** `--base <ref>` */
  base?: string;
  env: NodeJS.ProcessEnv;
}

export function resolveBaseline(projectRoot: string, request: BaselineRequest): ResolvedBaseline {
  const explicit = explicitRef(request);
  const repo = repositoryAt(projectRoot);
  if (explicit) {
    const what =
      explicit.source === '--base' ? `--base ${explicit.ref}` : `${BASE_ENV}=${explicit.ref}`;
    if ('reason' in repo)
      throw new ContractInputError(
        projectRoot,
        `${what}: cannot read the published snapshots: ${repo.reason}`,
      );
    const commit = commitOf(projectRoot, explicit.ref);
    if (!commit)
      throw new ContractInputError(
        projectRoot,
        `${what}: not a commit in this git repository (fetch it, e.g. actions/checkout with fetch-depth: 0)`,
      );
    return atCommit(projectRoot, repo.prefix, { ...explicit, commit });
  }
  if ('reason' in repo) return workingTree(projectRoot, repo.reason);
  const defaultBase = defaultBaseOf(readNxJson(projectRoot));
  const candidates = defaultBaseCandidates(defaultBase);
  for (const ref of candidates) {
    const commit = commitOf(projectRoot, ref);
    if (commit) return atCommit(projectRoot, repo.prefix, { ref, commit, source: 'defaultBase' });
  }
  return workingTree(
    projectRoot,
    `no commit ${candidates.join(' or ')} in this git repository yet`,
  );
}

function explicitRef(request: BaselineRequest): { ref: string; source: BaseSource } | undefined {
  if (request.base !== undefined) return { ref: request.base, source: '--base' };
  const fromEnv = request.env[BASE_ENV]?.trim();
  return fromEnv ? { ref: fromEnv, source: BASE_ENV } : undefined;
}

function atCommit(
  projectRoot: string,
  prefix: string,
  at: NonNullable<ResolvedBaseline['git']>,
): ResolvedBaseline {
  return { baseline: gitBaseline(projectRoot, prefix, at.ref, at.commit), git: at };
}

function workingTree(projectRoot: string, reason: string): ResolvedBaseline {
  return { baseline: workingTreeBaseline(projectRoot), fallbackReason: reason };
}

/** The project root's path inside its repository, or why there is no repository. */
function repositoryAt(projectRoot: string): { prefix: string } | { reason: string } {
  try {
    return { prefix: git(projectRoot, ['rev-parse', '--show-prefix']).trim() };
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    return { reason: error.notInstalled ? 'git is not installed' : 'not in a git repository' };
  }
}

/** The nearest nx.json above the project (Nx reads it as JSON with comments); undefined when none. */
function readNxJson(projectRoot: string): NxJsonBase | undefined {
  for (let dir = resolve(projectRoot); ; dir = dirname(dir)) {
    const file = join(dir, 'nx.json');
    if (existsSync(file)) return parseJsonWithComments(file);
    if (dirname(dir) === dir) return undefined;
  }
}

function parseJsonWithComments(file: string): NxJsonBase {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as NxJsonBase;
  } catch {
    // comments or trailing commas: TypeScript's tsconfig parser reads those, as Nx does
    const parsed = loadTypeScript(dirname(file)).parseConfigFileTextToJson?.(file, text);
    if (parsed && !parsed.error && typeof parsed.config === 'object' && parsed.config !== null)
      return parsed.config as NxJsonBase;
    throw new ContractInputError(
      file,
      'invalid JSON: cannot read "defaultBase" (the branch holding the published snapshots)',
    );
  }
}
