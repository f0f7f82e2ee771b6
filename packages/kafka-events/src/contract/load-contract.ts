/**
 * A domain library's contract read from its TypeScript source: kafka-events.json, then one zod
 * schema per event version turned into its JSON Schema snapshot.
 */
import { join } from 'node:path';
import type { DomainConfig } from '../utils/domain-config';
import { readDomainConfigFile } from './domain-config-file';
import { ContractInputError } from './errors';
import { eventVersions, type EventVersion } from './event-versions';
import { isZod4Schema, loadZod, payloadJsonSchema, type JsonObject } from './json-schema';
import { loadTypeScript, TsModuleLoader } from './ts-module-loader';

export interface VersionContract extends EventVersion {
  /** The JSON Schema snapshot this version should have. */
  schema: JsonObject;
}

export interface DomainContract {
  projectRoot: string;
  configFile: string;
  config: DomainConfig;
  versions: VersionContract[];
}

/** `projectRoot` is relative to the current directory (Nx runs commands at the workspace root). */
export function loadDomainContract(projectRoot: string): DomainContract {
  const { file: configFile, config } = readDomainConfigFile(projectRoot);
  const loader = new TsModuleLoader(loadTypeScript(projectRoot));
  const versions = eventVersions(config).map((version) => ({
    ...version,
    schema: loadVersionSchema(projectRoot, config, version, loader),
  }));
  return { projectRoot, configFile, config, versions };
}

function loadVersionSchema(
  projectRoot: string,
  config: DomainConfig,
  version: EventVersion,
  loader: TsModuleLoader,
): JsonObject {
  const file = join(projectRoot, version.payloadFile);
  const exports = loader.load(file);
  const where = `${file} (export ${version.symbol})`;
  if (!(version.symbol in exports)) {
    const found = Object.keys(exports).filter((name) => isZod4Schema(exports[name]));
    throw new ContractInputError(
      file,
      `does not export ${version.symbol}, the payload schema of ${version.versionedType} listed in kafka-events.json` +
        (found.length ? ` (zod schemas it exports: ${found.join(', ')})` : ''),
    );
  }
  const schema = exports[version.symbol];
  if (!isZod4Schema(schema)) {
    const zod3 = typeof schema === 'object' && schema !== null && '_def' in schema;
    throw new ContractInputError(
      where,
      zod3
        ? 'is a zod 3 schema; kafka-events needs zod 4 schemas'
        : `is not a zod schema (got ${describe(schema)})`,
    );
  }
  return payloadJsonSchema(
    loadZod(file),
    schema,
    { domain: config.domain, versionedType: version.versionedType },
    where,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object')
    return `an object with keys ${
      Object.keys(value as object)
        .slice(0, 5)
        .join(', ') || '(none)'
    }`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
