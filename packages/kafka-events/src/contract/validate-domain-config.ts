/**
 * The shape rules of kafka-events.json that the targets rely on. No @nx/devkit here, nor in what
 * this imports: the light inference plugin entry checks each file with it.
 */
import { isCompatibilityMode } from '../compat/types';
import type { DomainConfig } from '../utils/domain-config';
import { ContractInputError } from './errors';

/** The text of a kafka-events.json, parsed and checked; ContractInputError names what is wrong. */
export function parseDomainConfig(file: string, text: string): DomainConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ContractInputError(file, `invalid JSON: ${(error as Error).message}`);
  }
  return validateDomainConfig(file, value);
}

/** Throws ContractInputError naming the first field that is missing or has the wrong shape. */
export function validateDomainConfig(file: string, value: unknown): DomainConfig {
  const fail = (path: string, rule: string): never => {
    throw new ContractInputError(file, `"${path}" ${rule}`);
  };
  if (!isRecord(value)) return fail('(root)', 'must be an object');
  for (const key of ['domain', 'entity', 'topic', 'source'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '')
      fail(key, 'must be a non-empty string');
  }
  const mode = value.compatibility ?? 'BACKWARD';
  if (typeof mode !== 'string' || !isCompatibilityMode(mode))
    fail('compatibility', `must be a compatibility mode, got ${JSON.stringify(mode)}`);
  if (!Array.isArray(value.events)) return fail('events', 'must be an array');
  value.events.forEach((event: unknown, i) => {
    const at = `events[${i}]`;
    if (!isRecord(event)) return fail(at, 'must be an object');
    for (const key of ['name', 'type', 'key'] as const) {
      if (typeof event[key] !== 'string' || event[key] === '')
        fail(`${at}.${key}`, 'must be a non-empty string');
    }
    const versions = event.versions;
    if (!Array.isArray(versions) || versions.length === 0)
      return fail(`${at}.versions`, 'must be a non-empty array of versions');
    versions.forEach((v: unknown, j) => {
      if (!Number.isInteger(v) || (v as number) < 1)
        fail(`${at}.versions[${j}]`, `must be a positive integer, got ${JSON.stringify(v)}`);
      if (j > 0 && (v as number) <= (versions[j - 1] as number))
        fail(`${at}.versions`, 'must be ascending without duplicates');
    });
    return undefined;
  });
  return {
    ...(value as unknown as DomainConfig),
    compatibility: mode as DomainConfig['compatibility'],
    versioning: value.versioning !== false,
    metadata: value.metadata !== false,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
