/**
 * A TypeScript program over the workspace for the type checker of the flow analysis
 * (typed-facts.ts): workspace files are read through the FlowWorkspace (so an in-memory workspace
 * works too), anything else (node_modules, the compiler's lib files) from disk. An event library's
 * import specifier resolves to the library's `src/index.ts`, as tsconfig paths or workspace
 * packages make it resolve in the workspace; other specifiers resolve the bundler's way, from the
 * importing file, then from `packagesFrom` when given. Of the packages, only those the event
 * types are made of (the runtime, zod) and the workspace's own are loaded: kafkajs, Dapr's SDK and
 * Node's types (3 MB of declarations, seconds to bind) say nothing about events and stay `any`.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type * as TS from 'typescript';
import { inProject, type FlowWorkspace } from './workspace';
import type { FlowLibrary } from './libraries';
import type { TypeScriptCompiler } from './source-facts';

/** The packages the generated event types are made of. */
const EVENT_TYPE_PACKAGES = new Set(['@kafka-events/runtime', 'zod']);

export interface TypeProgramOptions {
  /** Workspace-relative files the checker starts from; what they import is loaded with them. */
  roots: string[];
  /** A folder whose node_modules resolve what the workspace cannot (specs: a workspace in
   * memory has no node_modules). */
  packagesFrom?: string;
}

export interface TypeProgram {
  program: TS.Program;
  /** The program's source file of a workspace-relative file. */
  sourceFile(file: string): TS.SourceFile | undefined;
  /** Workspace-relative files of the program (what its facts depend on). */
  workspaceFiles(): string[];
}

export function createTypeProgram(
  ts: TypeScriptCompiler,
  workspace: FlowWorkspace,
  libraries: FlowLibrary[],
  { roots, packagesFrom }: TypeProgramOptions,
): TypeProgram {
  const root = workspace.root;
  const inWorkspace = (path: string) => {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.includes('node_modules')
      ? rel.split(sep).join('/')
      : undefined;
  };
  const texts = new Map<string, string | undefined>();
  const readFile = (path: string): string | undefined => {
    if (!texts.has(path)) {
      const rel = inWorkspace(path);
      texts.set(path, rel !== undefined ? workspace.readFile(rel) : readDisk(path));
    }
    return texts.get(path);
  };
  const options: TS.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    resolveJsonModule: true,
    jsx: ts.JsxEmit.Preserve,
  };
  const entries = new Map<string, string>();
  for (const library of libraries) {
    const entry = inProject(library.root, 'src/index.ts');
    for (const specifier of library.importPaths) entries.set(specifier, join(root, entry));
  }
  const host: TS.CompilerHost = {
    getSourceFile: (path, languageVersion) => {
      const text = readFile(path);
      return text === undefined
        ? undefined
        : ts.createSourceFile(path, text, languageVersion, true);
    },
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    writeFile: () => undefined,
    getCurrentDirectory: () => root,
    getCanonicalFileName: (path) => path,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (path) => readFile(path) !== undefined,
    readFile,
    directoryExists: (path) => inWorkspace(path) !== undefined || existsSync(path),
    realpath: (path) => (inWorkspace(path) !== undefined ? path : realpathOnDisk(path)),
  };
  const resolveOne = (name: string, containingFile: string) => {
    const entry = entries.get(name);
    if (entry)
      return {
        resolvedModule: {
          resolvedFileName: entry,
          extension: ts.Extension.Ts,
          isExternalLibraryImport: false,
        },
      };
    const relative = name.startsWith('.');
    let found = ts.resolveModuleName(name, containingFile, options, host);
    if (!found.resolvedModule && packagesFrom && !relative)
      found = ts.resolveModuleName(name, join(packagesFrom, 'index.ts'), options, host);
    const file = found.resolvedModule?.resolvedFileName;
    const wanted =
      relative || EVENT_TYPE_PACKAGES.has(name) || (file && inWorkspace(file) !== undefined);
    return wanted ? found : { resolvedModule: undefined };
  };
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) => resolveOne(literal.text, containingFile));
  // `/// <reference types="node" />` and the like: nothing of an event's type
  host.resolveTypeReferenceDirectiveReferences = (references) =>
    references.map(() => ({ resolvedTypeReferenceDirective: undefined }));
  const program = ts.createProgram({
    rootNames: roots.map((file) => join(root, file)),
    options,
    host,
  });
  return {
    program,
    sourceFile: (file) => program.getSourceFile(join(root, file)),
    workspaceFiles: () =>
      program
        .getSourceFiles()
        .map((source) => inWorkspace(source.fileName))
        .filter((file): file is string => file !== undefined),
  };
}

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function realpathOnDisk(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
