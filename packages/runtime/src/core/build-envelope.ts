import type { AnyEventDefinition } from './define-event';
import type { CommonCreateOptions, MetadataCreateOptions } from './create-options';
import { newEventId } from './event-id';

// Inside the runtime options are read untyped: a domain without metadata must still reject them at run time.
type AnyCreateOptions = CommonCreateOptions & MetadataCreateOptions;

export interface EnvelopeContext {
  readonly domain: string;
  readonly namespace: string;
  readonly metadata: boolean;
}

function eventIdFor(context: EnvelopeContext, options: AnyCreateOptions): string {
  if (options.eventId !== undefined && options.idempotencyKey !== undefined) {
    throw new TypeError(
      'Pass either eventId or idempotencyKey, not both: they would disagree about the id',
    );
  }
  return options.eventId ?? newEventId(context.namespace, options.idempotencyKey);
}

function timestampFor(timestamp: Date | string | undefined): string {
  if (timestamp === undefined) return new Date().toISOString();
  if (typeof timestamp === 'string') return timestamp;
  // An invalid Date becomes a string the schema rejects with a normal validation error.
  return Number.isNaN(timestamp.getTime()) ? String(timestamp) : timestamp.toISOString();
}

function metadataFor(eventId: string, options: AnyCreateOptions) {
  const cause = options.causedBy;
  return {
    correlation_id: options.correlationId ?? cause?.correlation_id ?? cause?.event_id ?? eventId,
    causation_id: options.causationId ?? cause?.event_id ?? null,
    user_id: options.userId ?? null,
  };
}

const METADATA_OPTIONS = ['userId', 'correlationId', 'causationId', 'causedBy'] as const;

/** The unvalidated wire object for `create`; the domain validates it like any incoming event. */
export function buildEnvelope(
  context: EnvelopeContext,
  definition: AnyEventDefinition,
  payload: unknown,
  options: AnyCreateOptions,
): Record<string, unknown> {
  if (!context.metadata) {
    const given = METADATA_OPTIONS.filter((name) => options[name] !== undefined);
    // Dropping them silently would lose the caller's tracing information.
    if (given.length > 0) {
      throw new TypeError(
        `Domain ${context.domain} has no metadata fields; remove option(s) ${given.join(', ')}`,
      );
    }
  }
  const eventId = eventIdFor(context, options);
  return {
    event_id: eventId,
    event_type: definition.type,
    schema_version: definition.version,
    timestamp: timestampFor(options.timestamp),
    ...(context.metadata ? metadataFor(eventId, options) : {}),
    payload,
  };
}
