/**
 * Reads what a Python module is generated from: a domain library's kafka-events.json (entity,
 * topic, source, events, versions, keys, flags), its payload modules (the zod schemas, through
 * the payload model's parser) and its upcast steps. Anything the Python side cannot express
 * faithfully fails here with UnsupportedSchemaError naming the file and the field.
 */
import type { Tree } from '@nx/devkit';
import type * as TS from 'typescript';
import { payloadPath } from '../generators/event/lib/event-code';
import { templateContext } from '../generators/domain/lib/template-context';
import {
  parsePayloadFields,
  payloadSymbol,
  UnsupportedSchemaError,
  type Field,
  type FieldMap,
} from '../payload-model';
import type { DomainConfig } from '../utils/domain-config';
import type { DomainLibrary } from '../utils/domain-libraries';
import { loadTypeScript, parseSource, type ParsedSource } from '../utils/ts-ast';
import { jsRegexToPython, UnsupportedPatternError } from './js-regex';
import { readUpcastSteps, type UpcastStep } from './upcasters';

export interface PythonEventVersion {
  version: number;
  /** `task.created.v1` (what goes on the wire) */
  wireType: string;
  /** `CREATED_V1` (`CREATED` in a domain without versioning) */
  member: string;
  /** `TaskCreatedV1Payload`, as in TypeScript */
  payloadClass: string;
  /** Workspace path of the payload module. */
  file: string;
  /** The payload module's doc comment, one entry per line. */
  doc: string[];
  fields: FieldMap;
  /** `//` comments above fields, by dotted field path. */
  comments: Record<string, string[]>;
}

export interface PythonEvent {
  name: string;
  /** `task.created` */
  type: string;
  /** `CREATED` */
  member: string;
  /** Payload field that is the Kafka record key. */
  key: string;
  /** Ascending. */
  versions: PythonEventVersion[];
}

export interface PythonDomain {
  library: DomainLibrary;
  config: DomainConfig;
  events: PythonEvent[];
  upcasters: UpcastStep[];
}

export function readPythonDomain(tree: Tree, library: DomainLibrary): PythonDomain {
  const ts = loadTypeScript(tree.root);
  const { config, root } = library;
  const context = templateContext(config, [], library.projectName, '');
  const memberOf = (typeRef: string) => typeRef.slice(typeRef.lastIndexOf('.') + 1);
  const events = config.events.map((event): PythonEvent => {
    const definitions = context.definitions.filter((d) => d.name === event.name);
    return {
      name: event.name,
      type: event.type,
      member: memberOf(definitions[0].nameRef),
      key: event.key,
      versions: definitions.map((definition) => {
        const file = `${root}/${payloadPath(config.entity, event.name, definition.version)}`;
        const text = tree.read(file, 'utf-8');
        if (text === null) {
          throw new UnsupportedSchemaError(
            `${file} is missing: ${root}/kafka-events.json lists ${definition.type}`,
          );
        }
        const symbol = payloadSymbol(config.entity, definition);
        return {
          version: definition.version,
          wireType: definition.type,
          member: memberOf(definition.typeRef),
          payloadClass: symbol,
          file,
          ...readPayload(ts, file, text, symbol),
        };
      }),
    };
  });
  return { library, config, events, upcasters: readUpcastSteps(tree, ts, library, events) };
}

function readPayload(ts: typeof TS, file: string, text: string, symbol: string) {
  const parsed = parseSource(ts, file, text);
  const shape = payloadShape(parsed, symbol);
  let fields: FieldMap;
  try {
    fields = parsePayloadFields(parsed, symbol);
  } catch (error) {
    if (!(error instanceof UnsupportedSchemaError)) throw error;
    const field = shape && fieldAtError(parsed, shape, error.message);
    throw new UnsupportedSchemaError(
      `${field ? `field "${field}" of ${symbol}: ` : ''}${error.message}\n` +
        'The Python module would not accept the same events as the zod schema; express the rule ' +
        'with what kafka-events reads, or keep this event out of the Python module.',
    );
  }
  if (shape) refuseRegexFlags(parsed, shape, symbol);
  checkPatterns(fields, file, symbol);
  return {
    fields,
    doc: shape ? docComment(parsed, shape) : [],
    comments: shape ? fieldComments(parsed, shape) : {},
  };
}

/** The `z.object({...})` literal of the payload, when it has that shape. */
function payloadShape(parsed: ParsedSource, symbol: string): TS.VariableStatement | undefined {
  const { ts } = parsed;
  return parsed.source.statements.find(
    (s): s is TS.VariableStatement =>
      ts.isVariableStatement(s) &&
      s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === symbol),
  );
}

/** Dotted names of the properties enclosing `pos` (`recurrence.until`). */
function fieldPathAt(parsed: ParsedSource, root: TS.Node, pos: number): string | undefined {
  const { ts } = parsed;
  const names: string[] = [];
  const visit = (node: TS.Node): void => {
    if (pos < node.getStart(parsed.source) || pos >= node.getEnd()) return;
    if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      names.push(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return names.length ? names.join('.') : undefined;
}

/** The field an error of the payload parser points at (`file:line:col:` or `file:line:`). */
function fieldAtError(parsed: ParsedSource, root: TS.Node, message: string): string | undefined {
  const at = /:(\d+)(?::(\d+))?: /.exec(message);
  if (!at) return undefined;
  const line = Number(at[1]) - 1;
  const lineStart = parsed.source.getPositionOfLineAndCharacter(line, 0);
  if (at[2]) return fieldPathAt(parsed, root, lineStart + Number(at[2]) - 1);
  // a line only: the first property that starts on it
  const lineText = parsed.text.slice(lineStart).split('\n')[0];
  const offset = lineText.length - lineText.trimStart().length;
  return fieldPathAt(parsed, root, lineStart + offset);
}

/** The payload parser drops regex flags; a flag changes what matches, so it is refused here. */
function refuseRegexFlags(parsed: ParsedSource, root: TS.Node, symbol: string): void {
  const { ts } = parsed;
  const visit = (node: TS.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const flags = node.text.slice(node.text.lastIndexOf('/') + 1);
      if (flags !== '') {
        const { line } = parsed.source.getLineAndCharacterOfPosition(node.getStart());
        const field = fieldPathAt(parsed, root, node.getStart());
        throw new UnsupportedSchemaError(
          `${parsed.file}:${line + 1}: field "${field}" of ${symbol}: the regex ${node.text} ` +
            `has flags ("${flags}"), which kafka-events does not carry over; write the pattern ` +
            'without flags (e.g. [Aa] instead of /a/i)',
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
}

function checkPatterns(fields: FieldMap, file: string, symbol: string, prefix = ''): void {
  for (const [name, field] of Object.entries(fields)) {
    const path = `${prefix}${name}`;
    eachString(field, (pattern) => {
      try {
        jsRegexToPython(pattern);
      } catch (error) {
        if (!(error instanceof UnsupportedPatternError)) throw error;
        throw new UnsupportedSchemaError(`${file}: field "${path}" of ${symbol}: ${error.message}`);
      }
    });
    if (field.kind === 'object') checkPatterns(field.fields, file, symbol, `${path}.`);
    if (field.kind === 'array' && field.of.kind === 'object') {
      checkPatterns(field.of.fields, file, symbol, `${path}[].`);
    }
  }
}

/** Calls `check` with the pattern of a string field, or of an array's string items. */
function eachString(field: Field, check: (pattern: string) => void): void {
  if (field.kind === 'string' && field.pattern !== undefined) check(field.pattern);
  if (field.kind === 'array') eachString(field.of, check);
}

/** Lines of the `/** ... *\/` comment above the payload's declaration. */
function docComment(parsed: ParsedSource, statement: TS.Node): string[] {
  const { ts, text } = parsed;
  const ranges = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const doc = ranges.filter((r) => text.startsWith('/**', r.pos)).pop();
  if (!doc) return [];
  return text
    .slice(doc.pos + 3, doc.end - 2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trimEnd())
    .filter((line) => line !== '');
}

/** `//` comments written above properties of the payload object, by dotted path. */
function fieldComments(parsed: ParsedSource, root: TS.Node): Record<string, string[]> {
  const { ts, text } = parsed;
  const comments: Record<string, string[]> = {};
  const visit = (node: TS.Node, path: string[]): void => {
    let next = path;
    if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      next = [...path, node.name.text];
      const lines = (ts.getLeadingCommentRanges(text, node.pos) ?? [])
        .filter((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia)
        .map((r) => text.slice(r.pos + 2, r.end).trim())
        .filter((line) => line !== '');
      if (lines.length) comments[next.join('.')] = lines;
    }
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(root, []);
  return comments;
}
