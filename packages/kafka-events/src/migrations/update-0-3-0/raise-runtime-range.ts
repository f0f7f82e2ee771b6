/**
 * 0.3.0: event libraries declare `@kafka-events/runtime` in their own package.json. A library
 * left at `^0.2.0` would make npm install a second, 0.2 copy of the runtime for it, and the
 * library would run without 0.3.0's Dapr changes (app API token, trace context). The range is
 * raised to the root package.json's specifier (a file: tarball, in a workspace that installed
 * one), else to this plugin's; specs that are not plain versions (file:, workspace:) are kept.
 */
import { formatFiles, type Tree } from '@nx/devkit';
import { domainLibraries } from '../../utils/domain-libraries';
import {
  raiseRuntimeRange,
  updateLibraryDependencies,
  workspaceRuntimeSpecifier,
} from '../../utils/library-dependencies';

export default async function raiseLibraryRuntimeRange(tree: Tree): Promise<void> {
  for (const library of domainLibraries(tree)) {
    const to = workspaceRuntimeSpecifier(tree, library.root);
    updateLibraryDependencies(tree, library.root, (dependencies) =>
      raiseRuntimeRange(dependencies, to),
    );
  }
  await formatFiles(tree);
}
