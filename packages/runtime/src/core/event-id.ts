import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';

/** A business action's identity, e.g. `['create-task', requestId]`; parts are joined with ':'. */
export type IdempotencyKey = string | readonly string[];

/** The uuid v5 namespace of a domain: `uuidv5(domainName, URL namespace)`, as Python's uuid5 computes it. */
export function domainNamespace(domain: string): string {
  return uuidv5(domain, uuidv5.URL);
}

/**
 * A retried business action must produce the same event id so consumers can deduplicate;
 * without a key every event gets a random v4 id.
 */
export function newEventId(namespace: string, idempotencyKey?: IdempotencyKey): string {
  if (idempotencyKey === undefined) return uuidv4();
  const key = typeof idempotencyKey === 'string' ? idempotencyKey : idempotencyKey.join(':');
  if (key === '')
    throw new TypeError('idempotencyKey must not be empty: every event would get the same id');
  return uuidv5(key, namespace);
}
