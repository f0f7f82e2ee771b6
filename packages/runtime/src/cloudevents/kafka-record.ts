/**
 * Domain events as Kafka records under the CloudEvents Kafka binding, plus the formats other
 * producers write to the same topic, so one consumer reads them all.
 */
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import { EventDecodeError } from '../core/errors';
import { parseJsonObject } from '../core/decode';
import { assertSpecVersion, fromCloudEvent, toCloudEvent } from './cloud-event';
import {
  CE_HEADER_PREFIX,
  CONTENT_TYPE_HEADER,
  readKafkaHeaders,
  STRUCTURED_CONTENT_TYPE,
  toKafkaHeaders,
  type KafkaHeadersInput,
} from './kafka-headers';

/**
 * - `binary`: the value is the plain envelope JSON (what Pydantic services read and write) and the
 *   CloudEvents attributes ride in `ce_*` headers: readable by both worlds.
 * - `structured`: the value is the CloudEvent JSON, the format Dapr publishes and expects.
 */
export type KafkaContentMode = 'binary' | 'structured';

export interface EncodedKafkaRecord {
  /** The domain key (e.g. task_id); deliberately not a `partitionkey` extension. */
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export function encodeKafkaRecord<D extends AnyEventDomain>(
  domain: D,
  event: DomainEventOf<D>,
  mode: KafkaContentMode,
): EncodedKafkaRecord {
  const cloudEvent = toCloudEvent(domain, event);
  if (mode === 'structured') {
    return {
      key: cloudEvent.subject,
      value: JSON.stringify(cloudEvent),
      headers: { [CONTENT_TYPE_HEADER]: STRUCTURED_CONTENT_TYPE },
    };
  }
  return {
    key: cloudEvent.subject,
    value: JSON.stringify(cloudEvent.data),
    headers: toKafkaHeaders(cloudEvent),
  };
}

export interface KafkaRecordInput {
  readonly value: string | Uint8Array | null | undefined;
  readonly headers?: KafkaHeadersInput;
}

function structuredEvent<D extends AnyEventDomain>(
  domain: D,
  value: string | Uint8Array,
  contentType: string,
) {
  if (contentType.startsWith('application/cloudevents-batch')) {
    throw new EventDecodeError(
      `CloudEvents batch records are not supported (content-type ${contentType})`,
    );
  }
  if (!contentType.startsWith('application/cloudevents+json')) {
    throw new EventDecodeError(
      `Unsupported structured CloudEvents format (content-type ${contentType}); expected JSON`,
    );
  }
  return fromCloudEvent(domain, parseJsonObject(value, 'Structured CloudEvent record value'));
}

/**
 * Reads a record in any of the formats found on an event topic:
 * 1. structured CloudEvent: content-type starts with `application/cloudevents` (binding rule);
 * 2. binary CloudEvent: `ce_specversion` header, the value is the envelope;
 * 3. a CloudEvent JSON value without content-type (what Dapr writes);
 * 4. a plain envelope (Pydantic producers, Dapr with rawPayload).
 * Throws EventDecodeError, UnknownEventTypeError or EventValidationError; never skips silently.
 */
export function decodeKafkaRecord<D extends AnyEventDomain>(
  domain: D,
  record: KafkaRecordInput,
): DomainEventOf<D> {
  const { value } = record;
  if (value === null || value === undefined) {
    throw new EventDecodeError('Kafka record has no value (a tombstone is not an event)');
  }
  const headers = readKafkaHeaders(record.headers);
  const contentType = headers.get(CONTENT_TYPE_HEADER)?.trim().toLowerCase() ?? '';
  if (contentType.startsWith('application/cloudevents'))
    return structuredEvent(domain, value, contentType);

  const body = parseJsonObject(value, 'Kafka record value');
  const binarySpecVersion = headers.get(`${CE_HEADER_PREFIX}specversion`);
  if (binarySpecVersion !== undefined) {
    assertSpecVersion(binarySpecVersion);
    return domain.validate(body) as DomainEventOf<D>;
  }
  // An envelope never has `specversion`, so its presence identifies a CloudEvent value.
  if ('specversion' in body) return fromCloudEvent(domain, body);
  return domain.validate(body) as DomainEventOf<D>;
}
