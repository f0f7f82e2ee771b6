/**
 * Programmatic subscriptions (`GET /dapr/subscribe`): one per domain topic, a CEL rule per event
 * type routing it to its own path, a default route for everything else (other versions, events
 * Dapr wrapped itself, garbage) and a dead-letter topic so dropped messages are kept.
 */
import type { AnyEventDomain, EventTypeOf } from '../core/domain-types';
import { DEFAULT_PUBSUB_NAME, deadLetterTopicOf } from './defaults';

export interface DaprRouteRule {
  /** CEL over the CloudEvent, e.g. `event.type == "task.completed.v1"`. */
  readonly match: string;
  readonly path: string;
}

/** The v2 subscription shape Dapr reads from `GET /dapr/subscribe`. */
export interface DaprSubscription {
  readonly pubsubname: string;
  readonly topic: string;
  readonly routes: { readonly rules: readonly DaprRouteRule[]; readonly default: string };
  readonly metadata?: Readonly<Record<string, string>>;
  readonly deadLetterTopic?: string;
}

export interface DaprSubscriptionOptions<D extends AnyEventDomain> {
  /** Default `kafka-pubsub`. */
  readonly pubsubName?: string;
  /** Default: the domain's topic. */
  readonly topic?: string;
  /** Prefix of the generated paths. Default `/events`. */
  readonly basePath?: string;
  /** Override the path of an event type (default `<basePath>/<topic>/<event type>`). */
  readonly routes?: { readonly [T in EventTypeOf<D>]?: string };
  /** The event types that get a rule; default all of the domain's. */
  readonly eventTypes?: readonly EventTypeOf<D>[];
  /** Default `<basePath>/<topic>`. */
  readonly defaultRoute?: string;
  /** Default `<topic>.dlq`; `false` for none (Dapr then drops DROPped messages for good). */
  readonly deadLetterTopic?: string | false;
  /**
   * The topic carries plain envelopes (not CloudEvents). Dapr then wraps each record itself
   * (type `com.dapr.event.sent`, data_base64), so type rules cannot match: only the default
   * route is used.
   */
  readonly rawPayload?: boolean;
  /** Extra subscription metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export const DEFAULT_BASE_PATH = '/events';

function checkPath(what: string, path: string): string {
  if (!path.startsWith('/') || /[\s?#]/.test(path)) {
    throw new TypeError(
      `Dapr ${what} must be an absolute path without spaces, query or fragment, got ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/** `/events/task-events/task.completed.v1`, or `/events/task-events` for the default route. */
export function daprRoutePath(
  topic: string,
  eventType?: string,
  basePath = DEFAULT_BASE_PATH,
): string {
  const base = basePath.replace(/\/+$/, '');
  return eventType === undefined ? `${base}/${topic}` : `${base}/${topic}/${eventType}`;
}

/** The CEL rule Dapr evaluates for one event type. */
export function eventTypeMatch(eventType: string): string {
  return `event.type == ${JSON.stringify(eventType)}`;
}

export function daprSubscriptions<D extends AnyEventDomain>(
  domain: D,
  options: DaprSubscriptionOptions<D> = {},
): DaprSubscription[] {
  const topic = options.topic ?? domain.topic;
  const basePath = options.basePath ?? DEFAULT_BASE_PATH;
  const overrides = (options.routes ?? {}) as Readonly<Record<string, string | undefined>>;
  const types: readonly string[] = options.eventTypes ?? domain.eventTypes;
  for (const type of [...types, ...Object.keys(overrides)]) {
    if (domain.definition(type) === undefined) {
      throw new TypeError(
        `Domain ${domain.domain} has no event type ${JSON.stringify(type)}; known: ${domain.eventTypes.join(', ')}`,
      );
    }
  }
  const rules = options.rawPayload
    ? []
    : types.map((type) => ({
        match: eventTypeMatch(type),
        path: checkPath(
          `route of ${type}`,
          overrides[type] ?? daprRoutePath(topic, type, basePath),
        ),
      }));
  const metadata = { ...options.metadata, ...(options.rawPayload ? { rawPayload: 'true' } : {}) };
  const deadLetterTopic =
    options.deadLetterTopic === false
      ? undefined
      : (options.deadLetterTopic ?? deadLetterTopicOf(topic));
  return [
    {
      pubsubname: options.pubsubName ?? DEFAULT_PUBSUB_NAME,
      topic,
      routes: {
        rules,
        default: checkPath(
          'default route',
          options.defaultRoute ?? daprRoutePath(topic, undefined, basePath),
        ),
      },
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      ...(deadLetterTopic === undefined ? {} : { deadLetterTopic }),
    },
  ];
}
