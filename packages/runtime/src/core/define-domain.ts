import { z } from 'zod';
import type { AnyEventDefinition } from './define-event';
import { envelopeSchemaFor, type EnvelopeSchema } from './envelope';
import { buildEnvelope, type EnvelopeContext } from './build-envelope';
import { domainNamespace } from './event-id';
import { deepFreeze } from './deep-freeze';
import { isJsonObject, parseJsonObject } from './decode';
import { issuesFromZod } from './zod-issues';
import { compileFastParse, REJECT, type FastParse } from './fast-parse';
import { EventValidationError, UnknownEventTypeError } from './errors';
import type { DomainConfig, EventDomain, SafeValidateResult } from './domain-types';

type AnyEvent = Readonly<Record<string, unknown>> & {
  readonly event_type: string;
  readonly payload: object;
};

function checkConfig(config: DomainConfig<string, readonly AnyEventDefinition[], boolean>): void {
  for (const field of ['domain', 'entity', 'topic', 'source'] as const) {
    if (typeof config[field] !== 'string' || config[field] === '') {
      throw new TypeError(`defineDomain: ${field} must be a non-empty string`);
    }
  }
  if (config.events.length === 0) throw new TypeError(`Domain ${config.domain} defines no events`);
}

/**
 * Turns event definitions into a domain: the typed factory, validators and codecs that generated
 * libraries re-export. Everything is closed over (no `this`) so methods can be destructured.
 */
export function defineDomain<
  const TDomain extends string,
  const TEvents extends readonly AnyEventDefinition[],
  TMetadata extends boolean = true,
>(config: DomainConfig<TDomain, TEvents, TMetadata>): EventDomain<TEvents, TMetadata, TDomain> {
  checkConfig(config);
  const metadata = config.metadata ?? true;
  const definitions = new Map<string, AnyEventDefinition>();
  const schemas = new Map<string, EnvelopeSchema>();
  // Per type, the accept path compiled from its schema (absent when the schema is outside it).
  const fastParsers = new Map<string, FastParse | undefined>();
  for (const definition of config.events) {
    if (definitions.has(definition.type)) {
      throw new TypeError(`Domain ${config.domain} defines event type ${definition.type} twice`);
    }
    definitions.set(definition.type, definition);
    const schema = envelopeSchemaFor(definition, metadata);
    schemas.set(definition.type, schema);
    fastParsers.set(definition.type, compileFastParse(schema));
  }
  const eventTypes = Object.freeze([...definitions.keys()]);
  const context: EnvelopeContext = {
    domain: config.domain,
    namespace: domainNamespace(config.domain),
    metadata,
  };

  /** A Pydantic producer may send `task.created` + schema_version 1 for `task.created.v1`. */
  function resolveType(eventType: string, schemaVersion: unknown): string | undefined {
    if (definitions.has(eventType)) return eventType;
    if (!Number.isInteger(schemaVersion)) return undefined;
    const versioned = definitions.get(`${eventType}.v${String(schemaVersion)}`);
    return versioned?.name === eventType ? versioned.type : undefined;
  }

  /** `owned`: `value` was just parsed from JSON by us, so the fast path may freeze it in place. */
  function safeValidateWith(value: unknown, owned: boolean): SafeValidateResult<AnyEvent> {
    if (!isJsonObject(value)) {
      const issue = { path: '', message: 'Expected an event object', code: 'invalid_type' };
      return { success: false, error: new EventValidationError([issue]) };
    }
    const eventType = value['event_type'];
    if (typeof eventType !== 'string') {
      const issue = {
        path: 'event_type',
        message: 'Expected a string event type',
        code: 'invalid_type',
      };
      return { success: false, error: new EventValidationError([issue]) };
    }
    const type = resolveType(eventType, value['schema_version']);
    if (type === undefined)
      return { success: false, error: new UnknownEventTypeError(eventType, eventTypes) };
    const input = type === eventType ? value : { ...value, event_type: type };
    // Zod has the last word: it runs whenever the fast path does not accept, and its errors list
    // every failing path. What the fast path accepts is deep-frozen already.
    const accepted = fastParsers.get(type)?.(input, owned) ?? REJECT;
    if (accepted !== REJECT) return { success: true, event: accepted as AnyEvent };
    const parsed = schemas.get(type)!.safeParse(input);
    if (!parsed.success)
      return { success: false, error: new EventValidationError(issuesFromZod(parsed.error), type) };
    return { success: true, event: deepFreeze(parsed.data) as AnyEvent };
  }

  // Events this domain created: deep-frozen, so still exactly what was validated. The producer
  // validates what it sends; for these that is a lookup instead of a second parse.
  const created = new WeakSet<object>();

  function validateWith(value: unknown, owned: boolean): AnyEvent {
    if (!owned && typeof value === 'object' && value !== null && created.has(value))
      return value as AnyEvent;
    // The common case, without a result object: a type named exactly, accepted by the fast path.
    const fast = isJsonObject(value) ? fastParsers.get(value['event_type'] as string) : undefined;
    const accepted = fast === undefined ? REJECT : fast(value, owned);
    if (accepted !== REJECT) return accepted as AnyEvent;
    const result = safeValidateWith(value, owned);
    if (!result.success) throw result.error;
    return result.event;
  }
  const safeValidate = (value: unknown) => safeValidateWith(value, false);
  const validate = (value: unknown) => validateWith(value, false);

  function definitionOrThrow(type: string): AnyEventDefinition {
    const definition = definitions.get(type);
    if (definition === undefined) throw new UnknownEventTypeError(type, eventTypes);
    return definition;
  }

  function keyOf(event: AnyEvent): string {
    const { key } = definitionOrThrow(event.event_type);
    const value = (event.payload as Record<string, unknown>)[key];
    if (typeof value !== 'string' && typeof value !== 'number') {
      const issue = {
        path: `payload.${key}`,
        message: 'Key field must be a string or number',
        code: 'invalid_key',
      };
      throw new EventValidationError([issue], event.event_type);
    }
    return String(value);
  }

  const domain = {
    domain: config.domain,
    entity: config.entity,
    topic: config.topic,
    source: config.source,
    metadata,
    events: config.events,
    eventTypes,
    envelopeSchema: z.discriminatedUnion('event_type', [...schemas.values()] as [
      EnvelopeSchema,
      ...EnvelopeSchema[],
    ]),
    create: (type: string, payload: unknown, options = {}) => {
      const event = validate(buildEnvelope(context, definitionOrThrow(type), payload, options));
      created.add(event);
      return event;
    },
    validate,
    safeValidate,
    serialize: (event: unknown) => JSON.stringify(validate(event)),
    deserialize: (data: string | Uint8Array) => validateWith(parseJsonObject(data, 'Event'), true),
    keyOf,
    is: (event: AnyEvent, type: string) => event.event_type === type,
    definition: (type: string) => definitions.get(type),
  };
  const frozen = Object.freeze(domain) as unknown as EventDomain<TEvents, TMetadata, TDomain>;
  validateParsed.set(frozen, (value) => validateWith(value, true));
  return frozen;
}

/** Per domain, `validate` for an object the caller has just parsed from JSON and hands over. */
const validateParsed = new WeakMap<object, (value: Record<string, unknown>) => AnyEvent>();

/**
 * `domain.validate(value)` for a `value` fresh from JSON.parse that nothing else holds: the event
 * may then be that very object, frozen, instead of a copy (the consumer's decode).
 */
export function validateParsedEvent(domain: object, value: Record<string, unknown>): unknown {
  const validate = validateParsed.get(domain);
  return validate
    ? validate(value)
    : (domain as { validate(value: unknown): unknown }).validate(value);
}
