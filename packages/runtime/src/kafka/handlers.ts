/** Typed handler maps of the consumer: one handler per event type, optionally all of them. */
import type { KafkaMessage } from 'kafkajs';
import type { AnyEventDomain, DomainEventOf, EventTypeOf } from '../core/domain-types';

/** What a handler knows about the record besides the event. */
export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The record key as text (the entity id for records this library wrote). */
  readonly key: string | null;
  readonly groupId: string;
  /** 1 on the first call, 2 on the first retry, ... */
  readonly attempt: number;
  /** The record as kafkajs delivered it (raw headers, timestamp). */
  readonly message: KafkaMessage;
  /** Keeps the group membership alive during long work (kafkajs throttles the calls). */
  heartbeat(): Promise<void>;
  /** Aborted when the consumer is asked to stop; long handlers may use it to give up early. */
  readonly signal: AbortSignal;
}

export type EventHandler<D extends AnyEventDomain, T extends EventTypeOf<D>> = (
  event: DomainEventOf<D, T>,
  context: MessageContext,
) => void | Promise<void>;

/** Handlers for some of the domain's event types; others follow `onUnhandled`. */
export type HandlerMap<D extends AnyEventDomain> = {
  readonly [T in EventTypeOf<D>]?: EventHandler<D, T>;
};

/** Handlers for every event type of the domain: a missing one is a compile error. */
export type ExhaustiveHandlerMap<D extends AnyEventDomain> = {
  readonly [T in EventTypeOf<D>]-?: EventHandler<D, T>;
};

type AnyHandler = (event: never, context: MessageContext) => void | Promise<void>;

/**
 * The same rules at run time, for JavaScript callers and casts: every key must be an event type
 * of the domain with a function value, and with `exhaustive` every type must have one.
 */
export function checkHandlers(
  domain: AnyEventDomain,
  handlers: Readonly<Record<string, unknown>>,
  exhaustive: boolean,
): ReadonlyMap<string, AnyHandler> {
  if (typeof handlers !== 'object' || handlers === null) {
    throw new TypeError(`createConsumer(${domain.domain}): handlers must be an object`);
  }
  const known = new Set<string>(domain.eventTypes);
  const checked = new Map<string, AnyHandler>();
  for (const [type, handler] of Object.entries(handlers)) {
    if (!known.has(type)) {
      throw new TypeError(
        `createConsumer(${domain.domain}): handler for unknown event type "${type}"; ` +
          `known types: ${domain.eventTypes.join(', ')}`,
      );
    }
    if (handler === undefined) continue;
    if (typeof handler !== 'function') {
      throw new TypeError(
        `createConsumer(${domain.domain}): handler for "${type}" must be a function`,
      );
    }
    checked.set(type, handler as AnyHandler);
  }
  if (exhaustive) {
    const missing = domain.eventTypes.filter((type) => !checked.has(type));
    if (missing.length > 0) {
      throw new TypeError(
        `createConsumer(${domain.domain}): exhaustive handler map lacks ${missing.join(', ')}`,
      );
    }
  }
  return checked;
}
