/** The targets inferred for one domain library, from its kafka-events.json. */
import type { TargetConfiguration } from '@nx/devkit';

export interface KafkaEventsPluginOptions {
  /** Default `events-schemas`. */
  schemasTargetName?: string;
  /** Default `events-compat`. */
  compatTargetName?: string;
  /**
   * A git ref (e.g. `origin/main`) the compat target reads the published snapshots from
   * (`kafka-events check --base`). Its result then depends on that ref, so the target is not cached.
   */
  compatBase?: string;
}

export type NormalizedPluginOptions = Required<Omit<KafkaEventsPluginOptions, 'compatBase'>> & Pick<KafkaEventsPluginOptions, 'compatBase'>;

export function normalizePluginOptions(options: KafkaEventsPluginOptions | undefined): NormalizedPluginOptions {
  const name = (value: unknown, fallback: string, option: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^[A-Za-z0-9][\w:.-]*$/.test(value)) {
      throw new Error(`kafka-events plugin: option ${option} must be a target name, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const compatBase = options?.compatBase;
  if (compatBase !== undefined && (typeof compatBase !== 'string' || compatBase.trim() === '' || /\s/.test(compatBase))) {
    throw new Error(`kafka-events plugin: option compatBase must be a git ref such as "origin/main", got ${JSON.stringify(compatBase)}`);
  }
  return {
    schemasTargetName: name(options?.schemasTargetName, 'events-schemas', 'schemasTargetName'),
    compatTargetName: name(options?.compatTargetName, 'events-compat', 'compatTargetName'),
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
): Record<string, TargetConfiguration> {
  const external = externalDependencies.length ? [{ externalDependencies }] : [];
  const what = summary ? `the ${summary.domain} domain (${summary.eventVersions} event version${summary.eventVersions === 1 ? '' : 's'} on ${summary.topic})` : 'this domain';
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
      cache: !options.compatBase,
      inputs: [...SOURCE_INPUTS, '{projectRoot}/schemas/**/*.json', ...external],
      outputs: [],
      metadata: {
        technologies: ['kafka', 'zod'],
        description: `Check the event schemas of ${what} against the committed snapshots under ${mode} compatibility${options.compatBase ? ` (snapshots read from ${options.compatBase})` : ''}.`,
        help: { command: 'npx kafka-events check --help', example: { args: ['--base', 'origin/main'] } },
      },
    },
  };
}
