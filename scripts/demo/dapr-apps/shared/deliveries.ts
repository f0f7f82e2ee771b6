/**
 * What the app's routes modules share: the options of their createDaprHandler besides the
 * handlers, and a logger printing one line per Dapr delivery:
 *   `<app> <- <event type> (<key field> <key>) <outcome> -> <what followed>`.
 * createDaprHandler reports every decision (SUCCESS, RETRY, DROP) with its reason to the logger,
 * and a handler adds what it did through `note()`.
 */
import type { AnyEventDomain, DaprLogger } from '@kafka-events/runtime';

const notes = new Map<string, string>();

/** What the handler did with the event `eventId`; printed after its SUCCESS. */
export function note(eventId: string, text: string): void {
  notes.set(eventId, text);
}

export const shortId = (id: unknown): string =>
  typeof id === 'string' && id.length > 8 ? `${id.slice(0, 8)}…` : String(id ?? '-');

const clip = (text: unknown, max = 110): string => {
  const line = String(text ?? 'no reason given').replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function deliveryLog(app: string, domain: AnyEventDomain): DaprLogger {
  const print = (message: string, details: Record<string, unknown> = {}) => {
    const { status, path, key, topic, eventId, reason } = details;
    if (typeof status !== 'string') {
      // a refused request (401, unknown path): not a delivery outcome
      console.error(`${app}: ${message}`);
      return;
    }
    // the route says the type even when the event could not be decoded
    const routed = /^\/events\/[^/]+\/(.+)$/.exec(String(path))?.[1];
    const type = String(details['eventType'] ?? routed ?? 'unroutable message');
    // the record key is the payload field the event definition names: task_id -> "task"
    const keyName = (domain.definition(type)?.key ?? 'key').replace(/_id$/, '');
    let after: string;
    if (status === 'SUCCESS') {
      const done = typeof eventId === 'string' ? notes.get(eventId) : undefined;
      if (typeof eventId === 'string') notes.delete(eventId);
      after = done ? ` -> ${done}` : '';
    } else if (status === 'RETRY') {
      after = ` (${clip(reason)}) -> daprd redelivers it as dapr/resiliency.yaml says`;
    } else {
      after = ` (${clip(reason)}) -> ${String(topic ?? 'the topic')}.dlq`;
    }
    console.log(`${app} <- ${type} (${keyName} ${shortId(key)}) ${status}${after}`);
  };
  return { info: print, warn: print, error: print };
}

/** createDaprHandler options of `app`'s routes module for `domain`, all but the handlers. */
export function deliveryOptions(app: string, domain: AnyEventDomain) {
  return {
    pubsubName: 'kafka-pubsub',
    // Subscribed declaratively by the manifest: no programmatic GET /dapr/subscribe.
    serveSubscriptions: false,
    logger: deliveryLog(app, domain),
  };
}
