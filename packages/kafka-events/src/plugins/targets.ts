/** The targets inferred for one domain library, from its kafka-events.json. */
import type { TargetConfiguration } from '@nx/devkit';
import { BASE_ENV, defaultBaseCandidates } from '../contract/base-ref';

export interface KafkaEventsPluginOptions {
  /** Default `events-schemas`. */
  schemasTargetName?: string;
  /** Default `events-compat`. */
  compatTargetName?: string;
  /** Default `events-topics`. */
  topicsTargetName?: string;
  /**
   * A git ref (e.g. `origin/release`) the compat target reads the published snapshots from
   * (`kafka-events check --base`) instead of NX_BASE or nx.json `defaultBase`.
   */
  compatBase?: string;
}

export type NormalizedPluginOptions = Required<Omit<KafkaEventsPluginOptions, 'compatBase'>> &
  Pick<KafkaEventsPluginOptions, 'compatBase'>;

export function normalizePluginOptions(
  options: KafkaEventsPluginOptions | undefined,
): NormalizedPluginOptions {
  const name = (value: unknown, fallback: string, option: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^[A-Za-z0-9][\w:.-]*$/.test(value)) {
      throw new Error(
        `kafka-events plugin: option ${option} must be a target name, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  const compatBase = options?.compatBase;
  if (compatBase !== undefined && (typeof compatBase !== 'string' || !isPlainRef(compatBase))) {
    throw new Error(
      `kafka-events plugin: option compatBase must be a git ref such as "origin/main" (letters, digits and . / @ + ~ -), got ${JSON.stringify(compatBase)}`,
    );
  }
  return {
    schemasTargetName: name(options?.schemasTargetName, 'events-schemas', 'schemasTargetName'),
    compatTargetName: name(options?.compatTargetName, 'events-compat', 'compatTargetName'),
    topicsTargetName: name(options?.topicsTargetName, 'events-topics', 'topicsTargetName'),
    ...(compatBase ? { compatBase } : {}),
  };
}

/** What the targets' descriptions mention; absent when kafka-events.json cannot be read. */
export interface DomainSummary {
  domain: string;
  topic: string;
  eventVersions: number;
  compatibility: string;
}

/**
 * Refs that can go into a shell command unquoted, the same in sh and cmd (Nx runs runtime inputs
 * with either). Real branch names fit; others are rejected (compatBase) or turn caching off.
 */
function isPlainRef(ref: string): boolean {
  return /^\w[\w./@+~-]*$/.test(ref) && !ref.includes('..') && !ref.includes('@{');
}

/**
 * Cache inputs naming the commit the check reads the published snapshots from, so a new commit on
 * the default branch invalidates cached results. Nx runs a runtime input through `sh -c` (`cmd /C`
 * on Windows) at the workspace root, hashes its output whatever the exit status, and runs it
 * once per command and environment in an nx invocation: a few `git rev-parse`, cheap. The chain
 * follows the order of `kafka-events check`. `"$NX_BASE"` expands in sh only; on Windows the
 * `env` input still hashes NX_BASE's value. Undefined: no safe command, so no caching.
 */
export function baseRefInputs(
  options: NormalizedPluginOptions,
  defaultBase: string,
): TargetConfiguration['inputs'] | undefined {
  const verify = (ref: string) => `git rev-parse --verify -q ${ref}`;
  if (options.compatBase) return [{ runtime: `${verify(options.compatBase)} || echo no-base` }];
  if (!isPlainRef(defaultBase)) return undefined;
  const chain = [`"$${BASE_ENV}"`, ...defaultBaseCandidates(defaultBase)].map(verify);
  return [{ env: BASE_ENV }, { runtime: `${chain.join(' || ')} || echo no-base` }];
}

const SOURCE_INPUTS = [
  '{projectRoot}/kafka-events.json',
  '{projectRoot}/src/**/*.ts',
  '!{projectRoot}/src/**/*.spec.ts',
  '!{projectRoot}/src/**/*.test.ts',
];

export function domainTargets(
  options: NormalizedPluginOptions,
  summary: DomainSummary | undefined,
  externalDependencies: string[],
  defaultBase: string,
): Record<string, TargetConfiguration> {
  const external = externalDependencies.length ? [{ externalDependencies }] : [];
  const baseInputs = baseRefInputs(options, defaultBase);
  const published =
    options.compatBase ??
    `${defaultBase} (origin/${defaultBase} when fetched; ${BASE_ENV} overrides)`;
  const what = summary
    ? `the ${summary.domain} domain (${summary.eventVersions} event version${summary.eventVersions === 1 ? '' : 's'} on ${summary.topic})`
    : 'this domain';
  const mode = summary?.compatibility ?? 'the kafka-events.json';
  return {
    [options.schemasTargetName]: {
      command: 'kafka-events schemas {projectRoot}',
      cache: true,
      inputs: [...SOURCE_INPUTS, ...external],
      outputs: ['{projectRoot}/schemas', '{projectRoot}/asyncapi.yaml'],
      metadata: {
        technologies: ['kafka', 'zod', 'asyncapi'],
        description: `Write the JSON Schema snapshots (schemas/*.json) and asyncapi.yaml of ${what}; commit them. Pass --check to only verify.`,
        help: { command: 'npx kafka-events schemas --help', example: { args: ['--check'] } },
      },
    },
    [options.compatTargetName]: {
      command: `kafka-events check {projectRoot}${options.compatBase ? ` --base ${options.compatBase}` : ''}`,
      cache: baseInputs !== undefined,
      // the working-tree snapshots still count: with no base commit they are the baseline
      inputs: [
        ...SOURCE_INPUTS,
        '{projectRoot}/schemas/**/*.json',
        ...external,
        ...(baseInputs ?? []),
      ],
      outputs: [],
      metadata: {
        technologies: ['kafka', 'zod'],
        description: `Check the event schemas of ${what} against the snapshots published on ${published} under ${mode} compatibility.`,
        help: {
          command: 'npx kafka-events check --help',
          example: { args: ['--base', 'origin/main'] },
        },
      },
    },
    [options.topicsTargetName]: topicsTarget(summary, what),
  };
}

/** Creates the domain's topics on a cluster: a side effect, so never cached. */
function topicsTarget(summary: DomainSummary | undefined, what: string): TargetConfiguration {
  const topics = summary
    ? `${summary.topic} and ${summary.topic}.dlq`
    : 'the topic and dead-letter topic';
  return {
    command: 'kafka-events topics {projectRoot} --ensure',
    cache: false,
    metadata: {
      technologies: ['kafka'],
      description: `Create ${topics} of ${what} on the cluster in KAFKA_BROKERS (or --brokers) with the partitions, replication and retention of kafka-events.json; existing topics are left as they are.`,
      help: {
        command: 'npx kafka-events topics --help',
        example: { args: ['--brokers', 'localhost:9092'] },
      },
    },
  };
}
