/**
 * The per-record pipeline of the consumer: decode, handler lookup, dedupe, handler, retries and
 * dead-lettering. It knows nothing of consumer groups or commits: it settles 'done' once the
 * record may be committed (handled, skipped, a duplicate or safely dead-lettered) and
 * 'interrupted' when a stop cut a retry backoff short (the record then stays uncommitted).
 */
import type { KafkaMessage } from 'kafkajs';
import type { AnyEventDomain } from '../../core/domain-types';
import { decodeConsumedRecord } from '../../cloudevents/kafka-record';
import { KafkaEventsError } from '../../core/errors';
import {
  HandlerFailedError,
  UnhandledEventTypeError,
  describePosition,
  type ConsumerError,
  type RecordPosition,
} from '../errors';
import type { MessageContext } from '../handlers';
import { backoffMs, waitWithHeartbeats, type RetryOptions } from '../retry';
import type { DedupeStore } from '../dedupe';
import { errorText, type DeadLetterReason } from '../dead-letter';
import type { EventLogger } from '../logger';
import { andThen, isThenable, type Outcome, type Step } from './step';

export type AnyHandler = (event: never, context: MessageContext) => void | Promise<void>;
type DecodedEvent = { readonly event_type: string; readonly event_id: string };
type Heartbeat = () => Promise<void>;

/** Writes a record to the dead-letter topic; rejects (with a reported error) when it could not. */
export type DeadLetterSink = (
  position: RecordPosition,
  message: KafkaMessage,
  reason: DeadLetterReason,
  heartbeat: Heartbeat,
) => Promise<void>;

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

export interface RecordPipelineConfig {
  readonly domain: AnyEventDomain;
  readonly groupId: string;
  /** Checked handlers by event type (see checkHandlers). */
  readonly handlers: ReadonlyMap<string, AnyHandler>;
  readonly retry: RetryOptions;
  readonly dedupe: DedupeStore | undefined;
  readonly onUnhandled: 'skip' | 'dead-letter';
  readonly logger: EventLogger;
  /** Typed errors for the consumer's onError hook (and its log). */
  readonly report: (error: ConsumerError, fields?: Record<string, unknown>) => void;
  readonly deadLetter: DeadLetterSink;
}

export interface RecordPipeline {
  /**
   * One record, start to end. `signal` aborts on stop: it interrupts a retry backoff and is the
   * handler's `context.signal`. Throws (or rejects) only when the record could not be finished:
   * a failed dead-letter write, a heartbeat error during a backoff, or a bug.
   */
  process(
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: Heartbeat,
    signal: AbortSignal,
  ): Step;
  stats(): ConsumerStats;
}

/** While a handler backs off before its next attempt, the group hears from us this often. */
const HEARTBEAT_DURING_BACKOFF_MS = 1000;

export function createRecordPipeline(config: RecordPipelineConfig): RecordPipeline {
  const { domain, groupId, handlers, retry, dedupe, onUnhandled, logger, report } = config;
  const handledTypes = [...handlers.keys()];
  const stats = { handled: 0, deadLettered: 0, skipped: 0, duplicates: 0 };

  function process(
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: Heartbeat,
    signal: AbortSignal,
  ): Step {
    let event: DecodedEvent;
    try {
      event = decodeConsumedRecord(domain, message);
    } catch (error) {
      // Only our typed decode errors mean "poison"; anything else is a bug to surface.
      if (!(error instanceof KafkaEventsError)) throw error;
      const reason = { code: error.code, message: error.message, attempts: 0 };
      return deadLettered(position, message, reason, heartbeat);
    }
    const handler = handlers.get(event.event_type);
    if (handler === undefined) return unhandled(event, position, message, heartbeat);
    const record: RecordInHand = { event, position, message, heartbeat, signal, handler };
    if (dedupe === undefined) return handle(record);
    return andThen(dedupe.has(event.event_id), (seen) => {
      if (!seen) return handle(record);
      stats.duplicates++;
      logger.debug(`event ${event.event_id} already handled, skipped`, { ...position, groupId });
      return 'done';
    });
  }

  function unhandled(
    event: DecodedEvent,
    position: RecordPosition,
    message: KafkaMessage,
    heartbeat: Heartbeat,
  ): Step {
    if (onUnhandled === 'dead-letter') {
      const error = new UnhandledEventTypeError(event.event_type, handledTypes);
      const reason = { code: error.code, message: error.message, attempts: 0 };
      return deadLettered(position, message, reason, heartbeat);
    }
    stats.skipped++;
    logger.debug(`no handler for ${event.event_type}, skipped`, { ...position, groupId });
    return 'done';
  }

  function context(record: RecordInHand, attempt: number): MessageContext {
    const { position, message } = record;
    return {
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      key: message.key === null ? null : message.key.toString(),
      groupId,
      attempt,
      message,
      heartbeat: record.heartbeat,
      signal: record.signal,
    };
  }

  /** The first attempt; a failure goes on in retryFailed. */
  function handle(record: RecordInHand): Step {
    let result: void | Promise<void>;
    try {
      result = record.handler(record.event as never, context(record, 1));
    } catch (cause) {
      return retryFailed(record, cause);
    }
    if (!isThenable(result)) return handled(record.event);
    return Promise.resolve(result).then(
      () => handled(record.event),
      (cause: unknown) => retryFailed(record, cause),
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
  async function retryFailed(record: RecordInHand, firstCause: unknown): Promise<Outcome> {
    const { event, position } = record;
    let cause = firstCause;
    // `cause` is what attempt number `attempt` failed with.
    for (let attempt = 1; ; attempt++) {
      if (attempt >= retry.attempts || !retry.retryable(cause)) {
        const error = new HandlerFailedError(position, event, attempt, cause);
        report(error, { ...position });
        const reason = { code: error.code, message: errorText(cause), attempts: attempt };
        return deadLettered(position, record.message, reason, record.heartbeat);
      }
      const wait = backoffMs(retry, attempt);
      logger.warn(
        `handler for ${event.event_type} failed at ${describePosition(position)} ` +
          `(attempt ${attempt}/${retry.attempts}), retrying in ${wait} ms: ${errorText(cause)}`,
        { ...position, groupId, eventId: event.event_id, attempt },
      );
      const waited = await waitWithHeartbeats(
        wait,
        record.heartbeat,
        HEARTBEAT_DURING_BACKOFF_MS,
        record.signal,
      );
      if (!waited) return 'interrupted';
      try {
        await record.handler(event as never, context(record, attempt + 1));
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
    heartbeat: Heartbeat,
  ): Promise<Outcome> {
    await config.deadLetter(position, message, reason, heartbeat);
    stats.deadLettered++;
    return 'done';
  }

  return { process, stats: () => ({ ...stats }) };
}

/** A decoded record with a handler, as the handler steps pass it along. */
interface RecordInHand {
  readonly event: DecodedEvent;
  readonly position: RecordPosition;
  readonly message: KafkaMessage;
  readonly heartbeat: Heartbeat;
  readonly signal: AbortSignal;
  readonly handler: AnyHandler;
}
