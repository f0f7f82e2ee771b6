import type { IdempotencyKey } from './event-id';

/** Any event (of any domain) that caused the new one; only its ids are read. */
export interface EventCause {
  readonly event_id: string;
  readonly correlation_id?: string | null;
}

export interface CommonCreateOptions {
  /** Use this id instead of generating one (e.g. an id reserved earlier). */
  eventId?: string;
  /** Derive a uuid v5 id so retries of one business action produce the same event id. */
  idempotencyKey?: IdempotencyKey;
  /** Defaults to now. A string must be UTC ISO-8601 with `Z`. */
  timestamp?: Date | string;
}

export interface MetadataCreateOptions {
  userId?: string | null;
  /** Defaults to the cause's correlation id, else the new event's own id (a new chain starts). */
  correlationId?: string;
  /** Defaults to the cause's event id. */
  causationId?: string;
  /** The event this one reacts to: copies its correlation id and makes it the causation. */
  causedBy?: EventCause;
}

/** Options of `domain.create`; the metadata options exist only in domains with `metadata: true`. */
export type CreateEventOptions<TMetadata extends boolean = true> = CommonCreateOptions &
  (TMetadata extends true ? MetadataCreateOptions : { [K in keyof MetadataCreateOptions]?: never });
