/**
 * Payload fields as Pydantic annotations, constraint for constraint what the zod schema checks:
 *
 * | zod                          | Pydantic                                                    |
 * | ---------------------------- | ----------------------------------------------------------- |
 * | z.uuid()                     | Uuid (the same RFC 9562 pattern, then UUID)                 |
 * | z.iso.datetime()             | UtcDatetime (`Z` only, written back as Date.toISOString())  |
 * | z.string().min().max()       | StringConstraints(strict=True, min_length, max_length)      |
 * | .regex(/re/)                 | AfterValidator(_matches(<re translated to Python>))         |
 * | z.int() / z.number()         | JsInt (safe integers, 5.0 is 5) / JsNumber (finite)         |
 * | .min() / .max() on numbers   | Field(ge=..., le=...)                                       |
 * | z.boolean()                  | StrictBool                                                  |
 * | z.enum([...])                | Literal[...]                                                |
 * | z.array(x).min().max()       | Annotated[list[x], Field(min_length, max_length)]           |
 * | z.object({...})              | a nested model (unknown keys dropped, as zod strips them)   |
 * | .nullish()                   | Optional[x] = None (absent and null both read as None)      |
 * | .default(v)                  | = v (absent reads as v; null is refused unless nullish)     |
 */
import type { Field, FieldMap, JsonValue } from '../payload-model';
import { pascal } from '../utils/naming';
import { jsRegexToPython } from './js-regex';
import {
  call,
  docstring,
  pyNumber,
  pyPattern,
  pyString,
  pyValue,
  PY_INDENT,
  statement,
  subscript,
  type PyExpr,
} from './py-source';
import { pythonFieldName } from './python-names';

/** Pydantic and typing names a rendered annotation uses (for the import lines). */
export type UsedNames = Set<string>;

export interface ModelClass {
  name: string;
  doc: string[];
  fields: FieldMap;
  /** Dotted path of this object's fields in the payload (for comments). */
  path: string[];
}

/**
 * The classes of one payload version, nested objects first (Python needs a class defined
 * before an annotation uses it).
 */
export function modelClasses(name: string, doc: string[], fields: FieldMap): ModelClass[] {
  const classes: ModelClass[] = [];
  const collect = (className: string, classDoc: string[], map: FieldMap, path: string[]) => {
    for (const [field, value] of Object.entries(map)) {
      const nested = nestedClassName(className, field, value);
      const object = value.kind === 'array' ? value.of : value;
      if (!nested || object.kind !== 'object') continue;
      const where = [...path, field].join('.');
      const owner = name.replace(/Payload$/, '');
      collect(nested, [`\`${where}\` of ${owner}.`], object.fields, [...path, field]);
    }
    classes.push({ name: className, doc: classDoc, fields: map, path });
  };
  collect(name, doc, fields, []);
  return classes;
}

/** `class X(_Model):` with its docstring, fields and `//` comments carried over as `#`. */
export function renderClass(
  model: ModelClass,
  comments: Record<string, string[]>,
  used: UsedNames,
): string {
  const lines = [`class ${model.name}(_Model):`, ...docstring(model.doc, PY_INDENT)];
  const taken = new Set<string>();
  const entries = Object.entries(model.fields);
  if (entries.length > 0) lines.push('');
  for (const [wire, field] of entries) {
    let name = pythonFieldName(wire);
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    const path = [...model.path, wire];
    for (const comment of comments[path.join('.')] ?? []) lines.push(`${PY_INDENT}# ${comment}`);
    const nested = nestedClassName(model.name, wire, field);
    const type = annotation(field, nested, used);
    const value = defaultValue(field, wire === name ? undefined : wire, used);
    lines.push(statement(PY_INDENT, `${name}: `, type, value === undefined ? '' : ` = ${value}`));
  }
  return lines.join('\n');
}

function nestedClassName(owner: string, field: string, value: Field): string | undefined {
  const base = owner.replace(/Payload$/, '');
  if (value.kind === 'object') return `${base}${pascal(field)}`;
  if (value.kind === 'array' && value.of.kind === 'object') return `${base}${pascal(field)}Item`;
  return undefined;
}

/** The annotation of a field, `Optional[...]` when it may be absent or null. */
function annotation(field: Field, nested: string | undefined, used: UsedNames): PyExpr {
  const type = baseType(field, nested, used);
  if (!field.optional) return type;
  used.add('Optional');
  return subscript('Optional', type);
}

function baseType(field: Field, nested: string | undefined, used: UsedNames): PyExpr {
  const bounds = (min?: number, max?: number, float = false): string[] => [
    ...(min !== undefined ? [`ge=${pyNumber(min, float)}`] : []),
    ...(max !== undefined ? [`le=${pyNumber(max, float)}`] : []),
  ];
  const constrained = (type: PyExpr, ...metadata: PyExpr[]): PyExpr => {
    if (metadata.length === 0) return type;
    used.add('Annotated');
    return subscript('Annotated', type, ...metadata);
  };
  const fieldCall = (args: string[]): PyExpr[] => {
    if (args.length === 0) return [];
    used.add('Field');
    return [call('Field', ...args)];
  };
  switch (field.kind) {
    case 'uuid':
      return 'Uuid';
    case 'datetime':
      return 'UtcDatetime';
    case 'boolean':
      used.add('StrictBool');
      return 'StrictBool';
    case 'enum':
      used.add('Literal');
      return subscript('Literal', ...field.values.map(pyString));
    case 'int':
      return constrained('JsInt', ...fieldCall(bounds(field.min, field.max)));
    case 'number':
      return constrained('JsNumber', ...fieldCall(bounds(field.min, field.max, true)));
    case 'string': {
      const lengths = [
        ...(field.min !== undefined ? [`min_length=${field.min}`] : []),
        ...(field.max !== undefined ? [`max_length=${field.max}`] : []),
      ];
      const pattern: PyExpr[] = [];
      if (field.pattern !== undefined) {
        used.add('AfterValidator');
        pattern.push(
          call('AfterValidator', call('_matches', pyPattern(jsRegexToPython(field.pattern)))),
        );
      }
      if (lengths.length === 0 && pattern.length === 0) {
        used.add('StrictStr');
        return 'StrictStr';
      }
      used.add('StringConstraints');
      used.add('Annotated');
      return subscript(
        'Annotated',
        'str',
        call('StringConstraints', 'strict=True', ...lengths),
        ...pattern,
      );
    }
    case 'array': {
      const item = baseType(field.of, nested, used);
      const lengths = [
        ...(field.min !== undefined ? [`min_length=${field.min}`] : []),
        ...(field.max !== undefined ? [`max_length=${field.max}`] : []),
      ];
      return constrained(subscript('list', item), ...fieldCall(lengths));
    }
    case 'object':
      return nested ?? 'dict';
  }
}

/**
 * What follows `=`: None for an optional field, the zod default, `Field(alias=...)` when the
 * Python name differs from the wire name; undefined for a required field.
 */
function defaultValue(
  field: Field,
  alias: string | undefined,
  used: UsedNames,
): string | undefined {
  const args: string[] = [];
  if (field.default !== undefined) {
    args.push(`default=${pyDefault(field, field.default)}`);
    // uuids, datetimes and objects become their Python types, as a wire value would
    if (typedOnValidation(field)) args.push('validate_default=True');
  } else if (field.optional) args.push('default=None');
  if (alias !== undefined) args.push(`alias=${pyString(alias)}`);
  if (args.length === 0) return undefined;
  if (args.length === 1 && alias === undefined) return args[0].slice('default='.length);
  used.add('Field');
  return `Field(${args.join(', ')})`;
}

function typedOnValidation(field: Field): boolean {
  if (field.kind === 'array') return typedOnValidation(field.of);
  return field.kind === 'uuid' || field.kind === 'datetime' || field.kind === 'object';
}

function pyDefault(field: Field, value: JsonValue): string {
  return field.kind === 'number' && typeof value === 'number'
    ? pyNumber(value, true)
    : pyValue(value);
}
