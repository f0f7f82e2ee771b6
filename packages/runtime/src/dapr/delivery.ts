/**
 * What Dapr POSTs to a subscription route, turned into a validated domain event. Accepts the
 * shapes Dapr produces: a CloudEvent with `data` as an object, as a JSON string or as
 * `data_base64` (rawPayload subscriptions and binary data), and, for rawPayload subscriptions, the
 * bare envelope.
 */
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import { EventDecodeError } from '../core/errors';
import { isJsonObject, parseJsonObject } from '../core/decode';
import { fromCloudEvent } from '../cloudevents/cloud-event';

export type DaprDeliveryBody =
  Uint8Array | string | Readonly<Record<string, unknown>> | null | undefined;

export interface DecodedDelivery<D extends AnyEventDomain> {
  readonly event: DomainEventOf<D>;
  /** The CloudEvent attributes (without data); empty for a bare envelope. */
  readonly cloudEvent: Readonly<Record<string, unknown>>;
}

function bodyObject(body: DaprDeliveryBody): Record<string, unknown> {
  if (body === undefined || body === null) throw new EventDecodeError('Delivery has no body');
  if (typeof body === 'string' || body instanceof Uint8Array) {
    if (body.length === 0) throw new EventDecodeError('Delivery has an empty body');
    return parseJsonObject(body, 'Delivery body');
  }
  if (!isJsonObject(body)) throw new EventDecodeError('Delivery body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Throws EventDecodeError (not JSON, not a CloudEvent, no data), UnknownEventTypeError or
 * EventValidationError: each means redelivery cannot help.
 */
export function decodeDaprDelivery<D extends AnyEventDomain>(
  domain: D,
  body: DaprDeliveryBody,
  options: { readonly rawPayload?: boolean } = {},
): DecodedDelivery<D> {
  const value = bodyObject(body);
  if ('specversion' in value) {
    const { data: _data, data_base64: _base64, ...attributes } = value;
    return { event: fromCloudEvent(domain, value), cloudEvent: attributes };
  }
  if (options.rawPayload)
    return { event: domain.validate(value) as DomainEventOf<D>, cloudEvent: {} };
  throw new EventDecodeError(
    'Delivery is not a CloudEvent (no specversion); publish through Dapr or subscribe with rawPayload',
  );
}
