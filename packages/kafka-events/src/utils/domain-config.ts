import { readJson, type Tree } from '@nx/devkit';
import type { CompatibilityMode } from '../compat/types';
import { snake } from './naming';

/** File at a domain library's root recording its settings (read by later generators and targets). */
export const DOMAIN_CONFIG_FILE = 'kafka-events.json';

// The compatibility modes are the checker's; kafka-events.json records one of them.
export { COMPATIBILITY_MODES, type CompatibilityMode } from '../compat/types';

export interface DomainEventEntry {
  /** `created` */
  name: string;
  /** Unversioned type: `task.created`. */
  type: string;
  /** Every schema version that has a payload module, ascending. */
  versions: number[];
  /** Payload field used as the Kafka record key. */
  key: string;
}

/**
 * A Pydantic module generated from the library (`nx g kafka-events:python`); the sync generator
 * (`nx sync`) regenerates every recorded one when the payload schemas change.
 */
export interface PythonOutput {
  /** Workspace-relative path of the module; its pytest file sits beside it (`test_<name>.py`). */
  output: string;
  /** The Python project that uses it, which depends on this library in the project graph. */
  project?: string;
}

/**
 * How one Kafka topic of the domain is created by `kafka-events topics --ensure`. Every field is
 * optional; the defaults (topic-settings.ts) suit a single-node development broker.
 */
export interface TopicSettings {
  partitions?: number;
  /** Copies of each partition; production clusters usually want 3. */
  replicationFactor?: number;
  /** Kafka's retention.ms: how long records are kept; -1 keeps them for ever. */
  retentionMs?: number;
  /** Further topic configs, as Kafka strings (e.g. `"min.insync.replicas": "2"`). */
  config?: Record<string, string>;
}

/** The domain's topic and its dead-letter topic (`<topic>.dlq`, the consumer's default). */
export interface DomainTopicSettings {
  events?: TopicSettings;
  deadLetter?: TopicSettings;
}

export interface DomainConfig {
  domain: string;
  entity: string;
  topic: string;
  source: string;
  compatibility: CompatibilityMode;
  metadata: boolean;
  validation: boolean;
  versioning: boolean;
  events: DomainEventEntry[];
  /** Plugin version that wrote the library; migrations decide from it what to update. */
  generatedBy: { plugin: 'kafka-events'; version: string };
  /** Python modules generated from this library, kept in step by `nx sync`. */
  python?: PythonOutput[];
  /** Partitions, replication and retention of the domain's topics; defaults when absent. */
  topics?: DomainTopicSettings;
}

/** `task.created` */
export function plainEventType(entity: string, name: string): string {
  return `${entity}.${name}`;
}

/** What goes on the wire: `task.created.v1`, or `task.created` without versioning. */
export function wireEventType(
  config: Pick<DomainConfig, 'versioning'>,
  type: string,
  version: number,
): string {
  return config.versioning ? `${type}.v${version}` : type;
}

export function readDomainConfig(tree: Tree, projectRoot: string): DomainConfig | undefined {
  const path = `${projectRoot}/${DOMAIN_CONFIG_FILE}`;
  return tree.exists(path) ? (readJson(tree, path) as DomainConfig) : undefined;
}

/** The settings of a domain, in the order kafka-events.json lists them. */
export const DOMAIN_SETTING_KEYS = [
  'domain',
  'entity',
  'topic',
  'source',
  'compatibility',
  'metadata',
  'validation',
  'versioning',
] as const;
export type DomainSettings = Pick<DomainConfig, (typeof DOMAIN_SETTING_KEYS)[number]>;

/** Settings that differ between two configs (the plugin version stamp is not a setting). */
export function diffDomainConfig(existing: DomainConfig, requested: DomainConfig): string[] {
  const differences = DOMAIN_SETTING_KEYS.filter((key) => existing[key] !== requested[key]).map(
    (key) =>
      `--${key === 'domain' ? 'name' : key}: library has ${JSON.stringify(existing[key])}, command asks for ${JSON.stringify(requested[key])}`,
  );
  const names = (config: DomainConfig) => (config.events ?? []).map((e) => snake(e.name)).join(',');
  if (names(existing) !== names(requested)) {
    differences.push(
      `--events: library has "${names(existing)}", command asks for "${names(requested)}"`,
    );
  }
  return differences;
}
