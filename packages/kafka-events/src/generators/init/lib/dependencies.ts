import {
  addDependenciesToPackageJson,
  readJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import {
  jestVersion,
  kafkajsVersion,
  runtimeVersion,
  swcCoreVersion,
  swcJestVersion,
  tslibVersion,
  typescriptVersion,
  typesJestVersion,
  typesNodeVersion,
  zodVersion,
} from '../../../utils/versions';

export interface DependencyOptions {
  keepExistingVersions?: boolean;
  /** Also add `@nx/js` (its `@nx/js:tsc` executor builds integrated-style libraries). */
  withNxJs?: boolean;
}

/** What generated libraries import at run time. */
export function runtimeDependencies(): Record<string, string> {
  return {
    '@kafka-events/runtime': runtimeVersion(),
    kafkajs: kafkajsVersion,
    zod: zodVersion,
  };
}

/**
 * Adds the runtime dependencies and the test toolchain of generated libraries. TypeScript and
 * @types/node are only added when absent in any section: replacing a workspace's compiler is
 * never this plugin's call, even with keepExistingVersions=false.
 */
export function addKafkaEventsDependencies(
  tree: Tree,
  options: DependencyOptions,
): GeneratorCallback {
  const existing = declaredPackages(tree);
  const devDependencies: Record<string, string> = {
    '@swc/core': swcCoreVersion,
    '@swc/jest': swcJestVersion,
    '@types/jest': typesJestVersion,
    jest: jestVersion,
    tslib: tslibVersion,
  };
  if (!existing.has('typescript')) devDependencies.typescript = typescriptVersion;
  if (!existing.has('@types/node')) devDependencies['@types/node'] = typesNodeVersion;
  const nxVersion = readJson(tree, 'package.json').devDependencies?.nx;
  if (options.withNxJs && nxVersion && !existing.has('@nx/js'))
    devDependencies['@nx/js'] = nxVersion;
  return addDependenciesToPackageJson(
    tree,
    runtimeDependencies(),
    devDependencies,
    undefined,
    options.keepExistingVersions ?? true,
  );
}

function declaredPackages(tree: Tree): Set<string> {
  const pkg = readJson(tree, 'package.json');
  return new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
}
