import * as ts from 'typescript';
import { parseSource } from '../utils/ts-ast';
import { f, type Field, type FieldMap } from './fields';
import { parsePayloadFields, UnsupportedSchemaError } from './parse-zod';
import { DOMAIN_PRESETS } from './presets';
import { payloadSymbol, renderPayloadModule } from './render-zod';

const read = (text: string, symbol = 'P') =>
  parsePayloadFields(parseSource(ts, 'payload.ts', text), symbol);

/** The model minus what the source does not carry (examples, comments). */
function schemaOnly(fields: FieldMap): FieldMap {
  const strip = ({ example: _e, description: _d, ...field }: Field): Field => {
    if (field.kind === 'array') return { ...field, of: strip(field.of) };
    if (field.kind === 'object') return { ...field, fields: schemaOnly(field.fields) };
    return field;
  };
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const schema = strip(field);
      // `optional: false` renders like no flag at all
      if (schema.optional === false) delete schema.optional;
      return [name, schema];
    }),
  );
}

describe('parsePayloadFields', () => {
  it.each(
    Object.values(DOMAIN_PRESETS).flatMap((p) =>
      p.events.map((e) => [p.domain, e.name, e] as const),
    ),
  )('reads back what render-zod writes: %s %s', (domain, _name, preset) => {
    const event = { ...preset, version: 1 };
    const entity = domain.replace(/s$/, '');
    const text = renderPayloadModule(entity, 'x.v1', event, { validation: true });
    expect(read(text, payloadSymbol(entity, event))).toEqual(schemaOnly(event.fields));
  });

  it('reads .nullish() (what the generator writes) and .optional() (older libraries) alike', () => {
    const text = `export const P = z.object({
      a: z.string().max(5).nullish(),
      b: z.string().max(5).optional(),
      c: z.iso.datetime(),
    });`;
    expect(read(text)).toEqual({
      a: f.string({ max: 5, optional: true }),
      b: f.string({ max: 5, optional: true }),
      c: f.datetime(),
    });
  });

  it('names what it cannot read, with its position', () => {
    const text = `export const P = z.object({\n  a: z.string().nullable(),\n});`;
    expect(() => read(text)).toThrow(UnsupportedSchemaError);
    expect(() => read(text)).toThrow(
      /payload\.ts:2:6: cannot read "z\.string\(\)\.nullable\(\)".*\.nullish/,
    );
  });
});
