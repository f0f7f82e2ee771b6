/** `kafka-events flow`'s analysis of a workspace, with the TypeScript parser and the file cache. */
import { join } from 'node:path';
import { analyzeFlow, type ParseSource } from './analyze';
import { cacheFileName, FactsCache, typedCacheFile, workspaceDataDirectory } from './cache';
import { jsoncReader, loadCompiler } from './compiler';
import { deferredResolver, type TypedEntry } from './deferred-facts';
import { findFlowLibraries, withRetiredVersions } from './libraries';
import type { FileFacts } from './facts';
import type { EventFlow } from './model';
import { pythonReader } from './python-facts';
import { sourceFacts } from './source-facts';
import type { FlowWorkspace } from './workspace';

export interface ReadFlowOptions {
  /** Where the per-file cache lives; default Nx's workspace data directory; null: no cache. */
  cacheFile?: string | null;
  /** Only this library's events (its project name), e.g. for events-compat. */
  library?: string;
  /** Versions of `library` its kafka-events.json no longer lists, to find their consumers. */
  retired?: string[];
  /** Wraps the parser (specs count the files parsed). */
  parseSource?: (parse: ParseSource) => ParseSource;
  /** Where the type checker resolves packages the workspace cannot (see TypeProgramOptions). */
  packagesFrom?: string;
}

export function readEventFlow(workspace: FlowWorkspace, options: ReadFlowOptions = {}): EventFlow {
  const ts = loadCompiler(workspace.root);
  const libraries = findFlowLibraries(workspace, jsoncReader(ts, workspace))
    .filter((l) => options.library === undefined || l.project === options.library)
    .map((l) => (options.retired ? withRetiredVersions(l, options.retired) : l));
  const parse: ParseSource = (file, text, imports) => sourceFacts(ts, file, text, imports);
  const cacheFile =
    options.cacheFile === undefined
      ? join(workspaceDataDirectory(workspace.root), cacheFileName(options.library))
      : (options.cacheFile ?? undefined);
  const fingerprint = libraries.map((l) => [l.project, l.importPaths, l.names]);
  const analyze = (ignorePrevious: boolean) =>
    analyzeFlow(workspace, {
      libraries,
      parseSource: options.parseSource ? options.parseSource(parse) : parse,
      cache: FactsCache.open(cacheFile, [ts.version, pythonReader(), fingerprint], {
        accepts: isFileFacts,
        ignorePrevious,
      }),
      resolveDeferred: deferredResolver(ts, workspace, libraries, {
        // the type checker's results also depend on each library's event types
        cache: FactsCache.open<TypedEntry>(
          cacheFile && typedCacheFile(cacheFile),
          [ts.version, fingerprint, libraries.map((l) => [...l.typeMembers.values()])],
          { accepts: isTypedEntry, ignorePrevious },
        ),
        packagesFrom: options.packagesFrom,
      }),
    });
  if (cacheFile === undefined) return analyze(true);
  try {
    return analyze(false);
  } catch (error) {
    // what a damaged cache holds is dropped: the analysis runs again from the files (and writes
    // the cache anew); an error without the cache is the analysis's own and is thrown
    process.stderr.write(
      `kafka-events: could not use the flow cache ${cacheFile} (${(error as Error).message}); ` +
        `read every file again.\n`,
    );
    return analyze(true);
  }
}

/** The shape of what one file says (facts.ts), as far as reading it back needs. */
function isFileFacts(value: unknown): value is FileFacts {
  if (typeof value !== 'object' || value === null) return false;
  const { sites, unresolved, deferred } = value as Partial<Record<keyof FileFacts, unknown>>;
  return (
    Array.isArray(sites) &&
    Array.isArray(unresolved) &&
    (deferred === undefined || Array.isArray(deferred))
  );
}

function isTypedEntry(value: unknown): value is TypedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { dependencies, facts } = value as Partial<Record<keyof TypedEntry, unknown>>;
  return (
    typeof dependencies === 'object' &&
    dependencies !== null &&
    !Array.isArray(dependencies) &&
    Object.values(dependencies).every((hash) => typeof hash === 'string') &&
    isFileFacts(facts)
  );
}
