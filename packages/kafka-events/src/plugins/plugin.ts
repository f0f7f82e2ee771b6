/**
 * Inferred targets (`nx show project <lib>`): every folder with a kafka-events.json next to a
 * project.json or package.json gets `events-schemas`, `events-compat` and `events-topics`.
 *
 * Nx calls this on every project graph computation, cached graph or not, in a plugin worker of
 * its own, so it loads only node built-ins and this plugin's import-free modules: @nx/devkit alone
 * costs a worker 130-200 ms to load (docs/benchmarks.md). It never throws for a file (see
 * domain-summary.ts), only for invalid plugin options in nx.json. Nor is there a cache: reading
 * and parsing a 600-byte kafka-events.json and building its targets takes less time than reading
 * and checking a cached entry, so every call computes the targets afresh (and cannot serve stale
 * ones).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import { defaultBaseOf } from '../contract/base-ref';
import { readDomainSummary } from './domain-summary';
import {
  domainTargets,
  normalizePluginOptions,
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
    // sorted: the same result whatever order Nx lists the files in
    return [...configFiles].sort().map((file) => [file, nodesFor(file, batch)]);
  },
];

/** Nx 23 reads `createNodes`; Nx 22 reads `createNodesV2` first: the same function. */
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
  const summary = readDomainSummary(workspaceRoot, file);
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
