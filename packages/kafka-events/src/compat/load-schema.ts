/** Reads schema files for the checker, with clear errors naming the file. */
import { readFileSync } from 'node:fs';
import { KafkaEventsPluginError } from '../errors/plugin-error';
import { JsonSyntaxError, parseJsonWithPositions, type ParsedJson } from './json-source';
import { MAX_SCHEMA_TEXT, SchemaLimitError } from './limits';
import type { JsonSchema } from './types';
import { assertJsonSchema } from './validate-schema';

export class SchemaInputError extends KafkaEventsPluginError {
  override name = 'SchemaInputError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super('SCHEMA_INPUT', `${file}: ${detail}`);
  }
}

export interface LoadedSchema {
  file: string;
  schema: JsonSchema;
  source: ParsedJson;
}

/** Parses and validates schema text; `file` only names it in errors and reports. */
export function parseSchemaText(file: string, text: string): LoadedSchema {
  if (text.length > MAX_SCHEMA_TEXT)
    throw new SchemaInputError(
      file,
      `${text.length} characters long; the limit is ${MAX_SCHEMA_TEXT} (${MAX_SCHEMA_TEXT / 1024 / 1024} Mi)`,
    );
  let source: ParsedJson;
  try {
    source = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new SchemaInputError(file, `invalid JSON: ${error.message}`);
    if (error instanceof SchemaLimitError) throw new SchemaInputError(file, error.message);
    throw error;
  }
  try {
    assertJsonSchema(source.value);
  } catch (error) {
    throw new SchemaInputError(file, (error as Error).message);
  }
  return { file, schema: source.value as JsonSchema, source };
}

export function loadSchemaFile(
  file: string,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): LoadedSchema {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
    throw new SchemaInputError(file, `cannot read: ${reason}`);
  }
  return parseSchemaText(file, text);
}
