/**
 * The names a generated domain library exports, derived from its kafka-events.json: the domain
 * generator prints them (generators/domain/lib/template-context.ts) and the flow analysis looks
 * for them in the code that imports the library, so both read them from here.
 */
import type { DomainConfig } from './domain-config';
import { camel, constant, pascal } from './naming';

export interface LibraryExportNames {
  /** `tasksDomain`: the defineDomain constant the runtime's factories take. */
  domainConst: string;
  /** `TaskEventType`: the object of event type constants. */
  typesConst: string;
  /** `createTaskEvent` */
  createEvent: string;
  /** `createTasksProducer` */
  producer: string;
  /** `createTasksConsumer` */
  consumer: string;
  /** `createTasksDaprPublisher` */
  daprPublisher: string;
  /** `tasksDaprSubscriptions` */
  daprSubscriptions: string;
  /** `createTasksDaprHandler` */
  daprHandler: string;
}

export function libraryExportNames(
  config: Pick<DomainConfig, 'domain' | 'entity'>,
): LibraryExportNames {
  const Entity = pascal(config.entity);
  const Domain = pascal(config.domain);
  return {
    domainConst: `${camel(config.domain)}Domain`,
    typesConst: `${Entity}EventType`,
    createEvent: `create${Entity}Event`,
    producer: `create${Domain}Producer`,
    consumer: `create${Domain}Consumer`,
    daprPublisher: `create${Domain}DaprPublisher`,
    daprSubscriptions: `${camel(config.domain)}DaprSubscriptions`,
    daprHandler: `create${Domain}DaprHandler`,
  };
}

/** `CREATED_V1`: the key of a versioned type in the `<Entity>EventType` object. */
export function versionedTypeKey(eventName: string, version: number): string {
  return `${constant(eventName)}_V${version}`;
}
