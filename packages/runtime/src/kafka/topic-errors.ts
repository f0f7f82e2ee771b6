/** Typed errors of topic checks and creation (topics.ts); each names the topic it is about. */
import { KafkaEventsError } from '../core/errors';

/** How a user creates a domain's topics; the default advice of TopicMissingError. */
export const CREATE_TOPICS_HINT =
  'create it with `npx kafka-events topics --ensure` (or the `events-topics` Nx target of the ' +
  'domain library), or with ensureTopics() from @kafka-events/runtime';

function quoted(topics: readonly string[]): string {
  return topics.map((topic) => `"${topic}"`).join(', ');
}

/**
 * A topic the caller needs does not exist. Brokers with auto.create.topics.enable=false (the norm
 * on managed and production clusters) never create one on first use.
 */
export class TopicMissingError extends KafkaEventsError {
  declare readonly code: 'TOPIC_MISSING';
  readonly topics: readonly string[];

  constructor(topics: readonly string[], howToCreate: string = CREATE_TOPICS_HINT) {
    const subject =
      topics.length === 1
        ? `Topic ${quoted(topics)} does not exist`
        : `Topics ${quoted(topics)} do not exist`;
    super('TOPIC_MISSING', `${subject}; ${howToCreate}`);
    this.name = 'TopicMissingError';
    this.topics = Object.freeze([...topics]);
  }
}

export interface PartitionMismatch {
  readonly topic: string;
  readonly declared: number;
  readonly actual: number;
}

/**
 * An existing topic has another partition count than declared. Never "fixed" by us: adding
 * partitions moves keys to other partitions, which breaks per-key ordering across the change.
 */
export class TopicMismatchError extends KafkaEventsError {
  declare readonly code: 'TOPIC_MISMATCH';
  readonly mismatches: readonly PartitionMismatch[];

  constructor(mismatches: readonly PartitionMismatch[]) {
    const each = mismatches.map(
      (m) =>
        `topic "${m.topic}" has ${m.actual} partition${m.actual === 1 ? '' : 's'}, declared ${m.declared}`,
    );
    super(
      'TOPIC_MISMATCH',
      `${each.join('; ')}. Existing topics are left as they are: declare the actual count, or ` +
        'change the topic yourself (kafka-topics.sh --alter --partitions; adding partitions moves ' +
        'keys to other partitions, so per-key ordering breaks across the change)',
    );
    this.name = 'TopicMismatchError';
    this.mismatches = Object.freeze(mismatches.map((m) => Object.freeze({ ...m })));
  }
}

/** A topic spec that cannot be created as given (bad name, partition count, config value). */
export class TopicSpecError extends KafkaEventsError {
  declare readonly code: 'TOPIC_SPEC_INVALID';

  constructor(message: string) {
    super('TOPIC_SPEC_INVALID', message);
    this.name = 'TopicSpecError';
  }
}

/** The broker refused to create a topic (e.g. a replication factor above the broker count). */
export class TopicCreateError extends KafkaEventsError {
  declare readonly code: 'TOPIC_CREATE_FAILED';
  readonly topic: string;

  constructor(topic: string, settings: string, reason: string, cause: unknown) {
    super('TOPIC_CREATE_FAILED', `Could not create topic "${topic}" (${settings}): ${reason}`, {
      cause,
    });
    this.name = 'TopicCreateError';
    this.topic = topic;
  }
}

/** Topics exist but some partition got no leader in time: nothing can be produced there yet. */
export class TopicNotReadyError extends KafkaEventsError {
  declare readonly code: 'TOPIC_NOT_READY';
  readonly topics: readonly string[];

  constructor(topics: readonly string[], timeoutMs: number, cause?: unknown) {
    super(
      'TOPIC_NOT_READY',
      `${quoted(topics)}: not every partition has a leader after ${timeoutMs} ms`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'TopicNotReadyError';
    this.topics = Object.freeze([...topics]);
  }
}
