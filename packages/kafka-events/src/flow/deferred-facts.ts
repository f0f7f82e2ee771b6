/**
 * What the type checker says about the sites the parser deferred, for the files that have some:
 * one program over them (type-program.ts), their facts read from it (typed-facts.ts). A file's
 * result depends on every workspace file the program loaded for it, so it is cached with their
 * Nx hashes and used again only while all of them are unchanged. No file deferring anything, no
 * program: a workspace whose events are all written out costs nothing more.
 */
import type { FactsCache } from './cache';
import { deferredAsReported, type DeferredSite, type FileFacts } from './facts';
import type { FlowLibrary } from './libraries';
import type { TypeScriptCompiler } from './source-facts';
import { createTypeProgram } from './type-program';
import { typedFacts, type LibraryWireTypes } from './typed-facts';
import type { FlowWorkspace } from './workspace';

export interface DeferredFile {
  file: string;
  hash: string;
  deferred: DeferredSite[];
}

/** Facts of each deferring file, by file. */
export type ResolveDeferred = (files: DeferredFile[]) => Map<string, FileFacts>;

/** A file's typed facts and the hashes of the workspace files they were read with. */
export interface TypedEntry {
  dependencies: Record<string, string>;
  facts: FileFacts;
}

export interface DeferredOptions {
  cache: FactsCache<TypedEntry>;
  /** See TypeProgramOptions. */
  packagesFrom?: string;
}

export function deferredResolver(
  ts: TypeScriptCompiler,
  workspace: FlowWorkspace,
  libraries: FlowLibrary[],
  { cache, packagesFrom }: DeferredOptions,
): ResolveDeferred {
  return (files) => {
    const hashes = new Map(workspace.projects.flatMap((p) => p.files.map((f) => [f.file, f.hash])));
    const hashOf = (file: string) => hashes.get(file) ?? '';
    const results = new Map<string, FileFacts>();
    const misses: DeferredFile[] = [];
    for (const entry of files) {
      const hit = cache.peek(entry.file, entry.hash);
      const fresh =
        hit && Object.entries(hit.dependencies).every(([file, hash]) => hashOf(file) === hash);
      if (fresh) results.set(entry.file, cache.facts(entry.file, entry.hash, () => hit).facts);
      else misses.push(entry);
    }
    if (misses.length === 0) {
      cache.save();
      return results;
    }
    const typed = createTypeProgram(ts, workspace, libraries, {
      roots: misses.map((m) => m.file),
      packagesFrom,
    });
    const checker = typed.program.getTypeChecker();
    const dependencies = Object.fromEntries(typed.workspaceFiles().map((f) => [f, hashOf(f)]));
    const wireTypes = libraryWireTypes(libraries);
    for (const { file, hash, deferred } of misses) {
      const source = typed.sourceFile(file);
      const facts = source
        ? typedFacts(ts, checker, source, deferred, wireTypes)
        : deferredAsReported(deferred);
      cache.put(file, hash, { dependencies, facts });
      results.set(file, facts);
    }
    cache.save();
    return results;
  };
}

function libraryWireTypes(libraries: FlowLibrary[]): LibraryWireTypes {
  return new Map(
    libraries.flatMap((library) => {
      // the contract's own versions: retired ones (withRetiredVersions) are in no generated type
      const types = new Set(library.typeMembers.values());
      return library.importPaths.map((path) => [path, types] as const);
    }),
  );
}
