/**
 * Dead-letter records: the original key, value and headers, untouched, plus `x-dlq-*` headers that
 * say why and where from, so a person or a replay tool can act on them without the consumer's logs.
 */
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { RecordPosition } from './errors';

export const DLQ_HEADERS = Object.freeze({
  error: 'x-dlq-error',
  errorCode: 'x-dlq-error-code',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  originalTimestamp: 'x-dlq-original-timestamp',
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
  consumerGroup: 'x-dlq-consumer-group',
});

/** Kafka has no header size limit of its own, but a stack-sized message helps nobody. */
const MAX_ERROR_LENGTH = 2000;

export interface DeadLetterReason {
  /** Stable code: DECODE_FAILED, VALIDATION_FAILED, UNKNOWN_EVENT_TYPE, HANDLER_FAILED, ... */
  readonly code: string;
  readonly message: string;
  /** Handler attempts made; 0 when the record never reached a handler. */
  readonly attempts: number;
}

/** The code of a thrown value: its own `code` when it is a string, else `fallback`. */
export function errorCode(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : fallback;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 3)}...` : text;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Drops undefined header values (kafkajs types allow them, the protocol does not). */
function copyHeaders(headers: IHeaders | undefined): IHeaders {
  const copy: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) copy[name] = value;
  }
  return copy;
}

export function deadLetterMessage(
  position: RecordPosition,
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'timestamp'>,
  reason: DeadLetterReason,
  groupId: string,
  failedAt: Date = new Date(),
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      // A record dead-lettered twice (replayed, failed again) gets the latest reason.
      ...copyHeaders(message.headers),
      [DLQ_HEADERS.error]: truncate(reason.message),
      [DLQ_HEADERS.errorCode]: reason.code,
      [DLQ_HEADERS.originalTopic]: position.topic,
      [DLQ_HEADERS.originalPartition]: String(position.partition),
      [DLQ_HEADERS.originalOffset]: position.offset,
      [DLQ_HEADERS.originalTimestamp]: message.timestamp,
      [DLQ_HEADERS.attempts]: String(reason.attempts),
      [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      [DLQ_HEADERS.consumerGroup]: groupId,
    },
  };
}
