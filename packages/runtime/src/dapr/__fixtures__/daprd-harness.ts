/**
 * Helpers of the `*.daprd.spec.ts` specs: the real daprd (tools/dapr) for an app, apps that
 * record every request daprd makes, and the Dapr manifests exactly as `nx g kafka-events:dapr`
 * writes them (generated in memory by the plugin's own generators, then written to disk; only
 * the broker address is substituted when daprd loads them).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { brokers } from '../../kafka/__fixtures__/kafka-harness';

const REPO = path.resolve(__dirname, '../../../../..');

export interface DaprdOptions {
  readonly appId: string;
  /** Omit for a publish-only app. */
  readonly appPort?: number;
  /** The app's manifest folders (read recursively) and files, loaded as they are. */
  readonly manifestDirs?: readonly string[];
  readonly manifestFiles?: readonly string[];
  /** Extra manifests as YAML text. */
  readonly manifests?: readonly string[];
  /** Default: the test broker. */
  readonly brokers?: readonly string[];
  /** daprd's DAPR_API_TOKEN and APP_API_TOKEN. */
  readonly apiToken?: string;
  readonly appApiToken?: string;
  readonly configFile?: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly readyTimeoutMs?: number;
  readonly waitForReady?: boolean;
  readonly extraArgs?: readonly string[];
}

export interface Daprd {
  readonly appId: string;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly url: string;
  readonly running: boolean;
  /** Everything daprd printed so far. */
  readonly output: string;
  /** The last `lines` lines of the log, headed, for failure messages. */
  logTail(lines?: number): string;
  start(): Promise<Daprd>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<Daprd>;
  dispose(): Promise<void>;
  waitForLog(
    pattern: RegExp,
    options?: { timeoutMs?: number; fromIndex?: number },
  ): Promise<RegExpExecArray>;
  waitUntilReady(timeoutMs: number): Promise<void>;
}

interface DaprToolModule {
  startDaprd(options: DaprdOptions & { brokers: readonly string[] }): Promise<Daprd>;
}
// tools/dapr is plain CommonJS shared with the demo and benchmarks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const daprTool = require(path.join(REPO, 'tools/dapr/daprd.cjs')) as DaprToolModule;

/** One request daprd made to an app, and what the app answered. */
export interface AppRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
  readonly reply: string;
}

export interface RecordingApp {
  readonly port: number;
  readonly requests: AppRequest[];
  /** Deliveries (POSTs) only, in arrival order. */
  deliveries(): AppRequest[];
  close(): Promise<void>;
  /** Listens again on the same port after close(). */
  reopen(): Promise<void>;
}

/**
 * Everything a spec starts, stopped in reverse order by `cleanup()` (sidecars before the apps
 * they call). Use one per spec file: `const scope = daprdScope()` registers afterEach.
 */
export function daprdScope() {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function sidecar(options: DaprdOptions): Promise<Daprd> {
    const daprd = await daprTool.startDaprd({ ...options, brokers: options.brokers ?? brokers() });
    cleanups.push(() => daprd.dispose());
    return daprd;
  }

  /** An HTTP app whose answers come from `listener`; every request and reply is recorded. */
  async function app(listener: http.RequestListener): Promise<RecordingApp> {
    const requests: AppRequest[] = [];
    const recording: http.RequestListener = (req, res) => {
      const chunks: Buffer[] = [];
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      const replyChunks: Buffer[] = [];
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (chunk) replyChunks.push(Buffer.from(chunk as string));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (chunk && typeof chunk !== 'function') replyChunks.push(Buffer.from(chunk as string));
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status: res.statusCode,
          reply: Buffer.concat(replyChunks).toString('utf8'),
        });
        return (end as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
      }) as typeof res.end;
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      listener(req, res);
    };
    let server = http.createServer(recording);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    let open = true;
    const close = async () => {
      if (!open) return;
      open = false;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    cleanups.push(close);
    return {
      port,
      requests,
      deliveries: () => requests.filter((r) => r.method === 'POST'),
      close,
      reopen: async () => {
        server = http.createServer(recording);
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        open = true;
      },
    };
  }

  function onCleanup(step: () => Promise<unknown>): void {
    cleanups.push(step);
  }

  /** generateDaprManifests, with its folder removed after the spec. */
  async function manifests(
    spec: Parameters<typeof generateDaprManifests>[0],
  ): Promise<GeneratedWorkspace> {
    const generated = await generateDaprManifests(spec);
    cleanups.push(async () => fs.rmSync(generated.root, { recursive: true, force: true }));
    return generated;
  }

  return { sidecar, app, manifests, onCleanup };
}

// ---------------------------------------------------------------------------------------------
// Manifests from the plugin's own generators
// ---------------------------------------------------------------------------------------------

interface GeneratorTree {
  write(file: string, content: string): void;
  read(file: string, encoding: 'utf-8'): string | null;
  listChanges(): { path: string; type: string; content: Buffer | null }[];
}
type Generator = (tree: GeneratorTree, options: Record<string, unknown>) => Promise<unknown>;

// Loaded by path and compiled by jest: the plugin is a sibling package, not a dependency.
function plugin<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(REPO, 'packages/kafka-events/src', file)) as T;
}

export interface GeneratedDomain {
  /** A seed domain name (tasks, recurring, notifications, reminders). */
  readonly name: string;
  /** The topic given to `nx g kafka-events:domain --topic` (unique per spec). */
  readonly topic: string;
}

export interface GeneratedApp {
  readonly project: string;
  readonly domains: readonly string[];
  /** Further options of `nx g kafka-events:dapr`. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface GeneratedWorkspace {
  /** The folder the generated files were written to. */
  readonly root: string;
  /** Every generated YAML file, relative to root. */
  readonly files: readonly string[];
  /** The manifest folders daprd of `project` loads: the shared components and the app's own. */
  manifestDirsOf(project: string): string[];
  read(file: string): string;
}

/**
 * An integrated workspace (in memory) with the given seed domains and apps, after
 * `nx g kafka-events:domain <name> --topic <topic>` and `nx g kafka-events:dapr --project <app>
 * --domains ...`; its YAML files are written to a temporary folder.
 */
export async function generateDaprManifests(spec: {
  readonly domains: readonly GeneratedDomain[];
  readonly apps: readonly GeneratedApp[];
}): Promise<GeneratedWorkspace> {
  const { createIntegratedWorkspace } = plugin<{ createIntegratedWorkspace(): GeneratorTree }>(
    'generators/testing/workspaces.ts',
  );
  const { domainGenerator } = plugin<{ domainGenerator: Generator }>('generators/domain/domain.ts');
  const { daprGenerator } = plugin<{ daprGenerator: Generator }>('generators/dapr/dapr.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addProjectConfiguration } = require('@nx/devkit') as {
    addProjectConfiguration(tree: GeneratorTree, name: string, config: object): void;
  };
  const tree = createIntegratedWorkspace();
  for (const domain of spec.domains) {
    await domainGenerator(tree, { name: domain.name, topic: domain.topic, skipFormat: true });
  }
  for (const app of spec.apps) {
    addProjectConfiguration(tree, app.project, {
      root: `apps/${app.project}`,
      sourceRoot: `apps/${app.project}/src`,
      projectType: 'application',
      targets: {},
    });
    await daprGenerator(tree, {
      project: app.project,
      domains: app.domains.join(','),
      skipFormat: true,
      ...app.options,
    });
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-events-dapr-manifests-'));
  const files: string[] = [];
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE' || !/\.ya?ml$/.test(change.path) || change.content === null)
      continue;
    const target = path.join(root, change.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, change.content);
    files.push(change.path);
  }
  const dirs = (project: string) => {
    const own = `apps/${project}/`;
    const appDir = files.some((f) => f.startsWith(own)) ? [path.join(root, own, 'dapr')] : [];
    // The shared Component lives outside every app (the dapr generator's componentsDirectory).
    const shared = [
      ...new Set(
        files
          .filter((f) => !f.startsWith('apps/') && !f.startsWith('libs/'))
          .map((f) => path.join(root, path.dirname(f))),
      ),
    ];
    return [...shared, ...appDir];
  };
  return {
    root,
    files: files.sort(),
    manifestDirsOf: dirs,
    read: (file) => fs.readFileSync(path.join(root, file), 'utf8'),
  };
}
