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
 * This module keeps what lives as long as the consumer: the record pipeline, run()'s promise and
 * the current session. consumer/options.ts checks the options; consumer/session.ts is one start
 * (topic check, connect, join), its restart after a crash, its stop and the commits of a
 * rebalance or a stop. Each batch goes through pipeline/batch.ts (offset resolution, commits when
 * due) and each record through pipeline/record-pipeline.ts (decode, handler, dedupe, retries, dead
 * letter).
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { AnyEventDomain } from '../core/domain-types';
import { KafkaEventsError } from '../core/errors';
import { ConsumerCrashedError, type ConsumerError } from './errors';
import { checkHandlers } from './handlers';
import { resolveRetry } from './retry';
import { resolveDedupeStore } from './dedupe';
import { errorText } from './dead-letter';
import { createRecordPipeline, type ConsumerStats } from './pipeline/record-pipeline';
import { createDeadLetterWriter } from './pipeline/dead-letter-writer';
import { resolveConsumerSettings, type ConsumerOptions } from './consumer/options';
import { createConsumerSession, type ConsumerSession } from './consumer/session';

export type { ConsumerStats } from './pipeline/record-pipeline';
export type { ConsumerOptions } from './consumer/options';

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
  const settings = resolveConsumerSettings(domain, options);
  const { groupId, topic, deadLetterTopic, logger } = settings;

  let session: ConsumerSession | undefined;
  let stopping: Promise<void> | undefined;
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
      producer: () => session?.deadLetterProducer,
      logger,
      report,
    }),
  });

  async function start(): Promise<void> {
    if (session !== undefined)
      throw new KafkaEventsError(
        'CONSUMER_STATE',
        `Consumer of group ${groupId} is already started`,
      );
    stopping = undefined;
    const started = createConsumerSession({
      kafka,
      options,
      settings,
      pipeline,
      report,
      stopDomainConsumer: stop,
      rejectRun: (error) => settle?.reject(error),
      stopped,
    });
    session = started;
    await started.start();
  }

  /** The end of every stop(): after the session's, or at once when none is running. */
  function stopped(): void {
    session = undefined;
    logger.info(`stopped consuming ${topic}`, { groupId, topic, ...pipeline.stats() });
    settle?.resolve();
    settle = undefined;
  }

  function stop(): Promise<void> {
    stopping ??= session?.stop() ?? (async () => stopped())();
    return stopping;
  }

  return {
    domain,
    groupId,
    topic,
    deadLetterTopic,
    get consumer() {
      return session?.consumer;
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
