/**
 * Pure mapping between domain events and CloudEvents 1.0 (JSON format), shared by the Kafka and
 * Dapr transports.
 *
 * `data` is the whole wire envelope, not just the payload: a consumer that unwraps the CloudEvent
 * (Dapr subscribers, Pydantic services) gets the same snake_case object a plain Kafka producer
 * writes, including event_id, schema_version and the metadata. The envelope is therefore the
 * source of truth when reading; the CloudEvents attributes only mirror it for routing and tracing
 * (Dapr, for one, may replace `id` and `type` when it wraps an event itself).
 */
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import type { EnvelopeMetadata } from '../core/envelope';
import { EventDecodeError } from '../core/errors';
import { isJsonObject, parseJsonObject } from '../core/decode';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const EVENT_DATA_CONTENT_TYPE = 'application/json';

/** A CloudEvent in the JSON format: context attributes, extensions and `data` or `data_base64`. */
export interface CloudEventJson<TData = unknown> {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time?: string;
  readonly subject?: string;
  readonly datacontenttype?: string;
  readonly dataschema?: string;
  readonly data?: TData;
  readonly data_base64?: string;
  readonly [extension: string]: unknown;
}

/**
 * Envelope metadata travels as extensions too so tracing tools and Dapr routing rules can read it
 * without parsing data. Extension names allow only [a-z0-9] (at most 20 characters).
 */
export const METADATA_EXTENSIONS = {
  correlation_id: 'correlationid',
  causation_id: 'causationid',
  user_id: 'userid',
} as const satisfies Record<keyof EnvelopeMetadata, string>;

export type DomainCloudEvent<D extends AnyEventDomain> = CloudEventJson<DomainEventOf<D>> & {
  readonly specversion: '1.0';
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: DomainEventOf<D>;
  readonly correlationid?: string;
  readonly causationid?: string;
  readonly userid?: string;
};

/** Validates the event (nothing invalid leaves) and maps it to a CloudEvent. */
export function toCloudEvent<D extends AnyEventDomain>(
  domain: D,
  event: DomainEventOf<D>,
): DomainCloudEvent<D> {
  const data = domain.validate(event);
  const cloudEvent: Record<string, unknown> = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: data.event_id,
    source: domain.source,
    type: data.event_type,
    // The record key (the entity id): lets CloudEvents tooling filter one entity's events.
    subject: domain.keyOf(data),
    time: data.timestamp,
    datacontenttype: EVENT_DATA_CONTENT_TYPE,
    data,
  };
  // The fields exist only in domains with metadata; absent or null adds no extension.
  const metadata = data as unknown as Partial<EnvelopeMetadata>;
  for (const field of Object.keys(METADATA_EXTENSIONS) as (keyof EnvelopeMetadata)[]) {
    const value = metadata[field];
    if (typeof value === 'string') cloudEvent[METADATA_EXTENSIONS[field]] = value;
  }
  return cloudEvent as DomainCloudEvent<D>;
}

/** Throws EventDecodeError unless the attributes name a CloudEvents version this code reads. */
export function assertSpecVersion(specversion: unknown): void {
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new EventDecodeError(
      `Unsupported CloudEvents specversion ${JSON.stringify(specversion) ?? 'undefined'}; expected "1.0"`,
    );
  }
}

/** `data` as an object: Dapr may deliver it as an object, a JSON string or `data_base64`. */
function cloudEventData(cloudEvent: Record<string, unknown>): Record<string, unknown> {
  const { data, data_base64: dataBase64 } = cloudEvent;
  if (typeof dataBase64 === 'string')
    return parseJsonObject(Buffer.from(dataBase64, 'base64'), 'CloudEvent data_base64');
  if (typeof data === 'string' || data instanceof Uint8Array)
    return parseJsonObject(data, 'CloudEvent data');
  if (isJsonObject(data)) return data;
  if (data === undefined || data === null) {
    throw new EventDecodeError(
      `CloudEvent ${String(cloudEvent['id'])} has no data; expected the event envelope`,
    );
  }
  throw new EventDecodeError(`CloudEvent ${String(cloudEvent['id'])} data must be a JSON object`);
}

/** Reads a CloudEvent (JSON format, as an object) back into a validated, frozen domain event. */
export function fromCloudEvent<D extends AnyEventDomain>(
  domain: D,
  cloudEvent: unknown,
): DomainEventOf<D> {
  if (!isJsonObject(cloudEvent)) throw new EventDecodeError('A CloudEvent must be a JSON object');
  assertSpecVersion(cloudEvent['specversion']);
  return domain.validate(cloudEventData(cloudEvent)) as DomainEventOf<D>;
}
