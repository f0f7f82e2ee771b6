import {
  examplePayload,
  payloadFileName,
  payloadSymbol,
  renderExpandedObject,
  type EventModel,
} from '../../../payload-model';
import { wireEventType, type DomainConfig } from '../../../utils/domain-config';
import { fit, reExport } from '../../../utils/layout';
import { libraryExportNames, versionedTypeKey } from '../../../utils/generated-names';
import { constant, pascal } from '../../../utils/naming';
import {
  defineEventBlock,
  exampleDeclaration,
  exampleVariable,
  metaDeclaration,
  payloadImport,
  payloadModule,
  roundTripCase,
  switchCase,
  typeConstant,
} from '../../event/lib/event-code';

/**
 * Modules of `src/lib` exported from the library's index, in order. Each has a template at
 * `module-files/<module>/<module>.ts__tmpl__` (written by lib/library-modules.ts); adding a module
 * is one template plus one entry here, plus a migration that adds it to existing libraries.
 */
export const LIBRARY_MODULES = ['domain', 'kafka', 'dapr'] as const;
export type LibraryModule = (typeof LIBRARY_MODULES)[number];

export interface EventDefinitionContext {
  /** `created` */
  name: string;
  version: number;
  /** `task.created.v1` (what goes on the wire) */
  type: string;
  /** `TaskEventType.CREATED_V1` */
  typeRef: string;
  /** `TaskEventType.CREATED` */
  nameRef: string;
  /** `TaskCreatedV1` (the defineEvent constant) */
  definition: string;
  /** `TaskCreatedV1Payload` */
  payload: string;
  /** `task-created.v1` */
  payloadFile: string;
  key: string;
}

export interface ExampleContext {
  definition: EventDefinitionContext;
  /** `createdV1` */
  variable: string;
  /** Object literal source, already laid out for its declaration line. */
  literal: string;
}

/**
 * Everything the templates print, computed here so templates stay free of logic. Built from the
 * recorded config (domain.ts, event-types.ts, index.ts can be re-rendered from kafka-events.json
 * alone) plus, for the spec, the payload models of the events.
 */
export function templateContext(
  config: DomainConfig,
  models: EventModel[],
  projectName: string,
  importPath: string,
) {
  const Entity = pascal(config.entity);
  const names = libraryExportNames(config);
  const { typesConst, domainConst } = names;
  const versionedKey = versionedTypeKey;
  const constants = config.events.flatMap((event) => [
    { key: constant(event.name), value: event.type },
    ...(config.versioning
      ? event.versions.map((v) => ({
          key: versionedKey(event.name, v),
          value: wireEventType(config, event.type, v),
        }))
      : []),
  ]);
  const definitions: EventDefinitionContext[] = config.events.flatMap((event) =>
    event.versions.map((version) => {
      const typeKey = config.versioning ? versionedKey(event.name, version) : constant(event.name);
      return {
        name: event.name,
        version,
        type: wireEventType(config, event.type, version),
        typeRef: `${typesConst}.${typeKey}`,
        nameRef: `${typesConst}.${constant(event.name)}`,
        definition: `${Entity}${pascal(event.name)}V${version}`,
        payload: payloadSymbol(config.entity, { name: event.name, version }),
        payloadFile: payloadFileName(config.entity, { name: event.name, version }),
        key: event.key,
      };
    }),
  );
  const examples: ExampleContext[] = definitions.flatMap((definition) => {
    const model = models.find(
      (m) => m.name === definition.name && m.version === definition.version,
    );
    if (!model) return [];
    const variable = exampleVariable(definition.name, definition.version);
    const value = examplePayload(model.fields);
    return [{ definition, variable, literal: renderExpandedObject(value) }];
  });
  const first = examples[0];
  const firstModel = first && models.find((m) => m.name === first.definition.name);
  // the "empty required string" rejection needs a string with a minimum length
  const requiredText =
    config.validation && firstModel
      ? Object.entries(firstModel.fields).find(
          ([, field]) =>
            field.kind === 'string' &&
            !field.optional &&
            field.default === undefined &&
            (field.min ?? 0) > 0,
        )?.[0]
      : undefined;
  // Pydantic writes an absent Optional as null: the spec proves the schema reads it
  const nullField =
    firstModel &&
    Object.entries(firstModel.fields).find(
      ([, field]) => field.optional && field.default === undefined,
    )?.[0];
  const helpers = {
    create: names.createEvent,
    validate: `validate${Entity}Event`,
    safeValidate: `safeValidate${Entity}Event`,
    serialize: `serialize${Entity}Event`,
    deserialize: `deserialize${Entity}Event`,
    is: `is${Entity}Event`,
    keyOf: `keyOf${Entity}Event`,
  };
  return {
    tmpl: '',
    ...config,
    projectName,
    importPath,
    Entity,
    typesConst,
    domainConst,
    eventUnion: `${Entity}Event`,
    /** `export const createTaskEvent = tasksDomain.create;`, laid out for long names. */
    helperLine: (helper: string, method: string) =>
      fit(
        `export const ${helper} = ${domainConst}.${method};`,
        `export const ${helper} =\n  ${domainConst}.${method};`,
      ),
    eventOfDeclaration: fit(
      `export type ${Entity}EventOf<T extends EventType> = DomainEventOf<Domain, T>;`,
      `export type ${Entity}EventOf<T extends EventType> = DomainEventOf<\n  Domain,\n  T\n>;`,
    ),
    eventOf: `${Entity}EventOf`,
    kafkaHelpers: { producer: names.producer, consumer: names.consumer },
    daprHelpers: {
      publisher: names.daprPublisher,
      subscriptions: names.daprSubscriptions,
      handler: names.daprHandler,
    },
    helpers,
    constants,
    definitions,
    // the comment keeps the list one-per-line under any printWidth, so the file stays
    // formatter-clean whatever the workspace's prettier config
    eventsArray: `[\n    // one definition per event version\n${definitions.map((d) => `    ${d.definition},`).join('\n')}\n  ] as const`,
    examples,
    rejection: first && {
      example: first,
      keyField: first.definition.key,
      requiredText,
      nullField,
    },
    /** What src/index.ts re-exports, in order. */
    indexModules: [
      './lib/event-types.js',
      ...definitions.map((d) => payloadModule(d, 'src')),
      ...LIBRARY_MODULES.map(libraryModuleExport),
    ],
    exampleTimestamp: '2026-11-27T10:15:30',
    // the code of each event, shared with kafka-events:event (event/lib/event-code.ts)
    reExport,
    typeConstant,
    payloadImport: (d: EventDefinitionContext, typeOnly = false) =>
      payloadImport(d, 'lib', typeOnly),
    defineEventBlock,
    switchCase,
    metaDeclaration: metaDeclaration(config.metadata !== false),
    exampleDeclaration: (e: ExampleContext) =>
      exampleDeclaration(e.variable, e.definition.payload, e.literal),
    roundTripCases: examples
      .map((e) => roundTripCase(e.definition.type, e, helpers, '    '))
      .join('\n\n'),
  };
}

export type TemplateContext = ReturnType<typeof templateContext>;

/** `./lib/kafka.js`: how src/index.ts re-exports a library module. */
export function libraryModuleExport(module: LibraryModule): string {
  return `./lib/${module}.js`;
}
