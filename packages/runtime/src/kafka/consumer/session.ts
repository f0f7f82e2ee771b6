/**
 * One start() of the consumer, up to its stop: the kafkajs consumer and dead-letter producer of
 * that start, its offset committer, its restart after a crash, and its stop sequence. What outlives
 * a start (the record pipeline and its stats, run()'s promise) stays in consumer.ts.
 */
import type { Consumer, ConsumerRunConfig, Kafka, Producer } from 'kafkajs';
import { ConsumerCrashedError, type ConsumerError } from '../errors';
import { errorText } from '../dead-letter';
import { installSignalHandlers } from '../signals';
import { createOffsetCommitter } from '../offset-commits';
import { checkConsumerTopics } from '../consumer-topics';
import type { RecordPipeline } from '../pipeline/record-pipeline';
import { createBatchProcessor, type GroupMembership } from '../pipeline/batch';
import type { ConsumerOptionsBase, ConsumerSettings } from './options';

export interface ConsumerSessionConfig {
  readonly kafka: Kafka;
  readonly options: ConsumerOptionsBase;
  readonly settings: ConsumerSettings;
  readonly pipeline: RecordPipeline;
  readonly report: (error: ConsumerError) => void;
  /** The DomainConsumer's stop(): a start that failed, a signal or a crash not restarted ends it. */
  readonly stopDomainConsumer: () => Promise<void>;
  /** A crash not restarted: run() rejects with it. */
  readonly rejectRun: (error: ConsumerCrashedError) => void;
  /** The end of stop(), once the dead-letter producer is disconnected. */
  readonly stopped: () => void;
}

export interface ConsumerSession {
  readonly consumer: Consumer;
  readonly deadLetterProducer: Producer;
  /** Topic check, connect, subscribe and join; on failure the DomainConsumer is stopped. */
  start(): Promise<void>;
  /** Called once, by the DomainConsumer's stop(). */
  stop(): Promise<void>;
}

export function createConsumerSession(config: ConsumerSessionConfig): ConsumerSession {
  const { kafka, options, settings, pipeline, report, stopDomainConsumer, rejectRun, stopped } =
    config;
  const { groupId, topic, deadLetterTopic, logger } = settings;
  const stopController = new AbortController();
  const stopSignal = stopController.signal;
  // One per start: it holds the commit functions of that start's kafkajs consumer.
  const offsets = createOffsetCommitter(settings.commitIntervalMs, (error) =>
    logger.warn('committing offsets failed; they are committed later or redelivered', {
      groupId,
      error: errorText(error),
    }),
  );
  // kafkajs restarts a crashed consumer from a timer that disconnect() cannot cancel once it has
  // fired: a stop while that restart connects leaves a runner joining the group and fetching
  // after stop() resolved. So kafkajs never restarts (restartOnFailure answers false) and this
  // consumer does, where stop() can cancel the timer or wait for the run() in flight.
  const userRestartOnFailure = options.consumerConfig?.retry?.restartOnFailure;
  let restartWanted = false;
  // The restart after a crash, and kafkajs' run() while it connects and joins.
  let restartTimer: NodeJS.Timeout | undefined;
  let runInFlight: Promise<void> | undefined;
  let removeSignalHandlers: (() => void) | undefined;

  const consumer = kafka.consumer({
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

  consumer.on(consumer.events.CRASH, ({ payload }) => {
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
        runKafkaConsumer().catch((runError: unknown) => {
          const failed = new ConsumerCrashedError(groupId, false, runError);
          report(failed);
          rejectRun(failed);
          void stopDomainConsumer();
        });
      }, delay);
    } else if (!stopSignal.aborted) {
      rejectRun(error);
      void stopDomainConsumer();
    }
  });
  // The guard covers the rest of one fetch: kafkajs fetches again only after it dealt with the
  // error (rejoined, or retried when another batch's error reached it first), from the offsets
  // resolved before the guard was set, so a later fetch is worked on whatever happened.
  consumer.on(consumer.events.FETCH_START, () => {
    membership.ending = false;
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    membership.ending = false;
    offsets.rejoined(payload.memberAssignment[topic] ?? [], (partition, offset) =>
      consumer.seek({ topic, partition, offset }),
    );
  });
  // kafkajs has no revoke callback; REBALANCING is emitted right before it rejoins, while this
  // member's generation still owns its partitions and may commit. The commit request goes out
  // before the JoinGroup (which first looks up the coordinator), so the finished records of
  // partitions that move elsewhere are not redelivered to their next owner. If it fails anyway
  // (the group already moved on), they are redelivered: never lost.
  consumer.on(consumer.events.REBALANCING, () => {
    offsets.commit().catch((error: unknown) =>
      logger.warn('committing offsets before a rebalance failed; they will be redelivered', {
        groupId,
        error: errorText(error),
      }),
    );
  });

  async function checkTopics(): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await checkConsumerTopics(admin, {
        topic,
        deadLetterTopic,
        createDeadLetterTopic: settings.createDeadLetterTopic,
        deadLetterReplicationFactor: settings.deadLetterReplicationFactor,
        groupId,
        logger,
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** kafkajs' run(), remembered until it has joined (or crashed) so that stop() can wait for it. */
  function runKafkaConsumer(): Promise<void> {
    const run = consumer.run(runConfig).finally(() => {
      if (runInFlight === run) runInFlight = undefined;
    });
    runInFlight = run;
    return run;
  }

  async function start(): Promise<void> {
    try {
      await checkTopics();
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      await runKafkaConsumer();
    } catch (error) {
      await stopDomainConsumer();
      throw error;
    }
    // a stop() while this start connected has ended the session: nothing left to stop on a signal
    if (options.stopOnSignals && !stopSignal.aborted) {
      const signals =
        options.stopOnSignals === true ? (['SIGTERM', 'SIGINT'] as const) : options.stopOnSignals;
      removeSignalHandlers = installSignalHandlers(signals, (signal) => {
        logger.info(`received ${signal}, stopping`, { groupId, topic });
        return stopDomainConsumer();
      });
    }
    logger.info(`consuming ${topic} as group ${groupId}`, { groupId, topic, deadLetterTopic });
  }

  async function stop(): Promise<void> {
    stopController.abort();
    removeSignalHandlers?.();
    removeSignalHandlers = undefined;
    try {
      // A restart not begun is dropped; one in flight is awaited, so that disconnect() below
      // stops the runner it started (kafkajs only stops the runner it knows at that moment).
      clearTimeout(restartTimer);
      restartTimer = undefined;
      await runInFlight?.catch(() => undefined);
      // Offsets resolved by earlier batches and still waiting for the interval: commit them while
      // this member is in the group. Then disconnect() stops the runner, which waits for the
      // batch in hand (it sees the stop and commits on exit) and leaves the group.
      await offsets.commit().catch((error: unknown) =>
        logger.warn('committing offsets on stop failed; they will be redelivered', {
          groupId,
          error: errorText(error),
        }),
      );
      await consumer.disconnect();
    } finally {
      offsets.cancel();
      await producer.disconnect();
      stopped();
    }
  }

  return { consumer, deadLetterProducer: producer, start, stop };
}
