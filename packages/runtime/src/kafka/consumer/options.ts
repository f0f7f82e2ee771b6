/**
 * The options of createConsumer, and the settings it derives from them once: defaults filled in
 * and every value checked before anything connects.
 */
import type { ConsumerConfig, ProducerConfig } from 'kafkajs';
import type { AnyEventDomain } from '../../core/domain-types';
import type { ConsumerError } from '../errors';
import type { ExhaustiveHandlerMap, HandlerMap } from '../handlers';
import type { RetryOptions } from '../retry';
import type { DedupeStore } from '../dedupe';
import { consoleLogger, type EventLogger } from '../logger';

export interface ConsumerOptionsBase {
  readonly groupId: string;
  /** Default: the domain's topic. */
  readonly topic?: string;
  /**
   * Where a group without committed offsets starts. Default true (the earliest record): a new
   * service sees the events published before its first deployment instead of silently missing them.
   */
  readonly fromBeginning?: boolean;
  /** Handler retries before dead-lettering. Default 3 attempts, 200 ms doubling up to 10 s. */
  readonly retry?: Partial<RetryOptions>;
  /** Default `${topic}.dlq`. */
  readonly deadLetterTopic?: string;
  /**
   * On a broker that does not create topics on first use (auto.create.topics.enable=false),
   * start() checks that the topic and the dead-letter topic exist. A missing topic fails start()
   * with TOPIC_MISSING; a missing dead-letter topic is created with as many partitions as the
   * topic (true, the default) or fails start() the same way (false). Brokers that create topics
   * on first use are left to do so.
   */
  readonly createDeadLetterTopic?: boolean;
  /** Replication factor of a dead-letter topic created by start(). Default: the broker's. */
  readonly deadLetterReplicationFactor?: number;
  /** Skip events whose event_id was already handled: true for the in-memory LRU, or a store. */
  readonly dedupe?: DedupeStore | boolean;
  /**
   * A valid event of a type without a handler: `skip` (commit and go on, the default: a service
   * usually handles only some of a topic's types) or `dead-letter`.
   */
  readonly onUnhandled?: 'skip' | 'dead-letter';
  /** Stop gracefully on SIGTERM and SIGINT (true) or on the listed signals, then re-raise the signal. */
  readonly stopOnSignals?: boolean | readonly NodeJS.Signals[];
  /**
   * Longest time the offsets of finished records stay uncommitted while the consumer runs (they
   * are also committed on stop and when a rebalance starts). A crash redelivers about this much
   * work. 0 commits after every batch. Default 1000 ms.
   */
  readonly commitIntervalMs?: number;
  /** Partitions processed in parallel (order within each partition is always kept). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  readonly logger?: EventLogger;
  /** Every typed error the consumer reports (also logged). */
  readonly onError?: (error: ConsumerError) => void;
  /** Anything else for `kafka.consumer(...)` (session timeout, maxWaitTimeInMs, retry...). */
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Config of the dead-letter producer (always idempotent, acks all). */
  readonly deadLetterProducerConfig?: Omit<ProducerConfig, 'idempotent' | 'transactionalId'>;
}

export type ConsumerOptions<D extends AnyEventDomain> = ConsumerOptionsBase &
  (
    | {
        /** Every event type must have a handler: a missing one is a compile error. */
        readonly exhaustive: true;
        readonly handlers: ExhaustiveHandlerMap<D>;
      }
    | { readonly exhaustive?: false; readonly handlers: HandlerMap<D> }
  );

export interface ConsumerSettings {
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly commitIntervalMs: number;
  readonly createDeadLetterTopic: boolean;
  readonly deadLetterReplicationFactor: number | undefined;
  readonly logger: EventLogger;
}

/** Throws a TypeError naming the domain and the first invalid option. */
export function resolveConsumerSettings(
  domain: AnyEventDomain,
  options: ConsumerOptionsBase,
): ConsumerSettings {
  if (typeof options.groupId !== 'string' || options.groupId === '') {
    throw new TypeError(`createConsumer(${domain.domain}): groupId must be a non-empty string`);
  }
  const { groupId } = options;
  const topic = options.topic ?? domain.topic;
  const deadLetterTopic = options.deadLetterTopic ?? `${topic}.dlq`;
  const commitIntervalMs = options.commitIntervalMs ?? 1000;
  if (
    typeof commitIntervalMs !== 'number' ||
    !(commitIntervalMs >= 0) ||
    commitIntervalMs === Infinity
  ) {
    throw new TypeError(
      `createConsumer(${domain.domain}): commitIntervalMs must be a finite number >= 0, got ${String(commitIntervalMs)}`,
    );
  }
  const createDeadLetterTopic = options.createDeadLetterTopic ?? true;
  if (typeof createDeadLetterTopic !== 'boolean') {
    throw new TypeError(
      `createConsumer(${domain.domain}): createDeadLetterTopic must be true or false, got ${String(createDeadLetterTopic)}`,
    );
  }
  const { deadLetterReplicationFactor } = options;
  if (
    deadLetterReplicationFactor !== undefined &&
    !(Number.isInteger(deadLetterReplicationFactor) && deadLetterReplicationFactor >= 1)
  ) {
    throw new TypeError(
      `createConsumer(${domain.domain}): deadLetterReplicationFactor must be an integer >= 1, got ${String(deadLetterReplicationFactor)}`,
    );
  }
  const logger = options.logger ?? consoleLogger;
  return {
    groupId,
    topic,
    deadLetterTopic,
    commitIntervalMs,
    createDeadLetterTopic,
    deadLetterReplicationFactor,
    logger,
  };
}
