/**
 * Domain events as Kafka records under the CloudEvents Kafka binding, plus the formats other
 * producers write to the same topic, so one consumer reads them all.
 */
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import { EventDecodeError } from '../core/errors';
import { parseJsonObject } from '../core/decode';
import { validateParsedEvent } from '../core/define-domain';
import { assertSpecVersion, fromCloudEvent, toCloudEvent } from './cloud-event';
import {
  CE_HEADER_PREFIX,
  CONTENT_TYPE_HEADER,
  kafkaHeaderText,
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

const SPEC_VERSION_HEADER = `${CE_HEADER_PREFIX}specversion`;

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
  if (value === null || value === undefined) throw tombstoneError();
  const headers = readKafkaHeaders(record.headers);
  return decodeKafkaValue(
    domain,
    value,
    headers.get(CONTENT_TYPE_HEADER),
    headers.get(SPEC_VERSION_HEADER),
  );
}

/**
 * decodeKafkaRecord without decoding the headers it does not read, for consumers: bytes in other
 * headers are the handler's business (it has the raw record), not a reason to call the event
 * poison, and skipping a dozen header decodes per record matters at consumer rates.
 */
export function decodeConsumedRecord<D extends AnyEventDomain>(
  domain: D,
  record: KafkaRecordInput,
): DomainEventOf<D> {
  const { value } = record;
  if (value === null || value === undefined) throw tombstoneError();
  const headers = record.headers ?? {};
  let contentType: string | undefined;
  let specVersion: string | undefined;
  // Read as readKafkaHeaders would (any case, the last one wins); the length test spares
  // lower-casing the names of all the other headers.
  for (const name in headers) {
    const raw = headers[name];
    if (name.length === CONTENT_TYPE_HEADER.length && name.toLowerCase() === CONTENT_TYPE_HEADER) {
      contentType = kafkaHeaderText(name, raw) ?? contentType;
    } else if (
      name.length === SPEC_VERSION_HEADER.length &&
      name.toLowerCase() === SPEC_VERSION_HEADER
    ) {
      specVersion = kafkaHeaderText(name, raw) ?? specVersion;
    }
  }
  return decodeKafkaValue(domain, value, contentType, specVersion);
}

/** The format detection of decodeKafkaRecord, given the two headers it depends on. */
function decodeKafkaValue<D extends AnyEventDomain>(
  domain: D,
  value: string | Uint8Array,
  contentTypeHeader: string | undefined,
  specVersionHeader: string | undefined,
): DomainEventOf<D> {
  const contentType = contentTypeHeader?.trim().toLowerCase() ?? '';
  if (contentType.startsWith('application/cloudevents'))
    return structuredEvent(domain, value, contentType);

  const body = parseJsonObject(value, 'Kafka record value');
  if (specVersionHeader !== undefined) {
    assertSpecVersion(specVersionHeader);
    return validateParsedEvent(domain, body) as DomainEventOf<D>;
  }
  // An envelope never has `specversion`, so its presence identifies a CloudEvent value.
  if ('specversion' in body) return fromCloudEvent(domain, body);
  // The body is ours (just parsed): the event may be that object, frozen, rather than a copy.
  return validateParsedEvent(domain, body) as DomainEventOf<D>;
}

function tombstoneError(): EventDecodeError {
  return new EventDecodeError('Kafka record has no value (a tombstone is not an event)');
}
