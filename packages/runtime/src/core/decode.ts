import { EventDecodeError } from './errors';

// fatal: true makes malformed bytes an error instead of silently becoming U+FFFD, which would
// corrupt ids and text without anyone noticing.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 decoding; `what` names the thing being decoded in the error message. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new EventDecodeError(`${what} is not valid UTF-8`, { cause });
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Text or UTF-8 bytes holding one JSON object. */
export function parseJsonObject(input: string | Uint8Array, what: string): Record<string, unknown> {
  const text = typeof input === 'string' ? input : decodeUtf8(input, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new EventDecodeError(`${what} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (!isJsonObject(value)) {
    throw new EventDecodeError(`${what} must be a JSON object, got ${describeJson(value)}`);
  }
  return value;
}
