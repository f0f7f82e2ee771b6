/**
 * Loads TypeScript modules of a user's workspace without a build step and without ts-node:
 * each `.ts` file is transpiled with the workspace's own `typescript` (`transpileModule`,
 * CommonJS) and compiled as a Node module whose `require` is this loader's. Nothing global is
 * patched and nothing enters `require.cache`, so loading twice in one process sees fresh source.
 *
 * Resolution: relative specifiers written for ESM (`./x.js`) find `./x.ts` first; bare
 * specifiers (zod, @kafka-events/runtime) resolve with Node's own algorithm from the importing
 * file, so they come from the workspace's node_modules and share one instance per package.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module, { builtinModules, createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { ContractInputError } from './errors';

/** The slice of the TypeScript API this loader needs. */
export interface TypeScriptApi {
  version: string;
  transpileModule(
    input: string,
    options: {
      compilerOptions: Record<string, unknown>;
      fileName: string;
      reportDiagnostics?: boolean;
    },
  ): { outputText: string; diagnostics?: readonly { messageText: unknown; start?: number }[] };
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
  /** JSON with comments and trailing commas (tsconfig's syntax, also nx.json's). */
  parseConfigFileTextToJson?(fileName: string, text: string): { config?: unknown; error?: unknown };
}

/** A module failed to resolve, transpile or run; `file` is the module at fault. */
export class ModuleLoadError extends ContractInputError {
  override name = 'ModuleLoadError';
  override readonly code = 'MODULE_LOAD';
}

const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

type NodeModule = Module & { _compile(code: string, filename: string): void; paths: string[] };
const ModuleInternals = Module as unknown as { _nodeModulePaths(dir: string): string[] };

export class TsModuleLoader {
  private readonly modules = new Map<string, NodeModule>();

  constructor(private readonly ts: TypeScriptApi) {}

  /** Exports of a `.ts` (or `.js`) file; throws ModuleLoadError naming the file that failed. */
  load(file: string): Record<string, unknown> {
    const absolute = resolve(file);
    if (!existsSync(absolute)) throw new ModuleLoadError(absolute, 'no such file');
    return this.requireResolved(absolute, absolute) as Record<string, unknown>;
  }

  private requireFrom(specifier: string, fromFile: string): unknown {
    if (specifier.startsWith('node:') || builtinModules.includes(specifier))
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- builtins, by name at run time
      return require(specifier);
    const resolved =
      specifier.startsWith('.') || specifier.startsWith('/')
        ? this.resolveRelative(specifier, fromFile)
        : this.resolveBare(specifier, fromFile);
    return this.requireResolved(resolved, fromFile);
  }

  private requireResolved(file: string, fromFile: string): unknown {
    if (!TS_EXTENSIONS.includes(extname(file))) return createRequire(fromFile)(file);
    const cached = this.modules.get(file);
    if (cached) return cached.exports; // also ends import cycles, as Node does
    const mod = new Module(file) as NodeModule;
    mod.filename = file;
    mod.paths = ModuleInternals._nodeModulePaths(dirname(file));
    // the compiled code's `require` calls `mod.require`: route it through this loader
    mod.require = ((specifier: string) =>
      this.requireFrom(specifier, file)) as NodeModule['require'];
    this.modules.set(file, mod);
    try {
      mod._compile(this.transpile(file), file);
    } catch (error) {
      this.modules.delete(file);
      if (error instanceof ModuleLoadError) throw error;
      throw new ModuleLoadError(
        file,
        `failed to load: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
    mod.loaded = true;
    return mod.exports;
  }

  private transpile(file: string): string {
    const source = readFileSync(file, 'utf8');
    const output = this.ts.transpileModule(source, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: this.ts.ModuleKind.CommonJS,
        target: this.ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        // drops type-only imports whatever the file's own settings say
        verbatimModuleSyntax: false,
        isolatedModules: true,
        inlineSourceMap: true,
      },
    });
    const syntax = output.diagnostics?.[0];
    if (syntax) {
      const line =
        syntax.start === undefined ? 1 : source.slice(0, syntax.start).split('\n').length;
      throw new ModuleLoadError(
        `${file}:${line}`,
        `TypeScript syntax error: ${flatten(syntax.messageText)}`,
      );
    }
    return output.outputText;
  }

  private resolveRelative(specifier: string, fromFile: string): string {
    const base = resolve(dirname(fromFile), specifier);
    const ext = extname(base);
    const candidates = [
      ...(JS_TO_TS[ext] ?? []).map((tsExt) => base.slice(0, -ext.length) + tsExt),
      base,
      ...TS_EXTENSIONS.map((tsExt) => base + tsExt),
      base + '.js',
      base + '.json',
      ...TS_EXTENSIONS.map((tsExt) => resolve(base, `index${tsExt}`)),
      resolve(base, 'index.js'),
    ];
    const found = candidates.find(isFile);
    if (!found)
      throw new ModuleLoadError(
        fromFile,
        `cannot resolve import "${specifier}" (looked for ${relativeNames(candidates, base)})`,
      );
    return found;
  }

  private resolveBare(specifier: string, fromFile: string): string {
    try {
      return createRequire(fromFile).resolve(specifier);
    } catch {
      throw new ModuleLoadError(
        fromFile,
        `cannot find package "${specifier}" from ${dirname(fromFile)} (is it installed in the workspace?)`,
      );
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function relativeNames(candidates: string[], base: string): string {
  const dir = dirname(base);
  return [...new Set(candidates.slice(0, 4).map((c) => c.slice(dir.length + 1)))].join(', ');
}

function flatten(message: unknown): string {
  if (typeof message === 'string') return message;
  const chain = message as { messageText?: string };
  return chain?.messageText ?? String(message);
}

/**
 * The workspace's `typescript`, resolved from the project folder (so a workspace pinning its own
 * version uses it), falling back to the one next to this plugin.
 */
export function loadTypeScript(fromDir: string): TypeScriptApi {
  let ts: Partial<TypeScriptApi> | undefined;
  for (const base of [resolve(fromDir, 'noop.js'), __filename]) {
    try {
      ts = createRequire(base)('typescript') as Partial<TypeScriptApi>;
      break;
    } catch {
      // try the next location
    }
  }
  if (!ts)
    throw new ModuleLoadError(
      fromDir,
      'cannot find the "typescript" package; install it in the workspace (kafka-events reads payload modules with its transpiler)',
    );
  if (typeof ts.transpileModule !== 'function') {
    throw new ModuleLoadError(
      fromDir,
      `typescript ${ts.version ?? '?'} has no JavaScript API (transpileModule); kafka-events needs typescript 5 or 6`,
    );
  }
  return ts as TypeScriptApi;
}
