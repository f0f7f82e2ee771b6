/**
 * The one place this plugin touches `@nx/devkit/internal` (lower stability than the public
 * devkit API): its LRU plugin cache and the workspace data directory. Required lazily, so
 * importing the plugin stays cheap and a graph run with NX_CACHE_PROJECT_GRAPH=false never
 * loads it.
 */
import { join } from 'node:path';

export interface TargetsCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Writes to disk when something was added; never throws (a cache must not break the graph). */
  save(): void;
}

interface InternalApi {
  PluginCache: new <T>(path: string) => {
    get(key: string): T | undefined;
    set(key: string, value: T): void;
    writeToDisk(): void;
  };
  workspaceDataDirectory: string;
}

export function openTargetsCache<T>(fileName: string): TargetsCache<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const internal = require('@nx/devkit/internal') as InternalApi;
  const cache = new internal.PluginCache<T>(join(internal.workspaceDataDirectory, fileName));
  let changed = false;
  return {
    get: (key) => cache.get(key),
    set: (key, value) => {
      changed = true;
      cache.set(key, value);
    },
    save: () => {
      if (changed) cache.writeToDisk();
    },
  };
}

/** No-op cache for NX_CACHE_PROJECT_GRAPH=false. */
export function noTargetsCache<T>(): TargetsCache<T> {
  return { get: () => undefined, set: () => undefined, save: () => undefined };
}
