import { readNxJson, updateJson, updateNxJson, type Tree } from '@nx/devkit';
import type { NormalizedDomainOptions } from './normalize-options';

/** Makes the library importable: a root tsconfig reference, or a tsconfig.base.json path. */
export function wireIntoWorkspace(tree: Tree, options: NormalizedDomainOptions): void {
  if (options.style === 'ts-solution') addSolutionReference(tree, options.projectRoot);
  else {
    addPathMapping(tree, options);
    addTscTargetDefaults(tree);
  }
}

function addSolutionReference(tree: Tree, projectRoot: string): void {
  updateJson(tree, 'tsconfig.json', (json) => {
    const path = `./${projectRoot}`;
    json.references ??= [];
    if (!json.references.some((r: { path: string }) => r.path.replace(/\/$/, '') === path)) {
      json.references.push({ path });
    }
    return json;
  });
}

function addPathMapping(tree: Tree, options: NormalizedDomainOptions): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    json.compilerOptions ??= {};
    // without baseUrl (deprecated in TS 6) paths are relative to this file and need "./"
    const prefix = json.compilerOptions.baseUrl ? '' : './';
    json.compilerOptions.paths = {
      ...json.compilerOptions.paths,
      [options.importPath]: [`${prefix}${options.projectRoot}/src/index.ts`],
    };
    return json;
  });
}

/** What @nx/js adds for its tsc executor, so `nx build` caches and builds dependencies first. */
function addTscTargetDefaults(tree: Tree): void {
  const nxJson = readNxJson(tree);
  if (!nxJson || nxJson.targetDefaults?.['@nx/js:tsc']) return;
  const production = nxJson.namedInputs?.production ? 'production' : 'default';
  nxJson.targetDefaults = {
    ...nxJson.targetDefaults,
    '@nx/js:tsc': { cache: true, dependsOn: ['^build'], inputs: [production, `^${production}`] },
  };
  updateNxJson(tree, nxJson);
}
