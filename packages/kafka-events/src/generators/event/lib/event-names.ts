import type { EventModel } from '../../../payload-model';
import type { DomainConfig } from '../../../utils/domain-config';
import { pascal } from '../../../utils/naming';
import {
  templateContext,
  type EventDefinitionContext,
  type ExampleContext,
} from '../../domain/lib/template-context';

/**
 * Every name the edits and new files use, taken from the domain generator's template context
 * so a library grown by this generator reads exactly like a freshly generated one.
 */
export interface EventNames {
  Entity: string;
  typesConst: string;
  domainConst: string;
  eventOf: string;
  helpers: ReturnType<typeof templateContext>['helpers'];
  /** Constants of this event version in event-types.ts (`ARCHIVED`, `ARCHIVED_V1`). */
  constants: { key: string; value: string }[];
  /** The version being added. */
  current: EventDefinitionContext;
  /** The version before it, when adding version 2 or later. */
  previous?: EventDefinitionContext;
  /** Example payload of the version being added (for its tests). */
  example: ExampleContext;
  /** `upcastTaskEvent` */
  upcastAll: string;
  /** `LatestTaskEvent` */
  latestEvent: string;
}

/** `config` already lists the version being added; `model` is its payload model. */
export function eventNames(config: DomainConfig, model: EventModel): EventNames {
  const context = templateContext(config, [model], '', '');
  const find = (version: number) =>
    context.definitions.find((d) => d.name === model.name && d.version === version);
  const current = find(model.version);
  const example = context.examples[0];
  if (!current || !example) {
    throw new Error(`kafka-events.json does not list ${model.name} v${model.version}`);
  }
  const previous = model.version > 1 ? find(model.version - 1) : undefined;
  const own = new Set([current.typeRef, current.nameRef].map((ref) => ref.split('.').pop()));
  return {
    Entity: context.Entity,
    typesConst: context.typesConst,
    domainConst: context.domainConst,
    eventOf: context.eventOf,
    helpers: context.helpers,
    constants: context.constants.filter(
      (c) => own.has(c.key) && (model.version === 1 || c.key === current.typeRef.split('.').pop()),
    ),
    current,
    previous,
    example,
    upcastAll: `upcast${pascal(config.entity)}Event`,
    latestEvent: `Latest${pascal(config.entity)}Event`,
  };
}

/** `upcastTaskCreatedV1ToV2` */
export function upcasterName(entity: string, previous: EventDefinitionContext): string {
  return `upcast${pascal(entity)}${pascal(previous.name)}V${previous.version}ToV${previous.version + 1}`;
}

/** `task-created.v1-to-v2` */
export function upcasterFile(previous: EventDefinitionContext): string {
  return `${previous.payloadFile}-to-v${previous.version + 1}`;
}
