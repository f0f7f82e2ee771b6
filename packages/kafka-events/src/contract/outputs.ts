/**
 * The files `events-schemas` owns in a domain library: one JSON Schema snapshot per event
 * version and asyncapi.yaml. Comparisons are by content, not text, so a formatter that re-lays
 * them out does not make them stale (and is never fought by a rewrite).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAsyncApiDocument, parseAsyncApi, renderAsyncApi } from '../asyncapi';
import { ASYNCAPI_FILE } from './event-versions';
import { renderSnapshot, sameJson } from './json-schema';
import type { DomainContract } from './load-contract';

export interface OwnedFile {
  /** Relative to the project root. */
  path: string;
  text: string;
  value: unknown;
  parse(text: string): unknown;
}

export type FileState = 'missing' | 'stale' | 'current';

export function expectedFiles(contract: DomainContract): OwnedFile[] {
  const snapshots = contract.versions.map((v): OwnedFile => ({
    path: v.snapshotFile,
    text: renderSnapshot(v.schema),
    value: v.schema,
    parse: (text) => JSON.parse(text),
  }));
  const document = buildAsyncApiDocument(contract, {
    version: libraryVersion(contract.projectRoot),
  });
  const asyncapi: OwnedFile = {
    path: ASYNCAPI_FILE,
    text: renderAsyncApi(document),
    value: document,
    parse: parseAsyncApi,
  };
  return [...snapshots, asyncapi];
}

export function fileState(projectRoot: string, file: OwnedFile): FileState {
  const path = join(projectRoot, file.path);
  if (!existsSync(path)) return 'missing';
  try {
    return sameJson(file.parse(readFileSync(path, 'utf8')), file.value) ? 'current' : 'stale';
  } catch {
    return 'stale'; // unparsable: rewriting it is the fix
  }
}

export function writeOwnedFile(projectRoot: string, file: OwnedFile): void {
  const path = join(projectRoot, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.text);
}

function libraryVersion(projectRoot: string): string | undefined {
  try {
    const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;
    return typeof version === 'string' && version !== '' ? version : undefined;
  } catch {
    return undefined;
  }
}
