/** Checks schema files (what the CLI and the Nx target run): load, validate, compare. */
import { basename } from 'node:path';
import { checkCompatibility, type CompatibilityResult } from './check';
import { SchemaLimitError } from './limits';
import { loadSchemaFile, SchemaInputError } from './load-schema';
import { suggestNextVersion, type ReportSources } from './report';
import type { CompatibilityMode } from './types';

export interface CheckFilesOptions {
  /** Previous versions, oldest first. */
  previous: readonly string[];
  next: string;
  mode: CompatibilityMode;
  readFile?: (path: string) => string;
}

export interface FilesCheck {
  result: CompatibilityResult;
  sources: ReportSources;
}

/** Throws SchemaInputError (naming the file) when a file is unreadable or not a JSON Schema. */
export function checkSchemaFiles(options: CheckFilesOptions): FilesCheck {
  const previous = options.previous.map((file) => loadSchemaFile(file, options.readFile));
  const next = loadSchemaFile(options.next, options.readFile);
  try {
    const result = checkCompatibility({
      previous: previous.map((p) => p.schema),
      next: next.schema,
      mode: options.mode,
      nextVersion: suggestNextVersion(options.next),
      previousNames: previous.map((p) => `previous schema (${basename(p.file)})`),
    });
    return { result, sources: { previous, next } };
  } catch (error) {
    if (!(error instanceof SchemaLimitError)) throw error;
    const against = options.previous.join(', ');
    throw new SchemaInputError(options.next, `compared with ${against}: ${error.message}`);
  }
}
