/**
 * The typed kafkajs consumer of a domain: at-least-once, with retries, a dead-letter topic,
 * optional deduplication and a graceful stop.
 *
 * Offsets: autoCommit is off. A record's offset is resolved only after its handler succeeded
 * (or after it was safely written to the dead-letter topic), and only resolved offsets are ever
 * committed: once `commitIntervalMs` has passed since the last commit (checked between records,
 * at batch end and by a timer when idle), when a batch fails, on stop and when a rebalance starts.
 * So a crash can repeat work (at most about `commitIntervalMs` of it) but never skip it.
 */
import type {
  Batch,
  Consumer,
  ConsumerConfig,
  ConsumerRunConfig,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
  Producer,
  ProducerConfig,
} from 'kafkajs';
import type { AnyEventDomain } from '../core/domain-types';
import { decodeConsumedRecord } from '../cloudevents/kafka-record';
import { KafkaEventsError } from '../core/errors';
import {
  ConsumerCrashedError,
  DeadLetterError,
  HandlerFailedError,
  UnhandledEventTypeError,
  describePosition,
  type ConsumerError,
  type RecordPosition,
} from './errors';
import {
  checkHandlers,
  type ExhaustiveHandlerMap,
  type HandlerMap,
  type MessageContext,
} from './handlers';
import { backoffMs, resolveRetry, waitWithHeartbeats, type RetryOptions } from './retry';
import { resolveDedupeStore, type DedupeStore } from './dedupe';
import { deadLetterMessage, errorCode, errorText, type DeadLetterReason } from './dead-letter';
import { consoleLogger, type EventLogger } from './logger';
import { installSignalHandlers } from './signals';
import { createOffsetCommitter } from './offset-commits';

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

export interface ConsumerStats {
  /** Handler succeeded. */
  readonly handled: number;
  /** Written to the dead-letter topic. */
  readonly deadLettered: number;
  /** Valid events without a handler, skipped. */
  readonly skipped: number;
  /** Already handled according to the dedupe store. */
  readonly duplicates: number;
}

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

type Outcome = 'done' | 'interrupted';
/**
 * The steps of a record return a plain Outcome when everything they did was synchronous (a sync
 * handler, no dedupe store round trip) and a promise otherwise: the common path then costs no
 * promise and no microtask per record, which is most of the bookkeeping at consumer rates.
 */
type Step = Outcome | Promise<Outcome>;
type AnyHandler = (event: never, context: MessageContext) => void | Promise<void>;
type DecodedEvent = { readonly event_type: string; readonly event_id: string };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `next(value)` now for a plain value, after it settles for a promise (what `await` would do). */
function andThen<T>(value: T | PromiseLike<T>, next: (value: T) => Step): Step {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

const HEARTBEAT_DURING_BACKOFF_MS = 1000;
/**
 * Between records, kafkajs' heartbeat() is called at most this often. It only sends a request
 * once its heartbeatInterval has passed, so calling it after every record bought nothing but
 * three promises; this delays a heartbeat or noticing a rebalance by at most this much.
 */
const HEARTBEAT_CHECK_MS = 100;

export function createConsumer<D extends AnyEventDomain>(
  domain: D,
  kafka: Kafka,
  options: ConsumerOptions<D>,
): DomainConsumer<D> {
  if (typeof options.groupId !== 'string' || options.groupId === '') {
    throw new TypeError(`createConsumer(${domain.domain}): groupId must be a non-empty string`);
  }
  const { groupId } = options;
  const handlers = checkHandlers(domain, options.handlers, options.exhaustive === true);
  const handledTypes = [...handlers.keys()];
  const retry = resolveRetry(options.retry);
  const dedupe = resolveDedupeStore(options.dedupe);
  const topic = options.topic ?? domain.topic;
  const deadLetterTopic = options.deadLetterTopic ?? `${topic}.dlq`;
  const onUnhandled = options.onUnhandled ?? 'skip';
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
  const logger = options.logger ?? consoleLogger;
  const stats = { handled: 0, deadLettered: 0, skipped: 0, duplicates: 0 };

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

  async function deadLetter(
    position: RecordPosition,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ) {
    try {
      await deadLetterProducer!.send({
        topic: deadLetterTopic,
        acks: -1,
        messages: [deadLetterMessage(position, message, reason, groupId)],
      });
    } catch (cause) {
      const error = new DeadLetterError(position, deadLetterTopic, cause);
      report(error, { ...position });
      throw error;
    }
    stats.deadLettered++;
    logger.warn(
      `dead-lettered ${describePosition(position)} to ${deadLetterTopic}: ${reason.message}`,
      {
        ...position,
        groupId,
        code: reason.code,
        attempts: reason.attempts,
      },
    );
  }

  function handlerContext(
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    attempt: number,
  ): MessageContext {
    return {
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      key: message.key === null ? null : message.key.toString(),
      groupId,
      attempt,
      message,
      heartbeat,
      signal: stopController.signal,
    };
  }

  /** One record, start to end. Settles 'done' when its offset may be committed. */
  function processMessage(
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Step {
    let event: DecodedEvent;
    try {
      event = decodeConsumedRecord(domain, message);
    } catch (error) {
      // Only our typed decode errors mean "poison"; anything else is a bug to surface.
      if (!(error instanceof KafkaEventsError)) throw error;
      return deadLettered(position, message, {
        code: error.code,
        message: error.message,
        attempts: 0,
      });
    }
    const handler = handlers.get(event.event_type);
    if (handler === undefined) return unhandled(event, position, message);
    if (dedupe === undefined) return handle(handler, event, position, message, heartbeat);
    return andThen(dedupe.has(event.event_id), (seen) => {
      if (!seen) return handle(handler, event, position, message, heartbeat);
      stats.duplicates++;
      logger.debug(`event ${event.event_id} already handled, skipped`, { ...position, groupId });
      return 'done';
    });
  }

  function unhandled(event: DecodedEvent, position: RecordPosition, message: KafkaMessage): Step {
    if (onUnhandled === 'dead-letter') {
      const error = new UnhandledEventTypeError(event.event_type, handledTypes);
      return deadLettered(position, message, {
        code: error.code,
        message: error.message,
        attempts: 0,
      });
    }
    stats.skipped++;
    logger.debug(`no handler for ${event.event_type}, skipped`, { ...position, groupId });
    return 'done';
  }

  /** The first attempt; a failure goes on in retryFailed. */
  function handle(
    handler: AnyHandler,
    event: DecodedEvent,
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Step {
    let result: void | Promise<void>;
    try {
      result = handler(event as never, handlerContext(position, message, heartbeat, 1));
    } catch (cause) {
      return retryFailed(handler, event, position, message, heartbeat, cause);
    }
    if (!isThenable(result)) return handled(event);
    return Promise.resolve(result).then(
      () => handled(event),
      (cause: unknown) => retryFailed(handler, event, position, message, heartbeat, cause),
    );
  }

  /** After the handler succeeded. */
  function handled(event: DecodedEvent): Step {
    if (dedupe === undefined) {
      stats.handled++;
      return 'done';
    }
    // Only now: a crash before this line re-runs the handler instead of skipping it.
    return andThen(dedupe.add(event.event_id), () => {
      stats.handled++;
      return 'done';
    });
  }

  /**
   * Retries after attempt 1 failed with `firstCause`, until an attempt succeeds, the attempts run
   * out or the error is not retryable (then the record is dead-lettered), or a stop interrupts a
   * backoff.
   */
  async function retryFailed(
    handler: AnyHandler,
    event: DecodedEvent,
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    firstCause: unknown,
  ): Promise<Outcome> {
    let cause = firstCause;
    // `cause` is what attempt number `attempt` failed with.
    for (let attempt = 1; ; attempt++) {
      if (attempt >= retry.attempts || !retry.retryable(cause)) {
        const error = new HandlerFailedError(position, event, attempt, cause);
        report(error, { ...position });
        await deadLetter(position, message, {
          code: error.code,
          message: errorText(cause),
          attempts: attempt,
        });
        return 'done';
      }
      const wait = backoffMs(retry, attempt);
      logger.warn(
        `handler for ${event.event_type} failed at ${describePosition(position)} ` +
          `(attempt ${attempt}/${retry.attempts}), retrying in ${wait} ms: ${errorText(cause)}`,
        { ...position, groupId, eventId: event.event_id, attempt },
      );
      const waited = await waitWithHeartbeats(
        wait,
        heartbeat,
        HEARTBEAT_DURING_BACKOFF_MS,
        stopController.signal,
      );
      if (!waited) return 'interrupted';
      try {
        await handler(event as never, handlerContext(position, message, heartbeat, attempt + 1));
      } catch (next) {
        cause = next;
        continue;
      }
      return handled(event);
    }
  }

  async function deadLettered(
    position: RecordPosition,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ): Promise<Outcome> {
    await deadLetter(position, message, reason);
    return 'done';
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const { topic, partition } = batch;
    offsets.use({ uncommittedOffsets, commitOffsetsIfNecessary });
    let lastHeartbeat = Date.now();
    // The offset of the last finished record, resolved just before each commit and at the end
    // rather than after every record (kafkajs does int64 arithmetic per resolve). Only commits
    // and the next fetch read resolved offsets, so what gets committed is the same.
    let finished: string | undefined;
    const resolveFinished = () => {
      if (finished !== undefined) resolveOffset(finished);
      finished = undefined;
    };
    const commit = () => {
      resolveFinished();
      return offsets.commit();
    };
    try {
      for (const message of (batch as Batch).messages) {
        if (!isRunning() || isStale() || stopController.signal.aborted) break;
        const position = { topic, partition, offset: message.offset };
        let outcome = processMessage(position, message, heartbeat);
        if (typeof outcome !== 'string') outcome = await outcome;
        if (outcome === 'interrupted') break;
        finished = message.offset;
        const now = Date.now();
        if (now - lastHeartbeat >= HEARTBEAT_CHECK_MS) {
          lastHeartbeat = now;
          await heartbeat();
        }
        if (offsets.isDue(now)) await commit();
      }
    } catch (error) {
      // Keep the progress made before the failure; the failed record itself stays unresolved.
      await commit().catch((commitError: unknown) =>
        logger.warn('committing before rethrow failed', { groupId, error: errorText(commitError) }),
      );
      throw error;
    }
    // A stop commits at once (kafkajs leaves the group right after this batch); otherwise the
    // offsets wait for the interval, so a stream of small batches costs one commit per interval
    // instead of one OffsetCommit round trip per batch.
    if (offsets.isDue(Date.now()) || !isRunning() || stopController.signal.aborted) {
      await commit();
    } else {
      resolveFinished();
      offsets.commitWhenDue();
    }
  }

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
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
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
        logger.info(`stopped consuming ${topic}`, { groupId, topic, ...stats });
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
    stats: () => ({ ...stats }),
  };
}
