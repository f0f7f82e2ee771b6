/**
 * Inferred targets (`nx show project <lib>`): every folder with a kafka-events.json next to a
 * project.json or package.json gets `events-schemas`, `events-compat` and `events-topics`.
 *
 * Nx calls this on every project graph computation, cached graph or not, in a plugin worker of
 * its own, so it loads only node built-ins and this plugin's import-free modules: @nx/devkit alone
 * costs a worker 130-200 ms to load (docs/benchmarks.md), it is required here only to report a
 * file that could not be read. Nor is there a cache: reading and parsing a 600-byte
 * kafka-events.json and building its targets takes less time than reading and checking a cached
 * entry, so every call computes the targets afresh (and cannot serve stale ones).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import { defaultBaseOf } from '../contract/base-ref';
import {
  domainTargets,
  normalizePluginOptions,
  type DomainSummary,
  type KafkaEventsPluginOptions,
  type NormalizedPluginOptions,
} from './targets';

export type { KafkaEventsPluginOptions } from './targets';
/** Edges imports do not show: Dapr-manifest-only consumers, Python projects (graph/dependencies.ts). */
export { createDependencies } from '../graph/dependencies';

export const DOMAIN_CONFIG_GLOB = '**/kafka-events.json';

/** Packages whose version changes what the targets produce: hashed when the workspace has them. */
const EXTERNAL_DEPENDENCIES = ['kafka-events', 'zod'];

export const createNodes: CreateNodes<KafkaEventsPluginOptions> = [
  DOMAIN_CONFIG_GLOB,
  async (configFiles, rawOptions, context) => {
    const batch: BatchInputs = {
      workspaceRoot: context.workspaceRoot,
      options: normalizePluginOptions(rawOptions),
      external: declaredDependencies(context.workspaceRoot, EXTERNAL_DEPENDENCIES),
      defaultBase: defaultBaseOf(context.nxJsonConfiguration),
    };
    const results: [string, CreateNodesResult][] = [];
    const errors: [string, Error][] = [];
    for (const file of [...configFiles].sort()) {
      try {
        results.push([file, nodesFor(file, batch)]);
      } catch (error) {
        errors.push([file, error as Error]);
      }
    }
    // the error Nx's createNodesFromFiles throws: the graph reports each file with its error
    if (errors.length) throw new (aggregateErrorClass())(errors, results);
    return results;
  },
];

/** Nx 23 reads `createNodes`; older code and docs name the same export `createNodesV2`. */
export const createNodesV2 = createNodes;

/** What every project of one batch shares. */
interface BatchInputs {
  workspaceRoot: string;
  options: NormalizedPluginOptions;
  external: string[];
  /** nx.json `defaultBase`: the branch holding the published snapshots. */
  defaultBase: string;
}

function nodesFor(
  file: string,
  { workspaceRoot, options, external, defaultBase }: BatchInputs,
): CreateNodesResult {
  const projectRoot = dirname(file);
  const absoluteRoot = join(workspaceRoot, projectRoot);
  // like @nx/jest: only add targets to a folder some other plugin already makes a project
  if (
    !existsSync(join(absoluteRoot, 'project.json')) &&
    !existsSync(join(absoluteRoot, 'package.json'))
  )
    return {};
  const summary = summarize(readFileSync(join(workspaceRoot, file), 'utf8'));
  return {
    projects: {
      [projectRoot]: {
        targets: domainTargets(options, summary, external, defaultBase),
        metadata: summary
          ? {
              description: `Kafka event contracts of the ${summary.domain} domain (topic ${summary.topic})`,
            }
          : {},
      },
    },
  };
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

function aggregateErrorClass(): typeof import('@nx/devkit').AggregateCreateNodesError {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@nx/devkit') as typeof import('@nx/devkit')).AggregateCreateNodesError;
}
