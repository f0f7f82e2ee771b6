/**
 * The consumer's topic check at start. On a broker that creates topics on first use nothing can
 * stall, and nothing changes. On one that does not (auto.create.topics.enable=false, the norm on
 * managed and production clusters) a missing topic fails start() naming it, and a missing
 * dead-letter topic is created (as many partitions as the topic) unless the options forbid it:
 * otherwise the first undecodable record would block its partition for ever, its dead-letter
 * write failing and the record read again.
 */
import type { Admin, ConfigResourceTypes } from 'kafkajs';
import { TopicMissingError, CREATE_TOPICS_HINT } from './topic-errors';
import { ensureTopics, findMissingTopics } from './topics';
import type { EventLogger } from './logger';

export interface ConsumerTopicCheck {
  readonly topic: string;
  readonly deadLetterTopic: string;
  /** Create a missing dead-letter topic (true) or fail start() (false). */
  readonly createDeadLetterTopic: boolean;
  /** For a dead-letter topic created here; undefined = the broker's default. */
  readonly deadLetterReplicationFactor: number | undefined;
  readonly groupId: string;
  readonly logger: EventLogger;
}

// kafkajs' ConfigResourceTypes.BROKER, without importing kafkajs' runtime into this module.
const BROKER_RESOURCE = 4 as ConfigResourceTypes;

/**
 * Whether the broker creates topics on first use. A broker that does not say (a DescribeConfigs
 * ACL missing) is taken as one that does not: then the check is made rather than skipped.
 */
async function brokerCreatesTopics(admin: Admin): Promise<boolean> {
  try {
    const { brokers, controller } = await admin.describeCluster();
    const nodeId = controller ?? brokers[0]?.nodeId;
    if (nodeId === undefined) return false;
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: BROKER_RESOURCE,
          name: String(nodeId),
          configNames: ['auto.create.topics.enable'],
        },
      ],
    });
    const entry = resources[0]?.configEntries.find(
      (e) => e.configName === 'auto.create.topics.enable',
    );
    return entry?.configValue === 'true';
  } catch {
    return false;
  }
}

/** Resolves when consuming can start; rejects with TopicMissingError or a topic creation error. */
export async function checkConsumerTopics(admin: Admin, check: ConsumerTopicCheck): Promise<void> {
  const { topic, deadLetterTopic, groupId, logger } = check;
  const missing = await findMissingTopics(admin, [topic, deadLetterTopic]);
  if (missing.length === 0 || (await brokerCreatesTopics(admin))) return;
  if (missing.includes(topic)) {
    const also = missing.includes(deadLetterTopic) ? [deadLetterTopic] : [];
    throw new TopicMissingError(
      [topic, ...also],
      `the broker does not create topics on first use; ${CREATE_TOPICS_HINT}`,
    );
  }
  if (!check.createDeadLetterTopic) {
    throw new TopicMissingError(
      [deadLetterTopic],
      'it is the dead-letter topic of this consumer and the broker does not create topics on ' +
        `first use, so the first record that cannot be handled would block its partition; ${CREATE_TOPICS_HINT}, ` +
        'or let the consumer create it (createDeadLetterTopic: true)',
    );
  }
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitions = topics[0]?.partitions.length;
  const { created } = await ensureTopics(admin, [
    { topic: deadLetterTopic, partitions, replicationFactor: check.deadLetterReplicationFactor },
  ]);
  if (created.length > 0) {
    logger.info(`created dead-letter topic ${deadLetterTopic} (${partitions} partitions)`, {
      groupId,
      topic,
      deadLetterTopic,
    });
  }
}
