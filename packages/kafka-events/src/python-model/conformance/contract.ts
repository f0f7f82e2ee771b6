/**
 * The contract of generated domain libraries on both sides, for the specs that hold the Python
 * modules to it (specs only): the domain generator writes the libraries in an in-memory tree, the
 * python generator their Pydantic modules; everything is written to a fresh folder under the
 * repository's git-ignored tmp/ and loaded for real. The TypeScript side is the generated code
 * itself (payload modules, domain.ts) loaded with the TsModuleLoader the events-schemas target
 * uses, its `@kafka-events/runtime` import pointed at packages/runtime/src (so the runtime under
 * test is the source, not a stale dist). The Python side runs in the venv of tools/python
 * (pinned Pydantic) through tools/python/check_events.py, one interpreter per batch of requests.
 */
import { logger, type Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { loadTypeScript, TsModuleLoader } from '../../contract/ts-module-loader';
import { python, pythonWorkspace, SEED_DOMAINS } from '../../generators/python/testing';
import { changedFiles } from '../../generators/testing/workspaces';
import type { JsonValue } from '../../payload-model';
import { findDomainLibrary } from '../../utils/domain-libraries';
import { examplePayloadFor } from '../examples';
import { pythonModuleFile } from '../python-names';
import { readPythonDomain, type PythonDomain, type PythonEventVersion } from '../read-domain';

export const REPO = resolve(__dirname, '../../../../..');
const PYTHON_TOOLS = join(REPO, 'tools/python');
const RUNTIME_SOURCE = join(REPO, 'packages/runtime/src/index.ts');
/** Where the generated Python modules go inside a materialised workspace. */
const PYTHON_DIR = 'py';

export { SEED_DOMAINS };

/** A zod schema as loaded from a payload module (typed loosely: no zod types cross packages). */
export interface LoadedSchema {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export type WireEvent = Record<string, unknown>;

/** What `safeValidate` answers: the runtime's EventValidationError carries issues with paths. */
export type LoadedVerdict =
  | { success: true; event: WireEvent }
  | { success: false; error: Error & { issues?: { path: string; message: string }[] } };

/** The generated library's domain (`tasksDomain`), i.e. the runtime's defineDomain result. */
export interface LoadedDomain {
  domain: string;
  source: string;
  metadata: boolean;
  eventTypes: readonly string[];
  create(type: string, payload: unknown, options?: Record<string, unknown>): WireEvent;
  validate(value: unknown): WireEvent;
  safeValidate(value: unknown): LoadedVerdict;
  serialize(event: unknown): string;
  deserialize(data: string | Uint8Array): WireEvent;
  keyOf(event: unknown): string;
  definition(type: string): { payload: unknown } | undefined;
}

export interface ContractVersion extends PythonEventVersion {
  /** `task.created` */
  eventType: string;
  /** The payload schema exported by the generated payload module. */
  schema: LoadedSchema;
  /** A realistic payload with every field set (the generated pytest file's example). */
  example: Record<string, JsonValue>;
}

export interface ContractDomain {
  /** `tasks` */
  name: string;
  /** The Python module name (`tasks_events`). */
  module: string;
  /** What the Python module was rendered from: events, versions, field models. */
  python: PythonDomain;
  /** Every event version, in kafka-events.json order. */
  versions: ContractVersion[];
  /** The exports of the generated library's src/index.ts. */
  library: Record<string, unknown>;
  domain: LoadedDomain;
}

export interface Contract {
  /** The materialised workspace (under tmp/, removed by dispose). */
  dir: string;
  domains: ContractDomain[];
  /** The runtime the generated libraries were loaded with (toCloudEvent, newEventId...). */
  runtime: Record<string, unknown>;
  /** The zod the payload modules were loaded with. */
  zod: { toJSONSchema(schema: unknown): unknown };
  /** Requests to tools/python/check_events.py, answered in order by one interpreter. */
  python(requests: object[]): PythonAnswer[];
  /** The generated Python source of a domain's module. */
  pythonSource(domain: string): string;
  dispose(): void;
}

export interface PythonIssue {
  path: string;
  type: string;
  message: string;
}

export interface PythonAnswer {
  ok: boolean;
  value?: unknown;
  json?: string;
  errors?: PythonIssue[];
  cloud_event?: Record<string, unknown>;
  key?: string;
  id?: string;
  /** The Python reading paths disagreed with each other. */
  disagreement?: string;
  /** An unexpected exception in the driver (its traceback). */
  crash?: string;
}

export interface ContractOptions {
  /** Seed domains to generate (default: all four). */
  domains?: readonly string[];
  /** Changes the workspace after the domains exist (more domains, events, versions). */
  grow?(tree: Tree): Promise<void>;
}

/** Generates the domain libraries and their Python modules, writes them out and loads them. */
export async function generateContract(options: ContractOptions = {}): Promise<Contract> {
  // the generators' "Wrote ..." lines would fill the specs' output
  const info = logger.info;
  logger.info = () => undefined;
  let tree: Tree;
  try {
    tree = await pythonWorkspace(options.domains ?? SEED_DOMAINS);
    await options.grow?.(tree);
    const names = workspaceDomains(tree);
    for (const name of names) await python(tree, { domain: name, output: pythonPath(tree, name) });
  } finally {
    logger.info = info;
  }
  mkdirSync(join(REPO, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(REPO, 'tmp', 'python-contract-'));
  try {
    for (const [path, text] of Object.entries(changedFiles(tree))) {
      if (text !== null) write(join(dir, path), text);
    }
    // what the libraries import as @kafka-events/runtime: the runtime's source
    const shim = join(dir, 'node_modules/@kafka-events/runtime');
    write(
      join(shim, 'package.json'),
      JSON.stringify({ name: '@kafka-events/runtime', main: 'index.ts' }),
    );
    write(
      join(shim, 'index.ts'),
      `export * from ${JSON.stringify(RUNTIME_SOURCE.slice(0, -3))};\n`,
    );

    const loader = new TsModuleLoader(loadTypeScript(REPO));
    const runtime = loader.load(join(shim, 'index.ts'));
    const { z: zod } = createRequire(join(dir, 'package.json'))('zod') as { z: Contract['zod'] };
    const domains = workspaceDomains(tree).map((name) => loadDomain(tree, dir, loader, name));
    const pythonExe = ensurePython();
    return {
      dir,
      domains,
      runtime,
      zod,
      python: (requests) => runChecker(pythonExe, join(dir, PYTHON_DIR), requests),
      pythonSource: (name) => tree.read(pythonPath(tree, name), 'utf-8') ?? '',
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function workspaceDomains(tree: Tree): string[] {
  const configs = tree
    .children('packages')
    .map((project) => tree.read(`packages/${project}/kafka-events.json`, 'utf-8'))
    .filter((text): text is string => text !== null)
    .map((text) => JSON.parse(text) as { domain: string });
  return configs.map((config) => config.domain).sort();
}

function pythonPath(tree: Tree, name: string): string {
  return `${PYTHON_DIR}/${pythonModuleFile(findDomainLibrary(tree, name).config)}`;
}

function loadDomain(tree: Tree, dir: string, loader: TsModuleLoader, name: string): ContractDomain {
  const library = findDomainLibrary(tree, name);
  const python = readPythonDomain(tree, library);
  const exports = loader.load(join(dir, library.root, 'src/index.ts'));
  const domain = exports[`${camel(name)}Domain`] as LoadedDomain | undefined;
  if (!domain) throw new Error(`${library.root}/src/index.ts exports no ${camel(name)}Domain`);
  const versions = python.events.flatMap((event) =>
    event.versions.map((version): ContractVersion => {
      // the payload module itself, loaded as the events-schemas target loads it
      const schema = loader.load(join(dir, version.file))[version.payloadClass] as LoadedSchema;
      if (domain.definition(version.wireType)?.payload !== schema) {
        throw new Error(`${library.root}: ${version.wireType} is not defined with ${version.file}`);
      }
      const { payload: example } = examplePayloadFor(library.config, event, version.fields);
      return { ...version, eventType: event.type, schema, example };
    }),
  );
  const module = pythonModuleFile(library.config).slice(0, -'.py'.length);
  return { name, module, python, versions, library: exports, domain };
}

function camel(name: string): string {
  return name.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

type VenvModule = { ensurePythonEnv(): string };

function ensurePython(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(PYTHON_TOOLS, 'venv.cjs')) as VenvModule).ensurePythonEnv();
}

function runChecker(pythonExe: string, modules: string, requests: object[]): PythonAnswer[] {
  if (requests.length === 0) return [];
  let output: string;
  try {
    output = execFileSync(pythonExe, [join(PYTHON_TOOLS, 'check_events.py')], {
      cwd: modules,
      input: requests.map((request) => `${JSON.stringify(request)}\n`).join(''),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: {
        ...process.env,
        PYTHONPATH: modules,
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONIOENCODING: 'utf-8',
      },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tools/python/check_events.py failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
  const answers = output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as PythonAnswer);
  if (answers.length !== requests.length) {
    throw new Error(`check_events.py answered ${answers.length} of ${requests.length} requests`);
  }
  return answers;
}
