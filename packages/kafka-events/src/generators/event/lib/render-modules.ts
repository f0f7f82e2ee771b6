/**
 * The new files of one event version: its round-trip spec and, for version 2 and later, the
 * upcaster from the previous version, its spec and the library's upcast module. Printed in
 * prettier's layout (utils/layout.ts) so they are formatter-clean without a formatter.
 */
import { call, fit, namedImport, typeAlias } from '../../../utils/layout';
import {
  createEventLine,
  exampleDeclaration,
  exampleVariable,
  metaDeclaration,
  payloadImport,
  roundTripCase,
} from './event-code';
import type { EventNames } from './event-names';

/** `src/lib/payloads/<entity>-<event>.v<N>.spec.ts` */
export function renderEventSpec(names: EventNames, metadata: boolean): string {
  const { current, example, helpers } = names;
  return [
    namedImport(
      [helpers.create, helpers.deserialize, helpers.keyOf, helpers.serialize],
      '../domain.js',
    ),
    `import { ${names.typesConst} } from '../event-types.js';`,
    payloadImport(current, 'payloads', true),
    '',
    metaDeclaration(metadata),
    '',
    exampleDeclaration(example.variable, current.payload, example.literal),
    '',
    `describe('${current.type}', () => {`,
    roundTripCase('round-trips through the wire format', example, helpers, '  '),
    '});',
    '',
  ].join('\n');
}

/** `src/lib/upcasters/<entity>-<event>.v<N-1>-to-v<N>.ts` */
export function renderUpcaster(names: EventNames, step: string): string {
  const { current } = names;
  const previous = names.previous!;
  return [
    `import type { ${names.eventOf} } from '../domain.js';`,
    `import { ${names.typesConst} } from '../event-types.js';`,
    '',
    typeAlias('From', names.eventOf, `typeof ${previous.typeRef}`),
    typeAlias('To', names.eventOf, `typeof ${current.typeRef}`),
    '',
    '/**',
    ` * \`${previous.type}\` -> \`${current.type}\`, so handlers only deal with the newest version.`,
    ` * v${current.version} started as a copy of v${previous.version}: when you add, rename or remove a field in`,
    ` * v${current.version}, map it here (the compiler points at what is missing) and update the spec.`,
    ' */',
    `export function ${step}(event: From): To {`,
    '  return {',
    '    ...event,',
    `    event_type: ${current.typeRef},`,
    `    schema_version: ${current.version},`,
    '    payload: { ...event.payload },',
    '  };',
    '}',
    '',
  ].join('\n');
}

/** `src/lib/upcasters/<entity>-<event>.v<N-1>-to-v<N>.spec.ts` */
export function renderUpcasterSpec(
  names: EventNames,
  step: string,
  file: string,
  metadata: boolean,
): string {
  const { current, example, helpers } = names;
  const previous = names.previous!;
  const v = exampleVariable(previous.name, previous.version);
  const create = createEventLine(helpers.create, previous.typeRef, v, '    ');
  return [
    namedImport([helpers.create, helpers.validate], '../domain.js'),
    `import { ${names.typesConst} } from '../event-types.js';`,
    payloadImport(previous, 'upcasters', true),
    `import { ${names.upcastAll} } from '../upcast.js';`,
    `import { ${step} } from './${file}.js';`,
    '',
    metaDeclaration(metadata),
    '',
    exampleDeclaration(v, previous.payload, example.literal),
    '',
    `describe('${previous.type} -> ${current.type}', () => {`,
    `  it('keeps the envelope and moves the event to v${current.version}', () => {`,
    create,
    `    const next = ${step}(event);`,
    `    expect(next.event_type).toBe('${current.type}');`,
    `    expect(next.schema_version).toBe(${current.version});`,
    '    expect(next.event_id).toBe(event.event_id);',
    '    expect(next.timestamp).toBe(event.timestamp);',
    `    // v${current.version} starts as a copy of v${previous.version}: update when the mapping changes`,
    '    expect(next.payload).toEqual(event.payload);',
    `    expect(${helpers.validate}(next)).toEqual(next);`,
    '  });',
    '',
    `  it('is the step ${names.upcastAll} takes from v${previous.version}', () => {`,
    create,
    `    const newest = ${names.upcastAll}(event);`,
    `    const step = ${step}(event);`,
    `    expect(${names.upcastAll}(step)).toEqual(newest);`,
    '  });',
    '});',
    '',
  ].join('\n');
}

/** `src/lib/upcast.ts`, written with the library's first upcaster. */
export function renderUpcastModule(
  names: EventNames,
  entity: string,
  step: { name: string; module: string; entry: string },
): string {
  return [
    `import { defineUpcasters } from '@kafka-events/runtime';`,
    `import { ${names.domainConst} } from './domain.js';`,
    `import { ${names.typesConst} } from './event-types.js';`,
    namedImport([step.name], step.module),
    '',
    '/** One step per event version that has a newer one; `--bump` adds them here. */',
    'const upcasters = {',
    `  ${step.entry},`,
    '} as const;',
    '',
    '/**',
    ` * Brings any ${entity} event to the newest version of its event, one validated step per`,
    ' * version, so handlers switch on the newest event types only.',
    ' */',
    call(
      `export const ${names.upcastAll} = `,
      'defineUpcasters',
      [names.domainConst, 'upcasters'],
      ';',
      '',
    ),
    '',
    `/** A ${entity} event at the newest version of its event: what ${names.upcastAll} returns. */`,
    fit(
      `export type ${names.latestEvent} = ReturnType<typeof ${names.upcastAll}>;`,
      `export type ${names.latestEvent} = ReturnType<\n  typeof ${names.upcastAll}\n>;`,
    ),
    '',
  ].join('\n');
}
