/**
 * Inferred targets (`nx show project <lib>`): every folder with a kafka-events.json next to a
 * project.json or package.json gets `events-schemas` and `events-compat`. Only node built-ins
 * and @nx/devkit load here; the commands themselves (typescript, zod, asyncapi) run in the tasks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createNodesFromFiles,
  type CreateNodes,
  type CreateNodesContext,
  type CreateNodesResult,
  type ProjectConfiguration,
} from '@nx/devkit';
import { defaultBaseOf } from '../contract/base-ref';
import { pluginVersion } from '../utils/versions';
import { noTargetsCache, openTargetsCache, type TargetsCache } from './nx-internal';
import {
  domainTargets,
  normalizePluginOptions,
  type DomainSummary,
  type KafkaEventsPluginOptions,
  type NormalizedPluginOptions,
} from './targets';

export type { KafkaEventsPluginOptions } from './targets';

export const DOMAIN_CONFIG_GLOB = '**/kafka-events.json';

/** Packages whose version changes what the targets produce: hashed when the workspace has them. */
const EXTERNAL_DEPENDENCIES = ['kafka-events', 'zod'];

type CachedProject = Pick<ProjectConfiguration, 'targets' | 'metadata'>;

export const createNodes: CreateNodes<KafkaEventsPluginOptions> = [
  DOMAIN_CONFIG_GLOB,
  async (configFiles, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const external = declaredDependencies(context.workspaceRoot, EXTERNAL_DEPENDENCIES);
    const defaultBase = defaultBaseOf(context.nxJsonConfiguration);
    const batchKey = hash([
      pluginVersion(),
      JSON.stringify(options),
      external.join(','),
      defaultBase,
    ]);
    const cache: TargetsCache<CachedProject> =
      process.env.NX_CACHE_PROJECT_GRAPH === 'false'
        ? noTargetsCache()
        : openTargetsCache(`kafka-events-${batchKey}.hash`);
    try {
      const sorted = [...configFiles].sort();
      const inferred = { options, external, defaultBase, batchKey, cache };
      return await createNodesFromFiles(
        (file, _options, ctx) => nodesFor(file, ctx, inferred),
        sorted,
        rawOptions ?? {},
        context,
      );
    } finally {
      cache.save();
    }
  },
];

/** Nx 23 reads `createNodes`; older code and docs name the same export `createNodesV2`. */
export const createNodesV2 = createNodes;

/** What every project of one batch shares. */
interface BatchInputs {
  options: NormalizedPluginOptions;
  external: string[];
  /** nx.json `defaultBase`: the branch holding the published snapshots. */
  defaultBase: string;
  batchKey: string;
  cache: TargetsCache<CachedProject>;
}

function nodesFor(
  file: string,
  context: CreateNodesContext,
  { options, external, defaultBase, batchKey, cache }: BatchInputs,
): CreateNodesResult {
  const projectRoot = dirname(file);
  const absoluteRoot = join(context.workspaceRoot, projectRoot);
  // like @nx/jest: only add targets to a folder some other plugin already makes a project
  if (
    !existsSync(join(absoluteRoot, 'project.json')) &&
    !existsSync(join(absoluteRoot, 'package.json'))
  )
    return {};
  const text = readFileSync(join(context.workspaceRoot, file), 'utf8');
  const key = hash([batchKey, projectRoot, text]);
  let project = cache.get(key);
  if (!project) {
    const summary = summarize(text);
    project = {
      targets: domainTargets(options, summary, external, defaultBase),
      metadata: summary
        ? {
            description: `Kafka event contracts of the ${summary.domain} domain (topic ${summary.topic})`,
          }
        : {},
    };
    cache.set(key, project);
  }
  return { projects: { [projectRoot]: project } };
}

/**
 * Lenient on purpose: a broken kafka-events.json still gets its targets (whose run reports the
 * exact problem) instead of failing the project graph, which would block every nx command.
 */
function summarize(text: string): DomainSummary | undefined {
  try {
    const config = JSON.parse(text);
    if (
      typeof config?.domain !== 'string' ||
      typeof config.topic !== 'string' ||
      !Array.isArray(config.events)
    )
      return undefined;
    const eventVersions = config.events.reduce(
      (n: number, e: { versions?: unknown }) =>
        n + (Array.isArray(e?.versions) ? e.versions.length : 0),
      0,
    );
    return {
      domain: config.domain,
      topic: config.topic,
      eventVersions,
      compatibility: typeof config.compatibility === 'string' ? config.compatibility : 'BACKWARD',
    };
  } catch {
    return undefined;
  }
}

/**
 * Which of `names` the root package.json declares. Nx fails a task whose externalDependencies
 * name a package missing from the graph, so only declared ones are listed.
 */
function declaredDependencies(workspaceRoot: string, names: string[]): string[] {
  try {
    const pkg = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
    const declared = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
    return names.filter((name) => name in declared).sort();
  } catch {
    return [];
  }
}

function hash(parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('hex').slice(0, 32);
}
