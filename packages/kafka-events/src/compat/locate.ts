import { appendPointer } from './json-pointer';
import type { Part } from './schema-model';
import type { DiffSide } from './types';

export interface Location {
  side: DiffSide;
  path: string;
}

/** Where a keyword difference is reported: in the new schema if it has the keyword, else the old. */
export function keywordLocation(original: Part, update: Part, keyword: string): Location {
  if (keyword in update.node)
    return { side: update.side, path: appendPointer(update.path, keyword) };
  if (keyword in original.node)
    return { side: original.side, path: appendPointer(original.path, keyword) };
  return { side: update.side, path: update.path };
}
