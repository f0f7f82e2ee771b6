/**
 * The files of one recorded Python output (the module and its pytest file) rendered from the
 * current contract, and the rule both generators apply before writing: a file that exists must
 * have been written by kafka-events (its first line is the generated marker).
 */
import type { Tree } from '@nx/devkit';
import {
  DOMAIN_CONFIG_FILE,
  readDomainConfig,
  type DomainConfig,
  type PythonOutput,
} from '../utils/domain-config';
import type { DomainLibrary } from '../utils/domain-libraries';
import { formatJson } from '../utils/json-format';
import { pythonTestFile } from './python-names';
import type { PythonDomain } from './read-domain';
import { GENERATED_MARKER, renderPythonModule } from './render-module';
import { renderPythonTests } from './render-tests';

export interface PlannedFile {
  path: string;
  content: string;
}

/** The module at `output` and the pytest file beside it, from the library's current contract. */
export function renderPythonOutput(domain: PythonDomain, output: string): PlannedFile[] {
  const moduleName = output.slice(output.lastIndexOf('/') + 1, -'.py'.length);
  return [
    { path: output, content: renderPythonModule(domain) },
    { path: pythonTestFile(output), content: renderPythonTests(domain, moduleName) },
  ];
}

/** Whether the file at `path` is absent or was written by kafka-events. */
export function isOwnedOrAbsent(tree: Tree, path: string): boolean {
  const text = tree.read(path, 'utf-8');
  return text === null || text.startsWith(GENERATED_MARKER);
}

/** Writes the files whose text differs; returns the paths written. */
export function writeChanged(tree: Tree, files: PlannedFile[]): string[] {
  return files
    .filter(({ path, content }) => tree.read(path, 'utf-8') !== content)
    .map(({ path, content }) => {
      tree.write(path, content);
      return path;
    });
}

/** Every recorded output of every library but `except`, by output path. */
export function recordedOutputs(
  libraries: DomainLibrary[],
  except?: DomainLibrary,
): Map<string, DomainLibrary> {
  const owners = new Map<string, DomainLibrary>();
  for (const library of libraries) {
    if (library.root === except?.root) continue;
    for (const entry of library.config.python ?? []) owners.set(entry.output, library);
  }
  return owners;
}

/**
 * Records `entry` in the library's kafka-events.json (replacing an entry with the same output),
 * keeping every other key as it is; writes only when something changed.
 */
export function recordPythonOutput(tree: Tree, library: DomainLibrary, entry: PythonOutput): void {
  const path = `${library.root}/${DOMAIN_CONFIG_FILE}`;
  const raw = JSON.parse(tree.read(path, 'utf-8') ?? '{}') as Record<string, unknown>;
  const current = (readDomainConfig(tree, library.root) as DomainConfig).python ?? [];
  const python = current.some((e) => e.output === entry.output)
    ? current.map((e) => (e.output === entry.output ? entry : e))
    : [...current, entry];
  const text = formatJson({ ...raw, python });
  if (tree.read(path, 'utf-8') !== text) tree.write(path, text);
}
