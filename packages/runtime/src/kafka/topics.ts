/**
 * Topics exist before anything produces to or consumes from them. On brokers with
 * auto.create.topics.enable=false (the norm on managed and production clusters) a missing topic
 * fails every write to it, and a consumer whose dead-letter topic is missing stalls its partition.
 */
import type { Admin, ITopicConfig, ITopicMetadata } from 'kafkajs';
import {
  TopicCreateError,
  TopicMismatchError,
  TopicNotReadyError,
  TopicSpecError,
  type PartitionMismatch,
} from './topic-errors';

export interface TopicSpec {
  readonly topic: string;
  /** Default: the broker's `num.partitions`. Compared with an existing topic's count. */
  readonly partitions?: number;
  /** Default: the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
  /** Topic configs such as `retention.ms`; applied when the topic is created, not to existing ones. */
  readonly config?: Readonly<Record<string, string>>;
}

export interface EnsureTopicsResult {
  /** Topics this call created, in spec order. */
  readonly created: string[];
  /** Topics that were there already (also those another client created meanwhile). */
  readonly existing: string[];
}

export interface EnsureTopicsOptions {
  /** How long to wait for every partition to get a leader. Default 30000. */
  readonly leaderTimeoutMs?: number;
}

// Kafka's own rule (kafka.common.internals.Topic): these characters, at most 249 of them.
const LEGAL_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** Topics of `topics` the cluster does not have. Never creates one (admin metadata requests do not). */
export async function findMissingTopics(
  admin: Admin,
  topics: readonly string[],
): Promise<string[]> {
  const present = new Set(await admin.listTopics());
  return [...new Set(topics)].filter((topic) => !present.has(topic));
}

/**
 * Creates the topics of `specs` that do not exist and waits until every partition of every spec's
 * topic has a leader. Idempotent. An existing topic with another partition count than declared
 * fails the whole call before anything is created (TopicMismatchError); it is never altered.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  checkSpecs(specs);
  const present = new Set(await admin.listTopics());
  const existing = specs.filter((spec) => present.has(spec.topic));
  await checkPartitionCounts(admin, existing);

  const created: string[] = [];
  const raced: TopicSpec[] = [];
  for (const spec of specs.filter((s) => !present.has(s.topic))) {
    if (await createTopic(admin, spec)) created.push(spec.topic);
    else raced.push(spec);
  }
  // Created by someone else between our listing and our create: it must match as well.
  await checkPartitionCounts(admin, raced);
  await waitForLeaders(admin, specs, options.leaderTimeoutMs ?? 30_000);
  return { created, existing: [...existing, ...raced].map((spec) => spec.topic) };
}

function checkSpecs(specs: readonly TopicSpec[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    const { topic } = spec;
    if (typeof topic !== 'string' || !LEGAL_TOPIC.test(topic) || topic === '.' || topic === '..') {
      throw new TopicSpecError(
        `topic name ${JSON.stringify(topic)} is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)`,
      );
    }
    if (seen.has(topic)) throw new TopicSpecError(`topic "${topic}" is listed twice`);
    seen.add(topic);
    for (const key of ['partitions', 'replicationFactor'] as const) {
      const value = spec[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        throw new TopicSpecError(
          `topic "${topic}": ${key} must be a positive integer, got ${JSON.stringify(value)}`,
        );
      }
    }
    for (const [name, value] of Object.entries(spec.config ?? {})) {
      if (typeof value !== 'string') {
        throw new TopicSpecError(
          `topic "${topic}": config ${name} must be a string (Kafka configs are strings), got ${JSON.stringify(value)}`,
        );
      }
    }
  }
}

async function checkPartitionCounts(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const declared = specs.filter((spec) => spec.partitions !== undefined);
  if (declared.length === 0) return;
  const { topics } = await admin.fetchTopicMetadata({ topics: declared.map((s) => s.topic) });
  const actual = new Map(topics.map((t) => [t.name, t.partitions.length]));
  const mismatches: PartitionMismatch[] = declared
    .map((spec) => ({
      topic: spec.topic,
      declared: spec.partitions!,
      actual: actual.get(spec.topic) ?? 0,
    }))
    .filter((m) => m.actual !== m.declared);
  if (mismatches.length > 0) throw new TopicMismatchError(mismatches);
}

/** True when created, false when the topic exists already. */
async function createTopic(admin: Admin, spec: TopicSpec): Promise<boolean> {
  const request: ITopicConfig = {
    topic: spec.topic,
    // -1: the broker's default (CreateTopics v4+, which Kafka 2.4 and later speak)
    numPartitions: spec.partitions ?? -1,
    replicationFactor: spec.replicationFactor ?? -1,
    configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
  };
  try {
    // Not kafkajs' waitForLeaders: on KRaft the metadata right after a create may still say
    // UNKNOWN_TOPIC_OR_PARTITION, which kafkajs 2.2.4 treats as fatal there (see waitForLeaders).
    return await admin.createTopics({ topics: [request], waitForLeaders: false });
  } catch (error) {
    const reason = brokerReason(error);
    // kafkajs drops the broker's own explanation; the broker count is what the user needs here.
    const brokers = /replication.factor/i.test(reason)
      ? await admin.describeCluster().then(
          (cluster) =>
            ` (the cluster has ${cluster.brokers.length} broker${cluster.brokers.length === 1 ? '' : 's'})`,
          () => '',
        )
      : '';
    throw new TopicCreateError(spec.topic, describeSpec(spec), `${reason}${brokers}`, error);
  }
}

function describeSpec(spec: TopicSpec): string {
  const parts = [
    spec.partitions === undefined
      ? 'default partitions'
      : `${spec.partitions} partition${spec.partitions === 1 ? '' : 's'}`,
    `replication factor ${spec.replicationFactor ?? 'default'}`,
    ...Object.entries(spec.config ?? {}).map(([name, value]) => `${name}=${value}`),
  ];
  return parts.join(', ');
}

/** kafkajs wraps per-topic broker errors in an aggregate whose own message says little. */
function brokerReason(error: unknown): string {
  const nested = (error as { errors?: unknown }).errors;
  const errors = Array.isArray(nested) && nested.length > 0 ? nested : [error];
  return errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
}

async function waitForLeaders(
  admin: Admin,
  specs: readonly TopicSpec[],
  timeoutMs: number,
): Promise<void> {
  if (specs.length === 0) return;
  const names = specs.map((spec) => spec.topic);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      if (names.every((name) => isLed(topics.find((t) => t.name === name)))) return;
    } catch (error) {
      lastError = error; // metadata of a new topic propagates asynchronously on KRaft
    }
    if (Date.now() > deadline) throw new TopicNotReadyError(names, timeoutMs, lastError);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isLed(topic: ITopicMetadata | undefined): boolean {
  return (
    topic !== undefined &&
    topic.partitions.length > 0 &&
    topic.partitions.every((partition) => partition.leader >= 0)
  );
}
