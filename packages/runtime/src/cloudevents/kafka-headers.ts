/** Kafka record headers as the CloudEvents Kafka binding and kafkajs see them. */
import { decodeUtf8 } from '../core/decode';
import { EVENT_DATA_CONTENT_TYPE, type CloudEventJson } from './cloud-event';

/** kafkajs delivers Buffers, producers may pass strings, and repeated headers arrive as arrays. */
export type KafkaHeaderValue =
  string | Uint8Array | ReadonlyArray<string | Uint8Array> | null | undefined;
export type KafkaHeadersInput = { readonly [name: string]: KafkaHeaderValue };

export const CONTENT_TYPE_HEADER = 'content-type';
export const CE_HEADER_PREFIX = 'ce_';
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * Header names lower-cased (senders disagree on `Content-Type` vs `content-type`) and values as
 * strictly decoded UTF-8. For a repeated header the last value wins, as in Kafka's own
 * `Headers.lastHeader`.
 */
export function readKafkaHeaders(headers: KafkaHeadersInput | undefined): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const text = kafkaHeaderText(name, raw);
    if (text !== undefined) result.set(name.toLowerCase(), text);
  }
  return result;
}

/** One header's value as readKafkaHeaders reads it; undefined for a header without a value. */
export function kafkaHeaderText(name: string, raw: KafkaHeaderValue): string | undefined {
  const value = Array.isArray(raw)
    ? raw[raw.length - 1]
    : (raw as string | Uint8Array | null | undefined);
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : decodeUtf8(value, `Kafka header ${name}`);
}

/**
 * Binary content mode headers: `content-type` carries datacontenttype and every other attribute
 * (extensions included) becomes a `ce_<name>` header; data is the record value.
 */
export function toKafkaHeaders(cloudEvent: CloudEventJson): Record<string, string> {
  const headers: Record<string, string> = {
    [CONTENT_TYPE_HEADER]: cloudEvent.datacontenttype ?? EVENT_DATA_CONTENT_TYPE,
  };
  for (const [name, value] of Object.entries(cloudEvent)) {
    if (
      name === 'data' ||
      name === 'data_base64' ||
      name === 'datacontenttype' ||
      value === undefined
    )
      continue;
    // CloudEvents attribute types all have a string form; an object would become "[object Object]".
    if (typeof value === 'object')
      throw new TypeError(`CloudEvent attribute ${name} must be a string, number or boolean`);
    headers[`${CE_HEADER_PREFIX}${name}`] = String(value);
  }
  return headers;
}
