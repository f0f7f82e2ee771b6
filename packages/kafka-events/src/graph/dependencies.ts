/**
 * Project graph edges that imports do not show (`createDependencies`):
 * - an app that consumes a library's events only through a Dapr Subscription manifest (its
 *   topic is the library's topic) depends on that library;
 * - the project holding a Python module generated from a library (kafka-events.json `python`)
 *   depends on that library.
 * So `nx affected` after a contract change includes these consumers. Nx calls this on every
 * project graph computation, in the plugin worker that also infers the targets: it reads only
 * kafka-events.json files and YAML files (the YAML parser is loaded only when a Subscription
 * needs it), never TypeScript, and only those whose Nx file hash changed since the last
 * computation: what each file says is kept by hash in Nx's workspace data directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CreateDependencies,
  CreateDependenciesContext,
  RawProjectGraphDependency,
} from '@nx/devkit';
import { FactsCache, workspaceDataDirectory } from '../flow/cache';
import { mayBeSubscription } from '../flow/subscription-text';
import { ReportedProblems } from '../plugins/reported-problems';

const CONFIG_FILE = 'kafka-events.json';

export const GRAPH_CACHE_FILE = 'kafka-events-graph.json';

/** What a library's kafka-events.json says about edges. */
interface LibraryConfigFacts {
  topic?: string;
  pythonOutputs: string[];
}

interface LibraryFacts extends LibraryConfigFacts {
  project: string;
}

/** What one file says: a YAML file's Subscription topics, a kafka-events.json's (null: broken). */
type GraphFileFacts = { topics: string[] } | { library: LibraryConfigFacts | null };

type Facts = <F extends GraphFileFacts>(file: string, compute: () => F) => F;

export const createDependencies: CreateDependencies = (_options, context) => {
  const cacheFile = join(workspaceDataDirectory(context.workspaceRoot), GRAPH_CACHE_FILE);
  try {
    return edgesCached(context, cacheFile, false);
  } catch (error) {
    // Nx fails the whole graph, so every command of the workspace, on an error thrown here: a
    // cache this code cannot use is dropped (and written anew), never passed on
    warnOnce(
      'cache',
      `kafka-events: could not use the project graph cache ${cacheFile} ` +
        `(${(error as Error).message}); computed the graph edges without it.`,
    );
  }
  try {
    return edgesCached(context, cacheFile, true);
  } catch (error) {
    warnOnce(
      'edges',
      `kafka-events: could not add the edges of Dapr Subscription manifests and Python modules ` +
        `to the project graph (${(error as Error).stack}); nx affected may miss those consumers.`,
    );
    return [];
  }
};

/** The edges, with what each file says taken from the cache where its Nx hash is unchanged. */
function edgesCached(
  context: CreateDependenciesContext,
  cacheFile: string,
  ignorePrevious: boolean,
): RawProjectGraphDependency[] {
  const cache = FactsCache.open<GraphFileFacts>(cacheFile, 'graph', {
    accepts: isGraphFileFacts,
    ignorePrevious,
  });
  const hashes = new Map<string, string>();
  for (const files of Object.values(context.fileMap.projectFileMap))
    for (const { file, hash } of files) hashes.set(file, hash);
  const facts: Facts = (file, compute) =>
    cache.facts(file, hashes.get(file) ?? '', compute) as ReturnType<typeof compute>;
  const dependencies = edges(context, facts);
  cache.save();
  return dependencies;
}

/** A cached entry shaped as what `file` says: YAML files give topics, kafka-events.json a library. */
function isGraphFileFacts(value: unknown, file: string): value is GraphFileFacts {
  if (typeof value !== 'object' || value === null) return false;
  if (file.endsWith(CONFIG_FILE)) {
    if (!('library' in value)) return false;
    const { library } = value;
    if (library === null) return true;
    if (typeof library !== 'object') return false;
    const { topic, pythonOutputs } = library as Partial<Record<keyof LibraryConfigFacts, unknown>>;
    return (topic === undefined || typeof topic === 'string') && isStringArray(pythonOutputs);
  }
  return 'topics' in value && isStringArray(value.topics);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

const reported = new ReportedProblems();

function warnOnce(subject: 'cache' | 'edges', message: string): void {
  if (reported.isNew(subject, message)) console.warn(message);
}

function edges(context: CreateDependenciesContext, facts: Facts): RawProjectGraphDependency[] {
  const owners = fileOwners(context);
  const libraries = readLibraries(context, owners, facts);
  if (libraries.length === 0) return [];
  const dependencies: RawProjectGraphDependency[] = [];
  const add = (source: string, target: string, sourceFile: string) => {
    // 'static' is DependencyType.static: the enum would load @nx/devkit in the worker
    if (source !== target)
      dependencies.push({ source, target, sourceFile, type: 'static' as never });
  };
  const byTopic = new Map<string, string[]>();
  for (const library of libraries)
    if (library.topic)
      byTopic.set(library.topic, [...(byTopic.get(library.topic) ?? []), library.project]);
  for (const library of libraries)
    for (const output of library.pythonOutputs) {
      const owner = owners.get(output);
      if (owner) add(owner, library.project, output);
    }
  for (const [project, files] of Object.entries(context.fileMap.projectFileMap)) {
    for (const { file } of files) {
      if (!/\.ya?ml$/.test(file)) continue;
      const { topics } = facts(file, () => ({ topics: subscriptionTopicsOf(context, file) }));
      for (const topic of topics)
        for (const library of byTopic.get(topic) ?? []) add(project, library, file);
    }
  }
  return dependencies;
}

function readLibraries(
  context: CreateDependenciesContext,
  owners: Map<string, string>,
  facts: Facts,
): LibraryFacts[] {
  const libraries: LibraryFacts[] = [];
  for (const [project, config] of Object.entries(context.projects)) {
    const file = config.root === '.' ? CONFIG_FILE : `${config.root}/${CONFIG_FILE}`;
    if (owners.get(file) !== project) continue;
    const { library } = facts(file, () => ({ library: libraryConfigOf(context, file) }));
    if (library) libraries.push({ project, ...library });
  }
  return libraries;
}

function libraryConfigOf(
  context: CreateDependenciesContext,
  file: string,
): LibraryConfigFacts | null {
  const text = read(context, file);
  if (text === undefined) return null;
  try {
    const parsed = JSON.parse(text) as { topic?: unknown; python?: unknown };
    const python = Array.isArray(parsed.python) ? parsed.python : [];
    return {
      topic: typeof parsed.topic === 'string' ? parsed.topic : undefined,
      pythonOutputs: python
        .map((entry: { output?: unknown }) => entry?.output)
        .filter((output): output is string => typeof output === 'string'),
    };
  } catch {
    // a broken kafka-events.json adds no edge; its events-compat target reports it
    return null;
  }
}

/** The topics a YAML file subscribes to; none when it is no Subscription. */
function subscriptionTopicsOf(context: CreateDependenciesContext, file: string): string[] {
  const text = read(context, file);
  return text === undefined || !mayBeSubscription(file, text) ? [] : manifestTopics(text);
}

/** Workspace file -> the project it belongs to. */
function fileOwners(context: CreateDependenciesContext): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [project, files] of Object.entries(context.fileMap.projectFileMap))
    for (const { file } of files) owners.set(file, project);
  return owners;
}

function read(context: CreateDependenciesContext, file: string): string | undefined {
  try {
    return readFileSync(join(context.workspaceRoot, file), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The topic of a one-document manifest with a single `topic:` line, read without a YAML parser
 * (parsing every Subscription on every graph computation costs seconds at 300 manifests under
 * load, docs/benchmarks.md); anything else goes through the parser.
 */
function manifestTopics(text: string): string[] {
  const topics = [...text.matchAll(/^[ \t]+topic:[ \t]*(['"]?)([\w.-]+)\1[ \t]*(?:#.*)?$/gm)];
  const lines = text.match(/^[ \t]+topic:/gm) ?? [];
  if (topics.length === 1 && lines.length === 1 && !/^---/m.test(text)) return [topics[0][2]];
  return parsedTopics(text);
}

function parsedTopics(text: string): string[] {
  // loaded only when a Subscription manifest exists; the yaml package is a dependency
  const { subscriptionTopics } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../flow/manifest-facts') as typeof import('../flow/manifest-facts');
  try {
    return subscriptionTopics(text);
  } catch {
    return [];
  }
}
