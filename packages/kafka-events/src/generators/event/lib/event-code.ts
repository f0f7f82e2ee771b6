/**
 * The code of one event version, printed from here only. The domain generator's templates print
 * each event of a new library through these functions, and `kafka-events:event` prints the event
 * it adds (its new files and its edits of existing ones) through the same functions, so a library
 * grown event by event reads exactly like one generated at once.
 */
import { payloadFileName, renderPayloadModule, type EventModel } from '../../../payload-model';
import { plainEventType, wireEventType, type DomainConfig } from '../../../utils/domain-config';
import { call, namedImport } from '../../../utils/layout';
import { camel } from '../../../utils/naming';
import type { EventDefinitionContext, ExampleContext } from '../../domain/lib/template-context';

/** The generated helpers an event's tests call (`createTaskEvent`, ...). */
export interface EventHelpers {
  create: string;
  keyOf: string;
  serialize: string;
  deserialize: string;
}

/** The folder of the payload modules as the modules of each folder of a library import it. */
const PAYLOADS_SEEN_FROM = {
  src: './lib/payloads',
  lib: './payloads',
  payloads: '.',
  upcasters: '../payloads',
} as const;
export type LibraryFolder = keyof typeof PAYLOADS_SEEN_FROM;

/** `./payloads/task-created.v1.js`, the payload module as a module in `from` imports it. */
export function payloadModule(definition: EventDefinitionContext, from: LibraryFolder): string {
  return `${PAYLOADS_SEEN_FROM[from]}/${definition.payloadFile}.js`;
}

/** Whether `module`, imported from a module in `from`, is a payload module. */
export function isPayloadModule(module: string, from: LibraryFolder): boolean {
  return module.startsWith(`${PAYLOADS_SEEN_FROM[from]}/`);
}

/** `import { TaskCreatedV1Payload } from './payloads/task-created.v1.js';` */
export function payloadImport(
  definition: EventDefinitionContext,
  from: LibraryFolder,
  typeOnly = false,
): string {
  return namedImport([definition.payload], payloadModule(definition, from), typeOnly);
}

/** `CREATED_V1: 'task.created.v1'`, an entry of the `<Entity>EventType` object. */
export function typeConstant(constant: { key: string; value: string }): string {
  return `${constant.key}: '${constant.value}'`;
}

/** domain.ts: `export const TaskCreatedV1 = defineEvent({ ... });` */
export function defineEventBlock(definition: EventDefinitionContext): string {
  return [
    `export const ${definition.definition} = defineEvent({`,
    `  type: ${definition.typeRef},`,
    `  name: ${definition.nameRef},`,
    `  version: ${definition.version},`,
    `  key: '${definition.key}',`,
    `  payload: ${definition.payload},`,
    `});`,
  ].join('\n');
}

/** The event's case in a spec's exhaustive `switch (event.event_type)`; `indent` is the case's. */
export function switchCase(definition: EventDefinitionContext, indent: string): string {
  return `case ${definition.typeRef}:\n${indent}  return event.payload.${definition.key};`;
}

/** The `meta` the generated specs pass to create(): a user id when the envelope has metadata. */
export function metaDeclaration(metadata: boolean): string {
  return metadata
    ? `const meta = { userId: 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f' };`
    : 'const meta = {};';
}

/** `src/lib/payloads/task-created.v1.ts`, relative to the library root. */
export function payloadPath(entity: string, name: string, version: number): string {
  return `src/lib/payloads/${payloadFileName(entity, { name, version })}.ts`;
}

/** The payload module of an event version rendered from its model (a new event's payload). */
export function renderEventPayload(config: DomainConfig, model: EventModel): string {
  const type = wireEventType(config, plainEventType(config.entity, model.name), model.version);
  return renderPayloadModule(config.entity, type, model, {
    validation: config.validation !== false,
  });
}

/** `createdV1`, the variable holding an example payload of the version in the specs. */
export function exampleVariable(name: string, version: number): string {
  return `${camel(name)}V${version}`;
}

/** `const createdV1: TaskCreatedV1Payload = { ... };`, the example payload of a spec. */
export function exampleDeclaration(variable: string, payload: string, literal: string): string {
  return `const ${variable}: ${payload} = ${literal};`;
}

/** `const event = createTaskEvent(type, createdV1, meta);` at `indent`. */
export function createEventLine(create: string, type: string, variable: string, indent: string) {
  return call('const event = ', create, [type, variable, 'meta'], ';', indent);
}

/**
 * The round-trip test of one event version at `indent`: create, the envelope fields, the record
 * key, frozen, and back through the wire format as text and as bytes.
 */
export function roundTripCase(
  title: string,
  example: ExampleContext,
  helpers: EventHelpers,
  indent: string,
): string {
  const { definition } = example;
  const v = example.variable;
  const body = `${indent}  `;
  return [
    `${indent}it('${title}', () => {`,
    `${body}const type = ${definition.typeRef};`,
    createEventLine(helpers.create, 'type', v, body),
    `${body}expect(event.event_type).toBe('${definition.type}');`,
    `${body}expect(event.schema_version).toBe(${definition.version});`,
    `${body}expect(event.payload).toEqual(${v});`,
    `${body}const key = ${helpers.keyOf}(event);`,
    `${body}expect(key).toBe(${v}.${definition.key});`,
    `${body}expect(Object.isFrozen(event)).toBe(true);`,
    `${body}const text = ${helpers.serialize}(event);`,
    `${body}expect(${helpers.deserialize}(text)).toEqual(event);`,
    `${body}const bytes = Buffer.from(text);`,
    `${body}expect(${helpers.deserialize}(bytes)).toEqual(event);`,
    `${indent}});`,
  ].join('\n');
}
