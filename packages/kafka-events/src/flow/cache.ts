/**
 * What the analysis read from each file, kept between runs in Nx's workspace data directory and
 * keyed on Nx's file hash: a file whose hash is unchanged is neither read nor parsed again. The
 * whole cache is dropped when the fingerprint changes: a new library, import path or generated
 * name changes what a file's imports mean; a new event version does not (facts name events as
 * the code does and are matched against the contracts after the cache).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { FileFacts } from './facts';

/** Bump when what the analysis extracts from a file changes. */
const FORMAT = 3;

export const CACHE_FILE = 'kafka-events-flow.json';

/** One cache per set of libraries read (its fingerprint differs): all, or one library's. */
export function cacheFileName(library?: string): string {
  return library === undefined
    ? CACHE_FILE
    : `kafka-events-flow.${library.replace(/[^\w.-]+/g, '_')}.json`;
}

/** Where the type checker's results are kept, beside the cache of what files say. */
export function typedCacheFile(cacheFile: string): string {
  return cacheFile.replace(/\.json$/, '.types.json');
}

interface CacheFile<T> {
  format: number;
  fingerprint: string;
  files: Record<string, { hash: string; facts: T }>;
}

export interface FactsCacheOptions {
  /** Whether a cached entry of `file` has the shape of the facts; entries that do not are misses (the
   * file is read again), so a damaged or hand-edited cache costs time, never a wrong answer. */
  accepts?: (facts: unknown, file: string) => boolean;
  /** Start empty without reading the file (it is still written by save()). */
  ignorePrevious?: boolean;
}

/** What was read from each file, by file hash; `T` is what one file says (the flow's facts, or
 * the graph's, src/graph/dependencies.ts). */
export class FactsCache<T = FileFacts> {
  private readonly previous: CacheFile<T>['files'];
  private readonly next: CacheFile<T>['files'] = {};
  private computed = 0;

  private constructor(
    private readonly path: string | undefined,
    private readonly fingerprint: string,
    previous: CacheFile<T>['files'],
    private readonly accepts: (facts: unknown, file: string) => boolean,
  ) {
    this.previous = previous;
  }

  /** `path` undefined: nothing is read or written (e.g. outside an Nx workspace). */
  static open<T = FileFacts>(
    path: string | undefined,
    fingerprintOf: unknown,
    { accepts = () => true, ignorePrevious = false }: FactsCacheOptions = {},
  ): FactsCache<T> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([FORMAT, fingerprintOf]))
      .digest('hex');
    const files = path && !ignorePrevious ? readFiles<T>(path, fingerprint) : {};
    return new FactsCache<T>(path, fingerprint, files, accepts);
  }

  /** The cached facts of `file` at `hash`, or those `compute` returns (then cached). */
  facts(file: string, hash: string, compute: () => T): T {
    const hit = this.peek(file, hash);
    if (hit === undefined) return this.put(file, hash, compute());
    this.next[file] = { hash, facts: hit };
    return hit;
  }

  /** The cached facts of `file` at `hash`, not kept for the next run unless given to facts(). */
  peek(file: string, hash: string): T | undefined {
    if (!Object.hasOwn(this.previous, file)) return undefined;
    const hit: unknown = this.previous[file];
    if (typeof hit !== 'object' || hit === null) return undefined;
    const { hash: cachedHash, facts } = hit as { hash?: unknown; facts?: unknown };
    return cachedHash === hash && facts !== undefined && this.accepts(facts, file)
      ? (facts as T)
      : undefined;
  }

  /** Caches facts computed in this run. */
  put(file: string, hash: string, facts: T): T {
    this.computed++;
    this.next[file] = { hash, facts };
    return facts;
  }

  /** Writes the entries of this run only, so deleted files leave the cache; nothing when they are
   * the cache as read (every file a hit, none gone). Never throws. */
  save(): void {
    if (!this.path) return;
    const unchanged =
      this.computed === 0 && Object.keys(this.next).length === Object.keys(this.previous).length;
    if (unchanged) return;
    const content: CacheFile<T> = {
      format: FORMAT,
      fingerprint: this.fingerprint,
      files: this.next,
    };
    // written aside and renamed: a concurrent run never reads half a file
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temporary, JSON.stringify(content));
      renameSync(temporary, this.path);
    } catch {
      // a cache that cannot be written costs the next run time, never this run's result
      rmSync(temporary, { force: true });
    }
  }
}

/** The entries of the cache file at `path` when it is one of this format and fingerprint; none
 * when it is absent, unreadable, not JSON or not shaped as a cache (a cold run). */
function readFiles<T>(path: string, fingerprint: string): CacheFile<T>['files'] {
  let cached: unknown;
  try {
    cached = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  if (typeof cached !== 'object' || cached === null) return {};
  const { format, fingerprint: cachedFingerprint, files } = cached as Partial<CacheFile<T>>;
  const usable =
    format === FORMAT &&
    cachedFingerprint === fingerprint &&
    typeof files === 'object' &&
    files !== null &&
    !Array.isArray(files);
  return usable ? files : {};
}

/** Nx's workspace data directory (where it keeps the project graph), as Nx resolves it. */
export function workspaceDataDirectory(workspaceRoot: string, env = process.env): string {
  const configured = env.NX_WORKSPACE_DATA_DIRECTORY ?? env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  if (!configured) return join(workspaceRoot, '.nx', 'workspace-data');
  return isAbsolute(configured) ? configured : join(workspaceRoot, configured);
}
