/**
 * The typed kafkajs consumer of a domain: at-least-once, with retries, a dead-letter topic,
 * optional deduplication and a graceful stop.
 *
 * Offsets: autoCommit is off. A record's offset is resolved only after its handler succeeded
 * (or after it was safely written to the dead-letter topic), and only resolved offsets are ever
 * committed: at the end of each batch, during long batches every `commitIntervalMs`, and on stop.
 * So a crash can repeat work but never skip it.
 */
import type {
  Batch,
  Consumer,
  ConsumerConfig,
  EachBatchPayload,
  IHeaders,
  Kafka,
  KafkaMessage,
  Producer,
  ProducerConfig,
} from 'kafkajs';
import type { AnyEventDomain } from '../core/domain-types';
import { decodeKafkaRecord } from '../cloudevents/kafka-record';
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
import { checkHandlers, type ExhaustiveHandlerMap, type HandlerMap, type MessageContext } from './handlers';
import { backoffMs, resolveRetry, waitWithHeartbeats, type RetryOptions } from './retry';
import { resolveDedupeStore, type DedupeStore } from './dedupe';
import { deadLetterMessage, errorCode, errorText, type DeadLetterReason } from './dead-letter';
import { consoleLogger, type EventLogger } from './logger';
import { installSignalHandlers } from './signals';

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
  /** Longest time resolved offsets stay uncommitted during a batch. Default 1000 ms. */
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

/** The only headers decodeKafkaRecord reads; passing just these skips decoding a dozen others. */
const DECODING_HEADERS = new Set(['content-type', 'ce_specversion']);

function decodingHeaders(headers: IHeaders | undefined): IHeaders | undefined {
  if (headers === undefined) return undefined;
  let picked: IHeaders | undefined;
  for (const name in headers) {
    if (DECODING_HEADERS.has(name.toLowerCase())) (picked ??= {})[name] = headers[name];
  }
  return picked;
}

const HEARTBEAT_DURING_BACKOFF_MS = 1000;

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
  const logger = options.logger ?? consoleLogger;
  const stats = { handled: 0, deadLettered: 0, skipped: 0, duplicates: 0 };

  let consumer: Consumer | undefined;
  let deadLetterProducer: Producer | undefined;
  let stopController = new AbortController();
  let stopping: Promise<void> | undefined;
  let removeSignalHandlers: (() => void) | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;

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

  async function deadLetter(position: RecordPosition, message: KafkaMessage, reason: DeadLetterReason) {
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
    logger.warn(`dead-lettered ${describePosition(position)} to ${deadLetterTopic}: ${reason.message}`, {
      ...position,
      groupId,
      code: reason.code,
      attempts: reason.attempts,
    });
  }

  /** Calls the handler until it succeeds, the attempts run out, or a stop interrupts a backoff. */
  async function handleWithRetry(
    handler: (event: never, context: MessageContext) => void | Promise<void>,
    event: { readonly event_type: string; readonly event_id: string },
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; error: HandlerFailedError } | { ok: 'interrupted' }> {
    const key = message.key === null ? null : message.key.toString();
    for (let attempt = 1; ; attempt++) {
      try {
        const context: MessageContext = {
          ...position,
          key,
          groupId,
          attempt,
          message,
          heartbeat,
          signal: stopController.signal,
        };
        await handler(event as never, context);
        return { ok: true };
      } catch (cause) {
        if (attempt >= retry.attempts || !retry.retryable(cause)) {
          return { ok: false, error: new HandlerFailedError(position, event, attempt, cause) };
        }
        const wait = backoffMs(retry, attempt);
        logger.warn(
          `handler for ${event.event_type} failed at ${describePosition(position)} ` +
            `(attempt ${attempt}/${retry.attempts}), retrying in ${wait} ms: ${errorText(cause)}`,
          { ...position, groupId, eventId: event.event_id, attempt },
        );
        const waited = await waitWithHeartbeats(wait, heartbeat, HEARTBEAT_DURING_BACKOFF_MS, stopController.signal);
        if (!waited) return { ok: 'interrupted' };
      }
    }
  }

  /** One record, start to end. Resolves 'done' when its offset may be committed. */
  async function processMessage(
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    let event;
    try {
      event = decodeKafkaRecord(domain, { value: message.value, headers: decodingHeaders(message.headers) });
    } catch (error) {
      // Only our typed decode errors mean "poison"; anything else is a bug to surface.
      if (!(error instanceof KafkaEventsError)) throw error;
      await deadLetter(position, message, { code: error.code, message: error.message, attempts: 0 });
      return 'done';
    }
    const handler = handlers.get(event.event_type);
    if (handler === undefined) {
      if (onUnhandled === 'dead-letter') {
        const error = new UnhandledEventTypeError(event.event_type, handledTypes);
        await deadLetter(position, message, { code: error.code, message: error.message, attempts: 0 });
      } else {
        stats.skipped++;
        logger.debug(`no handler for ${event.event_type}, skipped`, { ...position, groupId });
      }
      return 'done';
    }
    if (dedupe !== undefined && (await dedupe.has(event.event_id))) {
      stats.duplicates++;
      logger.debug(`event ${event.event_id} already handled, skipped`, { ...position, groupId });
      return 'done';
    }
    const result = await handleWithRetry(handler, event, position, message, heartbeat);
    if (result.ok === 'interrupted') return 'interrupted';
    if (result.ok) {
      // Only now: a crash before this line re-runs the handler instead of skipping it.
      if (dedupe !== undefined) await dedupe.add(event.event_id);
      stats.handled++;
      return 'done';
    }
    report(result.error, { ...position });
    await deadLetter(position, message, {
      code: result.error.code,
      message: errorText(result.error.cause),
      attempts: result.error.attempts,
    });
    return 'done';
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale } =
      payload;
    let lastCommit = Date.now();
    const commit = async () => {
      const offsets = uncommittedOffsets();
      if (offsets.topics.length > 0) await commitOffsetsIfNecessary(offsets);
      lastCommit = Date.now();
    };
    try {
      for (const message of (batch as Batch).messages) {
        if (!isRunning() || isStale() || stopController.signal.aborted) break;
        const position = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        if ((await processMessage(position, message, heartbeat)) === 'interrupted') break;
        resolveOffset(message.offset);
        await heartbeat();
        if (Date.now() - lastCommit >= commitIntervalMs) await commit();
      }
    } catch (error) {
      // Keep the progress made before the failure; the failed record itself stays unresolved.
      await commit().catch((commitError: unknown) =>
        logger.warn('committing before rethrow failed', { groupId, error: errorText(commitError) }),
      );
      throw error;
    }
    await commit();
  }

  async function start(): Promise<void> {
    if (consumer !== undefined) throw new KafkaEventsError('CONSUMER_STATE', `Consumer of group ${groupId} is already started`);
    stopController = new AbortController();
    stopping = undefined;
    const current = kafka.consumer({ ...options.consumerConfig, groupId });
    const producer = kafka.producer({ ...options.deadLetterProducerConfig, idempotent: true, maxInFlightRequests: 1 });
    consumer = current;
    deadLetterProducer = producer;
    current.on(current.events.CRASH, ({ payload }) => {
      const error = new ConsumerCrashedError(groupId, payload.restart, payload.error);
      report(error);
      if (!payload.restart) {
        settle?.reject(error);
        void stop();
      }
    });
    try {
      await producer.connect();
      await current.connect();
      await current.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      await current.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
    } catch (error) {
      await stop();
      throw error;
    }
    if (options.stopOnSignals) {
      const signals = options.stopOnSignals === true ? (['SIGTERM', 'SIGINT'] as const) : options.stopOnSignals;
      removeSignalHandlers = installSignalHandlers(signals, (signal) => {
        logger.info(`received ${signal}, stopping`, { groupId, topic });
        return stop();
      });
    }
    logger.info(`consuming ${topic} as group ${groupId}`, { groupId, topic, deadLetterTopic });
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      stopController.abort();
      removeSignalHandlers?.();
      removeSignalHandlers = undefined;
      const [current, producer] = [consumer, deadLetterProducer];
      // disconnect() stops the runner, which waits for the batch in hand (it commits on exit).
      try {
        await current?.disconnect();
      } finally {
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

