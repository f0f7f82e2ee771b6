import { readNxJson, updateJson, updateNxJson, type Tree } from '@nx/devkit';
import type { DomainLibrary } from '../../../utils/domain-libraries';
import type { PythonProject } from './normalize-options';

/** How nx.json names the sync generator (`<plugin package>:<generator>`). */
export const SYNC_GENERATOR = 'kafka-events:sync-python';

/**
 * The Python project depends on the event library: an `implicitDependencies` entry, since no
 * import statement links a Python file to a TypeScript library. Written in the file that holds
 * the project's configuration (project.json, or the `nx` key of package.json).
 */
export function addImplicitDependency(
  tree: Tree,
  project: PythonProject,
  library: DomainLibrary,
): void {
  const file = `${project.root}/${project.configFile}`;
  const config = JSON.parse(tree.read(file, 'utf-8') ?? '{}');
  const holder = project.configFile === 'project.json' ? config : (config.nx ?? {});
  const dependencies: string[] = holder.implicitDependencies ?? [];
  if (dependencies.includes(library.projectName)) return;
  updateJson(tree, file, (json) => {
    const target = project.configFile === 'project.json' ? json : (json.nx ??= {});
    target.implicitDependencies = [...(target.implicitDependencies ?? []), library.projectName];
    return json;
  });
}

/** Registers the sync generator in nx.json `sync.globalGenerators` once. */
export function registerSyncGenerator(tree: Tree): void {
  const nxJson = readNxJson(tree) ?? {};
  const generators = nxJson.sync?.globalGenerators ?? [];
  if (generators.includes(SYNC_GENERATOR)) return;
  updateNxJson(tree, {
    ...nxJson,
    sync: { ...nxJson.sync, globalGenerators: [...generators, SYNC_GENERATOR] },
  });
}
