/**
 * The TypeScript compiler the analysis parses with: the workspace's own `typescript` (every Nx
 * TypeScript workspace has it), as the contract commands load it, so kafka-events does not ship
 * a second compiler (typescript is not a dependency of the plugin, on purpose).
 */
import { loadTypeScript, ModuleLoadError } from '../contract/ts-module-loader';
import type { ReadJsonc } from './libraries';
import type { TypeScriptCompiler } from './source-facts';
import type { FlowWorkspace } from './workspace';

export function loadCompiler(workspaceRoot: string): TypeScriptCompiler {
  const ts = loadTypeScript(workspaceRoot) as unknown as Partial<TypeScriptCompiler>;
  if (typeof ts.createSourceFile !== 'function' || typeof ts.forEachChild !== 'function')
    throw new ModuleLoadError(
      workspaceRoot,
      `typescript ${ts.version ?? '?'} has no parser API (createSourceFile); kafka-events flow needs typescript 5 or 6`,
    );
  return ts as TypeScriptCompiler;
}

/** tsconfig.json syntax (comments, trailing commas) through the compiler's own reader. */
export function jsoncReader(ts: TypeScriptCompiler, workspace: FlowWorkspace): ReadJsonc {
  return (file) => {
    const text = workspace.readFile(file);
    if (text === undefined) return undefined;
    const { config, error } = ts.parseConfigFileTextToJson(file, text);
    return error ? undefined : config;
  };
}
