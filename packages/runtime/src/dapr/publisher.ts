/**
 * Typed publishing through the Dapr sidecar's HTTP API. Events travel as structured CloudEvents
 * (`application/cloudevents+json`), so Dapr keeps our `id`/`type` instead of wrapping them in a
 * `com.dapr.event.sent` envelope and subscriptions can route on `event.type`; the entity key goes
 * as `metadata.partitionKey`, which the Kafka component turns into the record key.
 */
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import { toCloudEvent } from '../cloudevents/cloud-event';
import { isJsonObject } from '../core/decode';
import { DEFAULT_PUBSUB_NAME } from './defaults';
import {
  failedReply,
  postOnce,
  resolveSidecar,
  withRetry,
  type DaprSidecarOptions,
  type PostTarget,
} from './sidecar-http';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

export interface DaprPublisherOptions extends DaprSidecarOptions {
  /** The Dapr pub/sub component. Default `kafka-pubsub`. */
  readonly pubsubName?: string;
  /** Default: the domain's topic. */
  readonly topic?: string;
  /** Extra publish metadata sent as `metadata.<name>` (e.g. `ttlInSeconds`); not partitionKey. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Per call: the W3C trace context to continue (daprd puts it on the CloudEvent it writes). */
export interface DaprPublishOptions {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface DaprBulkFailedEntry<D extends AnyEventDomain> {
  readonly entryId: string;
  readonly event: DomainEventOf<D>;
  /** Dapr's reason for this entry. */
  readonly error: string;
}

export interface DaprBulkPublishResult<D extends AnyEventDomain> {
  /** Empty when every event was published. */
  readonly failedEntries: readonly DaprBulkFailedEntry<D>[];
}

export interface DaprPublisher<D extends AnyEventDomain> {
  readonly pubsubName: string;
  readonly topic: string;
  /** Resolves once the sidecar accepted the event; throws DaprPublishError otherwise. */
  publish(event: DomainEventOf<D>, options?: DaprPublishOptions): Promise<void>;
  /**
   * Publishes through the bulk API. Entries the sidecar reports as failed are retried (5xx) as
   * configured, then returned in `failedEntries`; a refused request (4xx) throws DaprPublishError.
   */
  publishBulk(
    events: readonly DomainEventOf<D>[],
    options?: DaprPublishOptions,
  ): Promise<DaprBulkPublishResult<D>>;
}

const segment = (value: string) => encodeURIComponent(value);

function queryString(metadata: Readonly<Record<string, string>>): string {
  const query = Object.entries(metadata)
    .map(([name, value]) => `${segment(`metadata.${name}`)}=${segment(value)}`)
    .join('&');
  return query === '' ? '' : `?${query}`;
}

function traceHeaders(options: DaprPublishOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.traceparent) headers['traceparent'] = options.traceparent;
  if (options.tracestate) headers['tracestate'] = options.tracestate;
  return headers;
}

interface BulkEntry<D extends AnyEventDomain> {
  readonly entryId: string;
  readonly event: DomainEventOf<D>;
  readonly wire: object;
}

/** Dapr's bulk reply: `{failedEntries: [{entryId, error}], errorCode?}`; undefined if not that. */
function failedEntryIds(body: unknown): Map<string, string> | undefined {
  if (!isJsonObject(body) || !Array.isArray(body['failedEntries'])) return undefined;
  const failed = new Map<string, string>();
  for (const entry of body['failedEntries'] as unknown[]) {
    if (isJsonObject(entry) && typeof entry['entryId'] === 'string') {
      failed.set(
        entry['entryId'],
        typeof entry['error'] === 'string' ? entry['error'] : 'unknown error',
      );
    }
  }
  return failed;
}

export function createDaprPublisher<D extends AnyEventDomain>(
  domain: D,
  options: DaprPublisherOptions = {},
): DaprPublisher<D> {
  const sidecar = resolveSidecar(options);
  const pubsubName = options.pubsubName ?? DEFAULT_PUBSUB_NAME;
  const topic = options.topic ?? domain.topic;
  const extraMetadata = { ...options.metadata };
  for (const reserved of ['partitionKey', '__key', 'rawPayload']) {
    if (reserved in extraMetadata) {
      throw new TypeError(
        `metadata.${reserved} is set by the publisher; remove it from options.metadata`,
      );
    }
  }
  if (pubsubName === '' || topic === '')
    throw new TypeError('pubsubName and topic must be non-empty');
  const target: PostTarget = { pubsubName, topic };
  const publishPath = `/v1.0/publish/${segment(pubsubName)}/${segment(topic)}`;
  const bulkPath = `/v1.0-alpha1/publish/bulk/${segment(pubsubName)}/${segment(topic)}`;

  async function publish(event: DomainEventOf<D>, options: DaprPublishOptions = {}): Promise<void> {
    // Validates first: an invalid event throws here and never reaches the sidecar.
    const cloudEvent = toCloudEvent(domain, event);
    const path = publishPath + queryString({ ...extraMetadata, partitionKey: cloudEvent.subject });
    const body = JSON.stringify(cloudEvent);
    await withRetry<void>(sidecar.retry, async (attempt) => {
      const reply = await postOnce(
        sidecar,
        path,
        body,
        CLOUDEVENTS_JSON,
        target,
        attempt,
        traceHeaders(options),
      );
      return reply.status >= 200 && reply.status < 300
        ? { done: undefined }
        : failedReply(reply, target, attempt);
    });
  }

  async function publishBulk(
    events: readonly DomainEventOf<D>[],
    options: DaprPublishOptions = {},
  ): Promise<DaprBulkPublishResult<D>> {
    // Every event is validated before anything is sent.
    const all: BulkEntry<D>[] = events.map((event, index) => {
      const cloudEvent = toCloudEvent(domain, event);
      return {
        entryId: String(index),
        event,
        wire: {
          entryId: String(index),
          event: cloudEvent,
          contentType: CLOUDEVENTS_JSON,
          metadata: { ...extraMetadata, partitionKey: cloudEvent.subject },
        },
      };
    });
    if (all.length === 0) return { failedEntries: [] };
    let pending = all;
    let reasons = new Map<string, string>();
    const report = (): DaprBulkPublishResult<D> => ({
      failedEntries: pending.map(({ entryId, event }) => ({
        entryId,
        event,
        error: reasons.get(entryId) ?? 'not published',
      })),
    });
    return withRetry(sidecar.retry, async (attempt) => {
      const body = JSON.stringify(pending.map((entry) => entry.wire));
      const reply = await postOnce(
        sidecar,
        bulkPath,
        body,
        'application/json',
        target,
        attempt,
        traceHeaders(options),
      );
      const failed = failedEntryIds(reply.body);
      const ok = reply.status >= 200 && reply.status < 300;
      if (ok && (failed === undefined || failed.size === 0)) {
        pending = [];
        return { done: report() };
      }
      // Partial failure: Dapr answers 500 and lists the entries that did not make it; only
      // those are sent again.
      const stillPending = pending.filter((entry) => failed?.has(entry.entryId));
      if (failed !== undefined && stillPending.length > 0 && (ok || reply.status >= 500)) {
        pending = stillPending;
        reasons = failed;
        const retry = failedReply<DaprBulkPublishResult<D>>(
          { ...reply, status: 500 },
          target,
          attempt,
        );
        return 'retry' in retry ? { retry: retry.retry, fallback: report() } : retry;
      }
      return failedReply(reply, target, attempt);
    });
  }

  return Object.freeze({ pubsubName, topic, publish, publishBulk });
}
