import type { AnyEventDomain, DomainEventOf, EventTypeOf } from './domain-types';

/**
 * One upcasting step per event type that has a newer version: `task.created.v1` -> a
 * `task.created.v2` event. Steps return plain objects; the chain validates every result.
 */
export type UpcasterSteps<D extends AnyEventDomain> = {
  readonly [T in EventTypeOf<D>]?: (event: DomainEventOf<D, T>) => DomainEventOf<D>;
};

/** What the chain returns: an event whose type has no step left (the newest of its event). */
export type UpcastEventOf<D extends AnyEventDomain, S> = DomainEventOf<
  D,
  Exclude<EventTypeOf<D>, keyof S>
>;

/**
 * Builds a function that brings any event of `domain` to the newest version of its event by
 * applying steps until none applies, so handlers are written against the newest versions only.
 * Each step's result is validated by the domain (a step that forgets a required field fails with
 * EventValidationError instead of passing a malformed event on) and must move to a later version
 * of the same event, which also rules out cycles.
 */
export function defineUpcasters<D extends AnyEventDomain, const S extends UpcasterSteps<D>>(
  domain: D,
  steps: S,
): (event: DomainEventOf<D>) => UpcastEventOf<D, S> {
  const table = new Map<string, (event: never) => unknown>();
  for (const [type, step] of Object.entries(steps) as [string, unknown][]) {
    if (step === undefined) continue;
    if (typeof step !== 'function') {
      throw new TypeError(
        `defineUpcasters(${domain.domain}): the step for ${type} is not a function`,
      );
    }
    if (domain.definition(type) === undefined) {
      throw new TypeError(
        `defineUpcasters(${domain.domain}): ${type} is not an event type of the domain ` +
          `(known: ${domain.eventTypes.join(', ')})`,
      );
    }
    table.set(type, step as (event: never) => unknown);
  }

  return (event) => {
    let current = domain.validate(event) as { event_type: string };
    for (let step = table.get(current.event_type); step; step = table.get(current.event_type)) {
      const from = domain.definition(current.event_type)!;
      const next = domain.validate(step(current as never)) as { event_type: string };
      const to = domain.definition(next.event_type)!;
      if (to.name !== from.name || to.version <= from.version) {
        throw new TypeError(
          `defineUpcasters(${domain.domain}): the step for ${from.type} returned ${to.type}; ` +
            `it must return a later version of ${from.name}`,
        );
      }
      current = next;
    }
    return current as unknown as UpcastEventOf<D, S>;
  };
}
