/**
 * The Kafka topics a domain library declares in kafka-events.json (`topics`), with defaults for
 * what it leaves out, checked field by field so a typo fails before any topic is created.
 */
import { ContractInputError } from '../contract/errors';
import type { DomainConfig, TopicSettings } from '../utils/domain-config';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Defaults that work on a single-node development broker. Production clusters usually want
 * `"replicationFactor": 3` (and `"config": { "min.insync.replicas": "2" }`) in both entries.
 * The dead-letter topic gets the events topic's partition count unless it declares its own.
 */
export const DEFAULT_TOPIC_SETTINGS = Object.freeze({
  events: Object.freeze({ partitions: 3, replicationFactor: 1, retentionMs: 7 * DAY_MS }),
  deadLetter: Object.freeze({ replicationFactor: 1, retentionMs: 30 * DAY_MS }),
});

/** What `ensureTopics` of @kafka-events/runtime takes, plus the topic's role in the domain. */
export interface DomainTopicSpec {
  readonly role: 'events' | 'dead-letter';
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

/** The consumer's default dead-letter topic (createConsumer's `deadLetterTopic`). */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** The domain's topic and dead-letter topic as declared; throws ContractInputError naming `file`. */
export function domainTopicSpecs(
  file: string,
  config: Pick<DomainConfig, 'topic'> & { topics?: unknown },
): DomainTopicSpec[] {
  const fail = (path: string, rule: string): never => {
    throw new ContractInputError(file, `"${path}" ${rule}`);
  };
  const declared = config.topics ?? {};
  if (!isRecord(declared)) return fail('topics', 'must be an object');
  for (const key of Object.keys(declared)) {
    if (key !== 'events' && key !== 'deadLetter')
      fail(`topics.${key}`, 'is not a setting (known: events, deadLetter)');
  }
  const events = topicSettings(declared.events, 'topics.events', fail);
  const deadLetter = topicSettings(declared.deadLetter, 'topics.deadLetter', fail);
  const eventsSpec = spec('events', config.topic, events, DEFAULT_TOPIC_SETTINGS.events);
  return [
    eventsSpec,
    spec('dead-letter', deadLetterTopicOf(config.topic), deadLetter, {
      ...DEFAULT_TOPIC_SETTINGS.deadLetter,
      partitions: eventsSpec.partitions,
    }),
  ];
}

function spec(
  role: DomainTopicSpec['role'],
  topic: string,
  settings: TopicSettings,
  defaults: Required<Omit<TopicSettings, 'config'>>,
): DomainTopicSpec {
  return {
    role,
    topic,
    partitions: settings.partitions ?? defaults.partitions,
    replicationFactor: settings.replicationFactor ?? defaults.replicationFactor,
    config: {
      ...settings.config,
      'retention.ms': String(settings.retentionMs ?? defaults.retentionMs),
    },
  };
}

const SETTING_KEYS = ['partitions', 'replicationFactor', 'retentionMs', 'config'];

function topicSettings(
  value: unknown,
  path: string,
  fail: (path: string, rule: string) => never,
): TopicSettings {
  if (value === undefined) return {};
  if (!isRecord(value)) return fail(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!SETTING_KEYS.includes(key))
      fail(`${path}.${key}`, `is not a topic setting (known: ${SETTING_KEYS.join(', ')})`);
  }
  for (const key of ['partitions', 'replicationFactor'] as const) {
    const n = value[key];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 1))
      fail(`${path}.${key}`, `must be a positive integer, got ${JSON.stringify(n)}`);
  }
  const retention = value.retentionMs;
  if (retention !== undefined && !(Number.isSafeInteger(retention) && (retention as number) >= -1))
    fail(
      `${path}.retentionMs`,
      `must be milliseconds (an integer, -1 for ever), got ${JSON.stringify(retention)}`,
    );
  const extra = value.config;
  if (extra !== undefined) {
    if (!isRecord(extra)) return fail(`${path}.config`, 'must be an object of topic configs');
    for (const [name, setting] of Object.entries(extra)) {
      if (typeof setting !== 'string')
        fail(`${path}.config.${name}`, `must be a string, got ${JSON.stringify(setting)}`);
    }
    if ('retention.ms' in extra)
      fail(`${path}.config.retention.ms`, `is set through "${path}.retentionMs"`);
  }
  return value as TopicSettings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
