/** Typed errors of the kafkajs producer and consumer; each names where it happened. */
import { KafkaEventsError } from '../core/errors';

/** Where a record sits in Kafka. Offsets are strings, as kafkajs gives them (int64). */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export function describePosition(position: RecordPosition): string {
  return `${position.topic}[${position.partition}]@${position.offset}`;
}

function causeMessage(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** A handler failed on every attempt (or with an error the retry policy does not retry). */
export class HandlerFailedError extends KafkaEventsError {
  declare readonly code: 'HANDLER_FAILED';
  readonly position: RecordPosition;
  readonly eventType: string;
  readonly eventId: string;
  readonly attempts: number;

  constructor(
    position: RecordPosition,
    event: { readonly event_type: string; readonly event_id: string },
    attempts: number,
    cause: unknown,
  ) {
    super(
      'HANDLER_FAILED',
      `Handler for ${event.event_type} (event ${event.event_id}) at ${describePosition(position)} ` +
        `failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${causeMessage(cause)}`,
      { cause },
    );
    this.name = 'HandlerFailedError';
    this.position = position;
    this.eventType = event.event_type;
    this.eventId = event.event_id;
    this.attempts = attempts;
  }
}

/** A valid event of the domain that the handler map does not cover (`onUnhandled: 'dead-letter'`). */
export class UnhandledEventTypeError extends KafkaEventsError {
  declare readonly code: 'UNHANDLED_EVENT_TYPE';
  readonly eventType: string;

  constructor(eventType: string, handledTypes: readonly string[]) {
    super(
      'UNHANDLED_EVENT_TYPE',
      `No handler for event type "${eventType}"; handled types: ${handledTypes.join(', ') || '(none)'}`,
    );
    this.name = 'UnhandledEventTypeError';
    this.eventType = eventType;
  }
}

/**
 * Writing to the dead-letter topic failed. The record is then NOT committed: the consumer reads
 * it again later instead of losing it.
 */
export class DeadLetterError extends KafkaEventsError {
  declare readonly code: 'DEAD_LETTER_FAILED';
  readonly position: RecordPosition;
  readonly deadLetterTopic: string;

  constructor(position: RecordPosition, deadLetterTopic: string, cause: unknown) {
    super(
      'DEAD_LETTER_FAILED',
      `Could not dead-letter ${describePosition(position)} to ${deadLetterTopic}; the record stays ` +
        `uncommitted and will be read again: ${causeMessage(cause)}`,
      { cause },
    );
    this.name = 'DeadLetterError';
    this.position = position;
    this.deadLetterTopic = deadLetterTopic;
  }
}

/** kafkajs gave up on the consumer (it crashed and will not restart by itself). */
export class ConsumerCrashedError extends KafkaEventsError {
  declare readonly code: 'CONSUMER_CRASHED';
  readonly groupId: string;
  readonly willRestart: boolean;

  constructor(groupId: string, willRestart: boolean, cause: unknown) {
    super(
      'CONSUMER_CRASHED',
      `Consumer of group ${groupId} crashed (${willRestart ? 'the consumer restarts it' : 'not restarting'}): ` +
        causeMessage(cause),
      { cause },
    );
    this.name = 'ConsumerCrashedError';
    this.groupId = groupId;
    this.willRestart = willRestart;
  }
}

/** Kafka did not accept a publish (after kafkajs' own retries). Validation errors are not wrapped. */
export class PublishError extends KafkaEventsError {
  declare readonly code: 'PUBLISH_FAILED';
  readonly topic: string;
  readonly eventIds: readonly string[];

  constructor(topic: string, eventIds: readonly string[], cause: unknown) {
    const shown = eventIds.slice(0, 3).join(', ') + (eventIds.length > 3 ? ', ...' : '');
    super(
      'PUBLISH_FAILED',
      `Publishing ${eventIds.length} event${eventIds.length === 1 ? '' : 's'} (${shown}) to ${topic} ` +
        `failed: ${causeMessage(cause)}`,
      { cause },
    );
    this.name = 'PublishError';
    this.topic = topic;
    this.eventIds = Object.freeze([...eventIds]);
  }
}

/** A producer option or call that cannot work as configured (e.g. a transaction without transactionalId). */
export class ProducerConfigError extends KafkaEventsError {
  declare readonly code: 'PRODUCER_CONFIG';

  constructor(message: string) {
    super('PRODUCER_CONFIG', message);
    this.name = 'ProducerConfigError';
  }
}

/** Everything the consumer reports through `onError`. */
export type ConsumerError = HandlerFailedError | DeadLetterError | ConsumerCrashedError;
