/** Reads a domain library's kafka-events.json from disk, checking what the targets rely on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_CONFIG_FILE, type DomainConfig } from '../utils/domain-config';
import { ContractInputError } from './errors';
import { parseDomainConfig } from './validate-domain-config';

export function readDomainConfigFile(projectRoot: string): { file: string; config: DomainConfig } {
  const file = join(projectRoot, DOMAIN_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ContractInputError(
      file,
      code === 'ENOENT'
        ? `no such file: is ${projectRoot} a kafka-events domain library?`
        : (error as Error).message,
    );
  }
  return { file, config: parseDomainConfig(file, text) };
}
