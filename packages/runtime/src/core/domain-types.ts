import type { z } from 'zod';
import type { AnyEventDefinition, EventDefinition, PayloadSchema } from './define-event';
import type { EnvelopeSchema, EventEnvelope } from './envelope';
import type { CreateEventOptions } from './create-options';
import type { EventValidationError, UnknownEventTypeError } from './errors';

export interface DomainConfig<
  TDomain extends string,
  TEvents extends readonly AnyEventDefinition[],
  TMetadata extends boolean,
> {
  /** Domain name, e.g. `tasks`; also seeds the uuid v5 namespace of idempotent event ids. */
  readonly domain: TDomain;
  readonly entity: string;
  /** The Kafka topic all events of the domain go to (one topic keeps one entity's events ordered). */
  readonly topic: string;
  /** CloudEvents `source` (URI-reference), e.g. `/tasks`. */
  readonly source: string;
  /** Add correlation_id, causation_id and user_id to the envelope. Default true. */
  readonly metadata?: TMetadata;
  readonly events: TEvents;
}

type DefinitionOf<TEvents extends readonly AnyEventDefinition[], T extends string> = Extract<
  TEvents[number],
  { readonly type: T }
>;

/** Distributes over a union of definitions, giving the discriminated union of events. */
type EventOfDefinition<TDefinition, TMetadata extends boolean> =
  TDefinition extends EventDefinition<infer TType, infer TPayload extends PayloadSchema>
    ? EventEnvelope<TType, z.output<TPayload>, TMetadata>
    : never;

export type SafeValidateResult<TEvent> =
  | { readonly success: true; readonly event: TEvent }
  | { readonly success: false; readonly error: EventValidationError | UnknownEventTypeError };

export interface EventDomain<
  TEvents extends readonly AnyEventDefinition[] = readonly AnyEventDefinition[],
  TMetadata extends boolean = boolean,
  TDomain extends string = string,
> {
  readonly domain: TDomain;
  readonly entity: string;
  readonly topic: string;
  readonly source: string;
  readonly metadata: TMetadata;
  readonly events: TEvents;
  /** The wire types, in definition order. */
  readonly eventTypes: readonly TEvents[number]['type'][];
  /** Discriminated union over `event_type` (strict wire form, no unversioned-type normalisation). */
  readonly envelopeSchema: z.ZodDiscriminatedUnion<readonly EnvelopeSchema[], 'event_type'>;

  /** Builds and validates a new event; throws EventValidationError for a bad payload or option. */
  create<T extends TEvents[number]['type']>(
    type: T,
    payload: z.input<DefinitionOf<TEvents, T>['payload']>,
    options?: CreateEventOptions<TMetadata>,
  ): EventOfDefinition<DefinitionOf<TEvents, T>, TMetadata>;
  /** Returns a frozen event or throws EventValidationError / UnknownEventTypeError. */
  validate(value: unknown): EventOfDefinition<TEvents[number], TMetadata>;
  safeValidate(value: unknown): SafeValidateResult<EventOfDefinition<TEvents[number], TMetadata>>;
  /** Wire JSON (snake_case, absent metadata as null). Validates first: nothing invalid leaves. */
  serialize(event: EventOfDefinition<TEvents[number], TMetadata>): string;
  /** Strict UTF-8 + JSON + validation; throws EventDecodeError before validation errors. */
  deserialize(data: string | Uint8Array): EventOfDefinition<TEvents[number], TMetadata>;
  /** The Kafka record key: the payload field named by the definition's `key`. */
  keyOf(event: EventOfDefinition<TEvents[number], TMetadata>): string;
  is<T extends TEvents[number]['type']>(
    event: EventOfDefinition<TEvents[number], TMetadata>,
    type: T,
  ): event is EventOfDefinition<DefinitionOf<TEvents, T>, TMetadata>;
  definition<T extends TEvents[number]['type']>(type: T): DefinitionOf<TEvents, T>;
  definition(type: string): AnyEventDefinition | undefined;
}

export type AnyEventDomain = EventDomain<readonly AnyEventDefinition[], boolean, string>;

export type EventTypeOf<D extends AnyEventDomain> = D['events'][number]['type'];

/** The union of a domain's events, or one member when `T` is given. */
export type DomainEventOf<
  D extends AnyEventDomain,
  T extends EventTypeOf<D> = EventTypeOf<D>,
> = EventOfDefinition<DefinitionOf<D['events'], T>, D['metadata']>;

/** The parsed payload (defaults applied) of one event type. */
export type PayloadOf<D extends AnyEventDomain, T extends EventTypeOf<D>> = z.output<
  DefinitionOf<D['events'], T>['payload']
>;

/** What `create` accepts as payload (fields with defaults are optional). */
export type PayloadInputOf<D extends AnyEventDomain, T extends EventTypeOf<D>> = z.input<
  DefinitionOf<D['events'], T>['payload']
>;
