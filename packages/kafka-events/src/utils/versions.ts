import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Versions the generators add to a workspace. One place so a release bumps them together. */
export const zodVersion = '^4.6.7';
export const kafkajsVersion = '2.2.4';
export const jestVersion = '~30.3.0';
export const swcJestVersion = '~0.2.39';
export const swcCoreVersion = '~1.15.8';
export const typesJestVersion = '^30.0.0';
export const typesNodeVersion = '^22.0.0';
export const typescriptVersion = '~6.0.3';
export const tslibVersion = '^2.3.0';

let ownVersion: string | undefined;

/**
 * This plugin's own version, read at run time so the runtime range (`^<version>`) and the
 * `generatedBy` stamp always match the installed plugin. The package root is two folders up
 * from both `src/utils` and `dist/utils`.
 */
export function pluginVersion(): string {
  ownVersion ??= JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf-8'))
    .version as string;
  return ownVersion;
}

export function runtimeVersion(): string {
  return `^${pluginVersion()}`;
}
