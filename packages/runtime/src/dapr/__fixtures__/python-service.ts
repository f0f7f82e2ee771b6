/**
 * The Python side of python.daprd.spec.ts: the module `nx g kafka-events:python` generates for a
 * domain (rendered at test time by the plugin's own generators into a temporary folder, never
 * committed), the repository's venv python (tools/python/venv.cjs: pinned Pydantic, httpx,
 * uvicorn), Python scripts run to completion and ASGI apps served by uvicorn, a real ASGI server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

const REPO = path.resolve(__dirname, '../../../../..');
/** The Python files of the specs: task_publisher.py, task_subscriber.py. */
export const PYTHON_FIXTURES = path.join(__dirname, 'python');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const venv = require(path.join(REPO, 'tools/python/venv.cjs')) as { ensurePythonEnv(): string };

type Generator = (tree: unknown, options: Record<string, unknown>) => Promise<unknown>;
interface PluginModules {
  createTsSolutionWorkspace(): { read(file: string, encoding: 'utf-8'): string | null };
  domainGenerator: Generator;
  pythonGenerator: Generator;
}
// The plugin's own generators, compiled by jest: it is a sibling package, not a dependency.
const PLUGIN_FILES = ['testing/workspaces.ts', 'domain/domain.ts', 'python/python.ts'];
const pluginModules = (): PluginModules =>
  Object.assign(
    {},
    ...PLUGIN_FILES.map((file) =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(REPO, 'packages/kafka-events/src/generators', file)),
    ),
  ) as PluginModules;

export interface GeneratedPythonModule {
  /** The folder holding the module (and its pytest file): the services' PYTHONPATH. */
  readonly dir: string;
  /** The module's file name, e.g. task_events.py. */
  readonly file: string;
  readonly text: string;
}

/**
 * `nx g kafka-events:domain <domain> --topic <topic>` then
 * `nx g kafka-events:python <domain> --output py/<entity>_events.py` in an in-memory workspace
 * (`--preset=ts`); the module and its pytest file are written to a new temporary folder.
 */
export async function generatePythonModule(spec: {
  readonly domain: string;
  readonly entity: string;
  readonly topic: string;
}): Promise<GeneratedPythonModule> {
  const { createTsSolutionWorkspace, domainGenerator, pythonGenerator } = pluginModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { logger } = require('@nx/devkit') as { logger: { info(...args: unknown[]): void } };
  const tree = createTsSolutionWorkspace();
  const file = `${spec.entity}_events.py`;
  const info = logger.info;
  logger.info = () => undefined; // the generators' "Wrote ..." lines
  try {
    await domainGenerator(tree, { name: spec.domain, topic: spec.topic, skipFormat: true });
    await pythonGenerator(tree, { domain: spec.domain, output: `py/${file}`, skipFormat: true });
  } finally {
    logger.info = info;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-events-python-dapr-'));
  let text = '';
  for (const name of [file, `test_${file}`]) {
    const content = tree.read(`py/${name}`, 'utf-8');
    if (content === null) throw new Error(`nx g kafka-events:python did not write py/${name}`);
    fs.writeFileSync(path.join(dir, name), content);
    if (name === file) text = content;
  }
  return { dir, file, text };
}

/** The venv's python (installed from tools/python/requirements.txt on first use). */
export const venvPython = (): string => venv.ensurePythonEnv();

const pythonEnv = (moduleDir: string, env: Readonly<Record<string, string>>) => ({
  ...process.env,
  // the fixtures folder is in the repository: no __pycache__ there
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONUNBUFFERED: '1',
  PYTHONPATH: [moduleDir, PYTHON_FIXTURES].join(path.delimiter),
  ...env,
});

/** Runs a fixture script to its end; resolves to its stdout, rejects with its output. */
export function runPythonScript(
  script: string,
  options: {
    readonly moduleDir: string;
    readonly args?: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      venvPython(),
      [path.join(PYTHON_FIXTURES, script), ...(options.args ?? [])],
      { env: pythonEnv(options.moduleDir, options.env ?? {}), timeout: 60_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`python ${script} failed (${error.message}):\n${stdout}${stderr}`))
          : resolve(stdout),
    );
  });
}

export interface PythonService {
  readonly port: number;
  readonly url: string;
  /** Everything the process printed so far (uvicorn logs to stderr). */
  readonly output: () => string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set<ChildProcess>();
// a crashed run must not leave servers behind (tools/dapr does the same for sidecars)
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/**
 * `python -m uvicorn <app>` (e.g. `task_subscriber:app`) on a free port of 127.0.0.1; resolves
 * once it answers HTTP. `stop()` is SIGTERM (uvicorn's graceful shutdown), SIGKILL after 5 s.
 */
export async function startPythonService(
  app: string,
  options: { readonly moduleDir: string; readonly env?: Readonly<Record<string, string>> },
): Promise<PythonService> {
  const port = await freePort();
  const child = spawn(
    venvPython(),
    [
      ...['-m', 'uvicorn', app, '--host', '127.0.0.1', '--port', String(port)],
      ...['--log-level', 'warning', '--no-access-log', '--lifespan', 'off'],
    ],
    { env: pythonEnv(options.moduleDir, options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!children.has(child)) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!children.has(child)) throw new Error(`${app} exited during start:\n${output}`);
    const up = await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${app} did not answer on ${url} within 30 s:\n${output}`);
    }
    await sleep(100);
  }
  return { port, url, output: () => output, stop };
}

/** The JSON lines a Python app appended to `file` (none when it has not written it yet). */
export function readJsonLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
