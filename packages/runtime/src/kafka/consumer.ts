/**
 * The typed kafkajs consumer of a domain: at-least-once, with retries, a dead-letter topic,
 * optional deduplication and a graceful stop.
 *
 * Offsets: autoCommit is off. A record's offset is resolved only after its handler succeeded
 * (or after it was safely written to the dead-letter topic), and only resolved offsets are ever
 * committed: once `commitIntervalMs` has passed since the last commit (checked between records,
 * at batch end and by a timer when idle), when a batch fails, on stop and when a rebalance starts.
 * So a crash can repeat work (at most about `commitIntervalMs` of it) but never skip it.
 *
 * This module is the group lifecycle: start (topic check, connect, join), the restart after a
 * crash, stop, and the commits of a rebalance or a stop. Each batch goes through
 * pipeline/batch.ts (offset resolution, commits when due) and each record through
 * pipeline/record-pipeline.ts (decode, handler, dedupe, retries, dead letter).
 */
import type {
  Consumer,
  ConsumerConfig,
  ConsumerRunConfig,
  Kafka,
  Producer,
  ProducerConfig,
} from 'kafkajs';
import type { AnyEventDomain } from '../core/domain-types';
import { KafkaEventsError } from '../core/errors';
import { ConsumerCrashedError, type ConsumerError } from './errors';
import { checkHandlers, type ExhaustiveHandlerMap, type HandlerMap } from './handlers';
import { resolveRetry, type RetryOptions } from './retry';
import { resolveDedupeStore, type DedupeStore } from './dedupe';
import { errorText } from './dead-letter';
import { consoleLogger, type EventLogger } from './logger';
import { installSignalHandlers } from './signals';
import { createOffsetCommitter } from './offset-commits';
import { checkConsumerTopics } from './consumer-topics';
import { createRecordPipeline, type ConsumerStats } from './pipeline/record-pipeline';
import { createDeadLetterWriter } from './pipeline/dead-letter-writer';
import { createBatchProcessor, type GroupMembership } from './pipeline/batch';

export type { ConsumerStats } from './pipeline/record-pipeline';

interface ConsumerOptionsBase {
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

export interface DomainConsumer<D extends AnyEventDomain> {
  readonly domain: D;
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  /** The current kafkajs consumer (a new one per start), for its instrumentation events. */
  readonly consumer: Consumer | undefined;
  /** Connects, joins the group and starts consuming; resolves once running. */
  start(): Promise<void>;
  /** Finishes the record in hand, commits, leaves the group and disconnects. */
  stop(): Promise<void>;
  /** start(), then resolves when stopped; rejects if kafkajs gives up on the consumer. */
  run(): Promise<void>;
  stats(): ConsumerStats;
}

export function createConsumer<D extends AnyEventDomain>(
  domain: D,
  kafka: Kafka,
  options: ConsumerOptions<D>,
): DomainConsumer<D> {
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

  let consumer: Consumer | undefined;
  let deadLetterProducer: Producer | undefined;
  let stopController = new AbortController();
  let stopping: Promise<void> | undefined;
  let removeSignalHandlers: (() => void) | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  // The restart after a crash (see start), and kafkajs' run() while it connects and joins.
  let restartTimer: NodeJS.Timeout | undefined;
  let runInFlight: Promise<void> | undefined;
  // One per start: it holds the commit functions of that start's kafkajs consumer.
  const newOffsetCommitter = () =>
    createOffsetCommitter(commitIntervalMs, (error) =>
      logger.warn('committing offsets failed; they are committed later or redelivered', {
        groupId,
        error: errorText(error),
      }),
    );
  let offsets = newOffsetCommitter();

  function report(error: ConsumerError, fields: Record<string, unknown> = {}): void {
    // A crash kafkajs recovers from by itself (a coordinator still loading, a broker restart) is a warning.
    const level = error instanceof ConsumerCrashedError && error.willRestart ? 'warn' : 'error';
    logger[level](error.message, { groupId, code: error.code, ...fields });
    try {
      options.onError?.(error);
    } catch (hookError) {
      logger.error('onError hook threw', { groupId, error: errorText(hookError) });
    }
  }

  // The per-record work; it lives as long as this object, so its stats add up over restarts.
  const pipeline = createRecordPipeline({
    domain,
    groupId,
    handlers: checkHandlers(domain, options.handlers, options.exhaustive === true),
    retry: resolveRetry(options.retry),
    dedupe: resolveDedupeStore(options.dedupe),
    onUnhandled: options.onUnhandled ?? 'skip',
    logger,
    report,
    deadLetter: createDeadLetterWriter({
      deadLetterTopic,
      groupId,
      producer: () => deadLetterProducer,
      logger,
      report,
    }),
  });

  async function start(): Promise<void> {
    if (consumer !== undefined)
      throw new KafkaEventsError(
        'CONSUMER_STATE',
        `Consumer of group ${groupId} is already started`,
      );
    stopController = new AbortController();
    const stopSignal = stopController.signal;
    stopping = undefined;
    offsets = newOffsetCommitter();
    // kafkajs restarts a crashed consumer from a timer that disconnect() cannot cancel once it has
    // fired: a stop while that restart connects leaves a runner joining the group and fetching
    // after stop() resolved. So kafkajs never restarts (restartOnFailure answers false) and this
    // consumer does, where stop() can cancel the timer or wait for the run() in flight.
    const userRestartOnFailure = options.consumerConfig?.retry?.restartOnFailure;
    let restartWanted = false;
    const current = kafka.consumer({
      ...options.consumerConfig,
      groupId,
      retry: {
        ...options.consumerConfig?.retry,
        // kafkajs asks only about retriable errors, right before it emits CRASH.
        restartOnFailure: async (error) => {
          restartWanted =
            !stopSignal.aborted &&
            (userRestartOnFailure === undefined ||
              (await userRestartOnFailure(error).catch((hookError: unknown) => {
                // kafkajs' own default when the hook throws
                logger.error('restartOnFailure threw; restarting', {
                  groupId,
                  error: errorText(hookError),
                });
                return true;
              })));
          return false;
        },
      },
    });
    const membership: GroupMembership = { ending: false };
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: createBatchProcessor({
        pipeline,
        offsets,
        membership,
        stopSignal,
        groupId,
        logger,
      }),
    };
    const producer = kafka.producer({
      ...options.deadLetterProducerConfig,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    consumer = current;
    deadLetterProducer = producer;
    current.on(current.events.CRASH, ({ payload }) => {
      const restart = restartWanted && !stopSignal.aborted;
      restartWanted = false;
      const error = new ConsumerCrashedError(groupId, restart, payload.error);
      report(error);
      if (restart) {
        // kafkajs has disconnected by now; run() again starts a new runner (as its own restart does).
        // The crashed run's commit functions reach its own group object: none until a new batch.
        offsets.use(undefined);
        const retryTime = (payload.error as { retryTime?: number }).retryTime;
        const delay = retryTime || options.consumerConfig?.retry?.initialRetryTime || 300;
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          runKafkaConsumer(current, runConfig).catch((runError: unknown) => {
            const failed = new ConsumerCrashedError(groupId, false, runError);
            report(failed);
            settle?.reject(failed);
            void stop();
          });
        }, delay);
      } else if (!stopSignal.aborted) {
        settle?.reject(error);
        void stop();
      }
    });
    // The guard covers the rest of one fetch: kafkajs fetches again only after it dealt with the
    // error (rejoined, or retried when another batch's error reached it first), from the offsets
    // resolved before the guard was set, so a later fetch is worked on whatever happened.
    current.on(current.events.FETCH_START, () => {
      membership.ending = false;
    });
    current.on(current.events.GROUP_JOIN, ({ payload }) => {
      membership.ending = false;
      offsets.rejoined(payload.memberAssignment[topic] ?? [], (partition, offset) =>
        current.seek({ topic, partition, offset }),
      );
    });
    // kafkajs has no revoke callback; REBALANCING is emitted right before it rejoins, while this
    // member's generation still owns its partitions and may commit. The commit request goes out
    // before the JoinGroup (which first looks up the coordinator), so the finished records of
    // partitions that move elsewhere are not redelivered to their next owner. If it fails anyway
    // (the group already moved on), they are redelivered: never lost.
    current.on(current.events.REBALANCING, () => {
      offsets.commit().catch((error: unknown) =>
        logger.warn('committing offsets before a rebalance failed; they will be redelivered', {
          groupId,
          error: errorText(error),
        }),
      );
    });
    try {
      await checkTopics();
      await producer.connect();
      await current.connect();
      await current.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      await runKafkaConsumer(current, runConfig);
    } catch (error) {
      await stop();
      throw error;
    }
    if (options.stopOnSignals) {
      const signals =
        options.stopOnSignals === true ? (['SIGTERM', 'SIGINT'] as const) : options.stopOnSignals;
      removeSignalHandlers = installSignalHandlers(signals, (signal) => {
        logger.info(`received ${signal}, stopping`, { groupId, topic });
        return stop();
      });
    }
    logger.info(`consuming ${topic} as group ${groupId}`, { groupId, topic, deadLetterTopic });
  }

  async function checkTopics(): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await checkConsumerTopics(admin, {
        topic,
        deadLetterTopic,
        createDeadLetterTopic,
        deadLetterReplicationFactor,
        groupId,
        logger,
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** kafkajs' run(), remembered until it has joined (or crashed) so that stop() can wait for it. */
  function runKafkaConsumer(current: Consumer, config: ConsumerRunConfig): Promise<void> {
    const run = current.run(config).finally(() => {
      if (runInFlight === run) runInFlight = undefined;
    });
    runInFlight = run;
    return run;
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      stopController.abort();
      removeSignalHandlers?.();
      removeSignalHandlers = undefined;
      const [current, producer] = [consumer, deadLetterProducer];
      try {
        // A restart not begun is dropped; one in flight is awaited, so that disconnect() below
        // stops the runner it started (kafkajs only stops the runner it knows at that moment).
        clearTimeout(restartTimer);
        restartTimer = undefined;
        await runInFlight?.catch(() => undefined);
        // Offsets resolved by earlier batches and still waiting for the interval: commit them while
        // this member is in the group. Then disconnect() stops the runner, which waits for the
        // batch in hand (it sees the stop and commits on exit) and leaves the group.
        if (current !== undefined) {
          await offsets.commit().catch((error: unknown) =>
            logger.warn('committing offsets on stop failed; they will be redelivered', {
              groupId,
              error: errorText(error),
            }),
          );
        }
        await current?.disconnect();
      } finally {
        offsets.cancel();
        await producer?.disconnect();
        consumer = undefined;
        deadLetterProducer = undefined;
        logger.info(`stopped consuming ${topic}`, { groupId, topic, ...pipeline.stats() });
        settle?.resolve();
        settle = undefined;
      }
    })();
    return stopping;
  }

  return {
    domain,
    groupId,
    topic,
    deadLetterTopic,
    get consumer() {
      return consumer;
    },
    start,
    stop,
    run() {
      const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      return start().then(() => finished);
    },
    stats: pipeline.stats,
  };
}
