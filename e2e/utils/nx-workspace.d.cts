export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  output: string;
}
export interface RunOptions {
  cwd?: string;
  allowFailure?: boolean;
  env?: Record<string, string>;
  timeoutMs?: number;
}
export interface Workspace {
  root: string;
  run(cmd: string, args: string[], opts?: RunOptions): RunResult;
  nx(args: string[], opts?: RunOptions): RunResult;
  npm(args: string[], opts?: RunOptions): RunResult;
  git(args: string[], opts?: RunOptions): RunResult;
  read(path: string): string;
  readJson<T = any>(path: string): T; // eslint-disable-line @typescript-eslint/no-explicit-any -- callers name T when they care
  /** Creates the missing folders of `path`. */
  write(path: string, text: string): void;
  exists(path: string): boolean;
  snapshot(): string;
  commitAll(message: string): void;
  remove(): void;
}
export const repoRoot: string;
export const packDir: string;
export function run(cmd: string, args: string[], opts?: RunOptions): RunResult;
export function packedTarballs(): { plugin: string; runtime: string };
export function createWorkspace(opts: {
  preset: 'ts' | 'apps';
  name?: string;
  parentDir?: string;
  /** Default: this repository's Nx (root package.json). */
  nxVersion?: string;
  /** The create-nx-workspace to run; default nxVersion. */
  creatorVersion?: string;
  packageManager?: 'npm' | 'pnpm' | 'yarn';
}): Workspace;
export function workspace(root: string): Workspace;
export function installKafkaEvents(ws: Workspace): { plugin: string; runtime: string };
export function workspaceEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
