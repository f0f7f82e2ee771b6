/**
 * The names of the generated Python modules the flow reads calls of: per event library, its
 * `publish_<entity>_event`, `handle_<entity>_delivery`, `decode_<entity>_delivery`,
 * `create_<entity>_event`, `<Entity>Event` and `<Entity>EventType` (python-model/python-names.ts,
 * which the generator renders from, so the two cannot drift). They depend on the entity only, so
 * a new event version leaves what a file's facts say unchanged.
 */
import { pythonNames, type PythonNames } from '../python-model/python-names';
import type { FlowLibrary } from './libraries';

export type PythonNameKind = 'publish' | 'handle' | 'decode' | 'create' | 'event' | 'eventType';

export interface PythonName {
  kind: PythonNameKind;
  /** The module's names (its entity's). */
  names: PythonNames;
}

/** Generated name -> what it is. */
export type PythonNameIndex = ReadonlyMap<string, PythonName>;

export function pythonNameIndex(libraries: FlowLibrary[]): PythonNameIndex {
  const index = new Map<string, PythonName>();
  for (const library of libraries) {
    const names = pythonNames(library.config);
    const kinds: [string, PythonNameKind][] = [
      [names.publish, 'publish'],
      [names.handleDelivery, 'handle'],
      [names.decodeDelivery, 'decode'],
      [names.create, 'create'],
      [names.event, 'event'],
      [names.eventType, 'eventType'],
    ];
    for (const [name, kind] of kinds) index.set(name, { kind, names });
  }
  return index;
}

/** The `library` of a Python fact: the entity whose generated helper the code calls. */
export function pythonLibraryKey(names: Pick<PythonNames, 'entity'>): string {
  return `python:${names.entity}`;
}

/** The helpers whose calls are facts (or unresolved): the only names worth parsing a file for. */
export function isHelper(name: PythonName | undefined): boolean {
  return name?.kind === 'publish' || name?.kind === 'handle' || name?.kind === 'decode';
}
