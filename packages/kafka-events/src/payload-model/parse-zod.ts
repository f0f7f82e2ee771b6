/**
 * Reads a payload module back into the field model: the inverse of render-zod for the zod
 * subset it writes (z.uuid, z.iso.datetime, z.string/int/number with bounds and regex,
 * z.boolean, z.enum, z.array, z.object, .nullish() or .optional(), .default(...)). Generators use
 * it to build example payloads for tests of a version copied from a file the user may have
 * edited; anything outside the subset is reported with its position instead of being guessed.
 */
import type * as TS from 'typescript';
import { KafkaEventsPluginError } from '../errors/plugin-error';
import { topLevelInitializer, type ParsedSource } from '../utils/ts-ast';
import type { Field, FieldMap, JsonValue } from './fields';

export class UnsupportedSchemaError extends KafkaEventsPluginError {
  override name = 'UnsupportedSchemaError';
  constructor(message: string) {
    super('UNSUPPORTED_SCHEMA', message);
  }
}

/** The fields of `export const <symbol> = z.object({...})` in a parsed payload module. */
export function parsePayloadFields(parsed: ParsedSource, symbol: string): FieldMap {
  const initializer = topLevelInitializer(parsed, symbol);
  if (!initializer) {
    throw new UnsupportedSchemaError(`${parsed.file}: no "const ${symbol} = z.object({...})"`);
  }
  const field = parseField(parsed, initializer);
  if (field.kind !== 'object') {
    throw new UnsupportedSchemaError(`${parsed.file}: ${symbol} is not a z.object({...})`);
  }
  return field.fields;
}

function parseField(parsed: ParsedSource, node: TS.Expression): Field {
  const { ts } = parsed;
  const unsupported = (at: TS.Node): never => {
    const { line, character } = parsed.source.getLineAndCharacterOfPosition(at.getStart());
    throw new UnsupportedSchemaError(
      `${parsed.file}:${line + 1}:${character + 1}: cannot read "${at.getText()}" ` +
        `(kafka-events reads z.uuid, z.iso.datetime, z.string, z.int, z.number, z.boolean, ` +
        `z.enum, z.array and z.object with .min/.max/.regex/.optional/.nullish/.default)`,
    );
  };
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) {
    return unsupported(node);
  }
  const method = node.expression.name.text;
  const target = node.expression.expression;
  const args = node.arguments;
  // z.<factory>(...) or z.iso.datetime()
  const receiver = target.getText();
  if (receiver === 'z' || receiver === 'z.iso') {
    return parseFactory(parsed, `${receiver}.${method}`, args, node, unsupported);
  }
  const base = parseField(parsed, target);
  const number = () => {
    const value = args[0] ? literalValue(parsed, args[0]) : undefined;
    return typeof value === 'number' ? value : unsupported(node);
  };
  switch (method) {
    // .optional() is what libraries generated before 0.2.0 have; both mean "may be absent"
    case 'optional':
    case 'nullish':
      return { ...base, optional: true };
    case 'default':
      return { ...base, default: args[0] ? literalValue(parsed, args[0]) : unsupported(node) };
    case 'min':
    case 'max':
      if (!['string', 'int', 'number', 'array'].includes(base.kind)) {
        return unsupported(node);
      }
      return { ...base, [method]: number() } as Field;
    case 'regex':
      if (base.kind !== 'string' || !args[0] || !ts.isRegularExpressionLiteral(args[0])) {
        return unsupported(node);
      }
      return { ...base, pattern: args[0].text.slice(1, args[0].text.lastIndexOf('/')) };
    default:
      return unsupported(node);
  }
}

function parseFactory(
  parsed: ParsedSource,
  factory: string,
  args: TS.NodeArray<TS.Expression>,
  node: TS.Node,
  unsupported: (at: TS.Node) => never,
): Field {
  const { ts } = parsed;
  switch (factory) {
    case 'z.uuid':
      return { kind: 'uuid' };
    case 'z.iso.datetime':
      return { kind: 'datetime' };
    case 'z.string':
      return { kind: 'string' };
    case 'z.int':
      return { kind: 'int' };
    case 'z.number':
      return { kind: 'number' };
    case 'z.boolean':
      return { kind: 'boolean' };
    case 'z.enum': {
      const values = args[0] ? literalValue(parsed, args[0]) : undefined;
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
        return unsupported(node);
      }
      return { kind: 'enum', values: values as string[] };
    }
    case 'z.array':
      return args[0] ? { kind: 'array', of: parseField(parsed, args[0]) } : unsupported(node);
    case 'z.object': {
      const shape = args[0];
      if (!shape || !ts.isObjectLiteralExpression(shape)) return unsupported(node);
      const fields: Record<string, Field> = {};
      for (const property of shape.properties) {
        if (
          !ts.isPropertyAssignment(property) ||
          !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
        ) {
          return unsupported(property);
        }
        fields[property.name.text] = parseField(parsed, property.initializer);
      }
      return { kind: 'object', fields };
    }
    default:
      return unsupported(node);
  }
}

/** A JSON literal (strings, numbers, booleans, null, arrays, objects) in source. */
export function literalValue(parsed: ParsedSource, node: TS.Expression): JsonValue {
  const { ts } = parsed;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return -Number(node.operand.text);
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => literalValue(parsed, e));
  if (ts.isObjectLiteralExpression(node)) {
    const entries = node.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        throw new UnsupportedSchemaError(`${parsed.file}: cannot read "${p.getText()}"`);
      }
      return [p.name.text, literalValue(parsed, p.initializer)] as const;
    });
    return Object.fromEntries(entries);
  }
  const { line } = parsed.source.getLineAndCharacterOfPosition(node.getStart());
  throw new UnsupportedSchemaError(
    `${parsed.file}:${line + 1}: "${node.getText()}" is not a JSON literal`,
  );
}
