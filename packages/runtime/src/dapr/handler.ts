/**
 * The delivery side: Dapr POSTs a CloudEvent to a route, the handler decodes and validates it and
 * calls the typed handler of its event type. The reply tells Dapr what to do with the message:
 * - SUCCESS: handled (or a known type this service has no handler for: nothing to do);
 * - RETRY: the handler threw (a transient failure is the usual reason). daprd redelivers only as
 *   a Resiliency policy on the pub/sub component's inbound traffic says (`nx g kafka-events:dapr`
 *   writes one); when its retries run out, or when there is no such policy at all, daprd moves
 *   the event to the subscription's dead-letter topic at once;
 * - DROP: redelivery cannot help (not JSON, not a CloudEvent, unknown type, schema violation),
 *   so Dapr moves it to the dead-letter topic instead of blocking the partition.
 * A request without the app API token (APP_API_TOKEN) is answered 401, which daprd also treats
 * as a failed delivery.
 */
import type { AnyEventDomain, DomainEventOf, EventTypeOf } from '../core/domain-types';
import { KafkaEventsError } from '../core/errors';
import { decodeDaprDelivery } from './delivery';
import type {
  DaprDeliveryRequest,
  DaprDeliveryResponse,
  DaprLogger,
  DaprStatus,
} from './handler-types';
import { appTokenCheck, DAPR_API_TOKEN_HEADER, type AppTokenCheck } from './app-token';
import { flatHeaders, nodeListenerFor, pathOf, type DaprNodeListener } from './node-listener';
import {
  daprSubscriptions,
  type DaprSubscription,
  type DaprSubscriptionOptions,
} from './subscriptions';

export type {
  DaprDeliveryRequest,
  DaprDeliveryResponse,
  DaprLogger,
  DaprStatus,
} from './handler-types';

/** Kafka coordinates Dapr passes as `__key`, `__topic`, `__partition`, `__offset` headers. */
export interface DaprKafkaMetadata {
  readonly key?: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}

/** W3C trace context of the delivery, as daprd passes it on (header, else CloudEvent attribute). */
export interface DaprTraceContext {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface DaprDeliveryContext {
  readonly path: string;
  /** Continue the producer's trace from here (e.g. OpenTelemetry's propagation.extract). */
  readonly trace: DaprTraceContext;
  /** CloudEvent attributes without data (id, type, source, topic, pubsubname, traceparent...). */
  readonly cloudEvent: Readonly<Record<string, unknown>>;
  readonly kafka: DaprKafkaMetadata;
  /** The request headers, lower-cased, without the app API token. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Return nothing (SUCCESS), or a status to override it. Throwing answers RETRY: daprd redelivers
 * as the app's Resiliency policy says, then dead-letters.
 */
export type DaprEventHandler<D extends AnyEventDomain, T extends EventTypeOf<D>> = (
  event: DomainEventOf<D, T>,
  context: DaprDeliveryContext,
) => void | DaprStatus | Promise<void | DaprStatus>;

export type DaprEventHandlers<D extends AnyEventDomain> = {
  readonly [T in EventTypeOf<D>]?: DaprEventHandler<D, T>;
};

export interface DaprHandlerOptions<D extends AnyEventDomain> extends DaprSubscriptionOptions<D> {
  readonly handlers: DaprEventHandlers<D>;
  /**
   * Called when a handler throws; may return the status to reply (e.g. DROP for an error that
   * retrying cannot fix). Default: RETRY.
   */
  readonly onError?: (
    error: unknown,
    event: DomainEventOf<D>,
    context: DaprDeliveryContext,
  ) => void | DaprStatus | Promise<void | DaprStatus>;
  /** Default: console. */
  readonly logger?: DaprLogger;
  /**
   * Answer `GET /dapr/subscribe` in nodeListener. Default true; set false when the app is
   * subscribed through declarative Subscription manifests (as the dapr generator writes).
   */
  readonly serveSubscriptions?: boolean;
  /**
   * The token daprd sends as `dapr-api-token` (its APP_API_TOKEN); requests without it get 401.
   * Default: the APP_API_TOKEN environment variable, as in the app's own process; false: no check.
   */
  readonly appApiToken?: string | false;
}

export interface DaprHandler {
  readonly subscriptions: readonly DaprSubscription[];
  /** Every path this handler owns (one per event type plus the default route). */
  readonly routes: Readonly<
    Record<string, (request: DaprDeliveryRequest) => Promise<DaprDeliveryResponse>>
  >;
  /** Never throws: any failure becomes a status. */
  handle(request: DaprDeliveryRequest): Promise<DaprDeliveryResponse>;
  /** node:http listener; also express/connect middleware (unknown paths go to `next`). */
  readonly nodeListener: DaprNodeListener;
  /** Whether nodeListener answers `GET /dapr/subscribe`. */
  readonly serveSubscriptions: boolean;
  /** Whether a request's headers carry the app API token (always true when none is configured). */
  readonly authorize: AppTokenCheck;
}

const STATUSES: readonly DaprStatus[] = ['SUCCESS', 'RETRY', 'DROP'];

function kafkaMetadata(headers: Record<string, string>): DaprKafkaMetadata {
  const partition =
    headers['__partition'] === undefined ? undefined : Number(headers['__partition']);
  return {
    key: headers['__key'],
    topic: headers['__topic'],
    partition: Number.isInteger(partition) ? partition : undefined,
    offset: headers['__offset'],
  };
}

function traceContext(
  headers: Record<string, string>,
  cloudEvent: Readonly<Record<string, unknown>>,
): DaprTraceContext {
  const attribute = (name: string) =>
    typeof cloudEvent[name] === 'string' && cloudEvent[name] !== ''
      ? (cloudEvent[name] as string)
      : undefined;
  const traceparent = headers['traceparent'] || attribute('traceparent');
  const tracestate = headers['tracestate'] || attribute('tracestate');
  return { ...(traceparent ? { traceparent } : {}), ...(tracestate ? { tracestate } : {}) };
}

function describeError(error: unknown): { reason: string; code?: string } {
  if (error instanceof KafkaEventsError) return { reason: error.message, code: error.code };
  return { reason: error instanceof Error ? error.message : String(error) };
}

const reply = (status: DaprStatus): DaprDeliveryResponse => ({ status: 200, body: { status } });

export function createDaprHandler<D extends AnyEventDomain>(
  domain: D,
  options: DaprHandlerOptions<D>,
): DaprHandler {
  const logger = options.logger ?? console;
  const handlers = options.handlers as Readonly<
    Record<string, DaprEventHandler<D, EventTypeOf<D>> | undefined>
  >;
  for (const type of Object.keys(handlers)) {
    if (domain.definition(type) === undefined) {
      throw new TypeError(
        `createDaprHandler: ${domain.domain} has no event type ${JSON.stringify(type)}; known: ${domain.eventTypes.join(', ')}`,
      );
    }
    if (typeof handlers[type] !== 'function') {
      throw new TypeError(`createDaprHandler: the handler of ${type} must be a function`);
    }
  }
  // Every type gets a route (handled or not) so any delivery for this domain lands here.
  const subscriptions = daprSubscriptions(domain, options);
  const paths = new Set<string>();
  for (const subscription of subscriptions) {
    paths.add(subscription.routes.default);
    for (const rule of subscription.routes.rules) paths.add(rule.path);
  }
  const topic = options.topic ?? domain.topic;
  const authorize = appTokenCheck(options.appApiToken);

  function decide(
    status: DaprStatus,
    message: string,
    details: Record<string, unknown>,
  ): DaprDeliveryResponse {
    const line = `Dapr delivery ${status}: ${message}`;
    const entry = { status, domain: domain.domain, ...details };
    if (status === 'SUCCESS') logger.info(line, entry);
    else if (status === 'RETRY') logger.warn(line, entry);
    else logger.error(line, entry);
    return reply(status);
  }

  async function deliver(request: DaprDeliveryRequest): Promise<DaprDeliveryResponse> {
    const path = pathOf(request.path);
    const headers = flatHeaders(request.headers);
    const kafka = kafkaMetadata(headers);
    const where = { path, ...kafka };
    let decoded;
    try {
      decoded = decodeDaprDelivery(domain, request.body, { rawPayload: options.rawPayload });
    } catch (error) {
      return decide('DROP', `undeliverable message on ${topic}`, {
        ...where,
        ...describeError(error),
      });
    }
    const { event, cloudEvent } = decoded;
    // The app token is the sidecar's credential: handlers that log their context must not see it.
    const { [DAPR_API_TOKEN_HEADER]: _token, ...visibleHeaders } = headers;
    const context: DaprDeliveryContext = {
      path,
      trace: traceContext(headers, cloudEvent),
      cloudEvent,
      kafka,
      headers: visibleHeaders,
    };
    const about = { ...where, eventId: event.event_id, eventType: event.event_type };
    const handler = handlers[event.event_type];
    if (handler === undefined) {
      return decide(
        'SUCCESS',
        `no handler for ${event.event_type}; acknowledged without action`,
        about,
      );
    }
    try {
      const result = await handler(event as DomainEventOf<D, EventTypeOf<D>>, context);
      if (result === undefined) return decide('SUCCESS', `${event.event_type} handled`, about);
      if (!STATUSES.includes(result)) {
        return decide(
          'RETRY',
          `handler of ${event.event_type} returned ${JSON.stringify(result)}, not a Dapr status`,
          about,
        );
      }
      return decide(result, `handler of ${event.event_type} asked for ${result}`, about);
    } catch (error) {
      let status: DaprStatus = 'RETRY';
      if (options.onError) {
        try {
          const chosen = await options.onError(error, event, context);
          if (chosen !== undefined) status = STATUSES.includes(chosen) ? chosen : 'RETRY';
        } catch (hookError) {
          return decide('RETRY', `handler of ${event.event_type} threw and onError threw too`, {
            ...about,
            ...describeError(error),
            onError: describeError(hookError).reason,
          });
        }
      }
      return decide(status, `handler of ${event.event_type} threw`, {
        ...about,
        ...describeError(error),
      });
    }
  }

  /** An error line that cannot stop the reply: a failing logger must not fail the delivery. */
  function logQuietly(message: string, details: Record<string, unknown>): void {
    try {
      logger.error(message, details);
    } catch {
      // the reply still has to go out
    }
  }

  async function handle(request: DaprDeliveryRequest): Promise<DaprDeliveryResponse> {
    const path = pathOf(request.path);
    if (!authorize(flatHeaders(request.headers))) {
      logQuietly(
        `Dapr delivery refused: no valid ${DAPR_API_TOKEN_HEADER} header (APP_API_TOKEN); replying 401`,
        { domain: domain.domain, path },
      );
      return { status: 401, body: { status: 'RETRY' } };
    }
    if (!paths.has(path)) {
      logQuietly(`Dapr delivery to unknown path ${path}: replying 404 (Dapr drops it)`, {
        domain: domain.domain,
        path,
        knownPaths: [...paths],
      });
      return { status: 404, body: { status: 'DROP' } };
    }
    try {
      return await deliver(request);
    } catch (error) {
      // Only a bug or a throwing logger gets here: retrying is the safe answer.
      logQuietly('Dapr delivery RETRY: unexpected failure in the delivery handler', {
        path,
        ...describeError(error),
      });
      return reply('RETRY');
    }
  }

  const routes = Object.fromEntries(
    [...paths].map((path) => [
      path,
      (request: DaprDeliveryRequest) => handle({ ...request, path }),
    ]),
  );
  const serveSubscriptions = options.serveSubscriptions ?? true;
  return Object.freeze({
    subscriptions,
    routes,
    handle,
    serveSubscriptions,
    authorize,
    nodeListener: nodeListenerFor(
      handle,
      (path) => paths.has(path),
      () => (serveSubscriptions ? subscriptions : undefined),
      authorize,
    ),
  });
}

/**
 * Several domains in one app: one listener, one `GET /dapr/subscribe` with every subscription.
 * Paths must not overlap (give domains on a shared topic different `basePath`s).
 */
export function combineDaprHandlers(...handlers: readonly DaprHandler[]): DaprHandler {
  if (handlers.length === 0) throw new TypeError('combineDaprHandlers needs at least one handler');
  const routes: Record<string, DaprHandler['routes'][string]> = {};
  for (const handler of handlers) {
    for (const [path, route] of Object.entries(handler.routes)) {
      if (path in routes)
        throw new TypeError(`combineDaprHandlers: two handlers own the path ${path}`);
      routes[path] = route;
    }
  }
  const subscriptions = handlers.flatMap((handler) => handler.subscriptions);
  const serveSubscriptions = handlers.some((handler) => handler.serveSubscriptions);
  const authorize: AppTokenCheck = (headers) =>
    handlers.every((handler) => handler.authorize(headers));
  async function handle(request: DaprDeliveryRequest): Promise<DaprDeliveryResponse> {
    const route = routes[pathOf(request.path)];
    // The first handler logs and answers the 404 for a path nobody owns.
    return route ? route(request) : handlers[0]!.handle(request);
  }
  return Object.freeze({
    subscriptions,
    routes,
    handle,
    serveSubscriptions,
    authorize,
    nodeListener: nodeListenerFor(
      handle,
      (path) => path in routes,
      () =>
        serveSubscriptions
          ? handlers.filter((h) => h.serveSubscriptions).flatMap((h) => h.subscriptions)
          : undefined,
      authorize,
    ),
  });
}
