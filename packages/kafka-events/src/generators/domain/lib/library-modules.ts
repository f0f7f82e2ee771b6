import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import type { LibraryModule, TemplateContext } from './template-context';

/**
 * Writes `src/lib/<module>.ts` of a library from `module-files/<module>/`. The domain generator
 * and the migrations that add a module to older libraries both render through here, so a module
 * is never written from two copies of its template. `keepExisting` leaves a file the user
 * already has untouched.
 */
export function writeLibraryModule(
  tree: Tree,
  projectRoot: string,
  module: LibraryModule,
  context: TemplateContext,
  options: { keepExisting?: boolean } = {},
): void {
  generateFiles(
    tree,
    join(__dirname, '..', 'module-files', module),
    `${projectRoot}/src/lib`,
    context,
    {
      overwriteStrategy: options.keepExisting
        ? OverwriteStrategy.KeepExisting
        : OverwriteStrategy.Overwrite,
    },
  );
}

/** `src/lib/kafka.ts` */
export function libraryModulePath(projectRoot: string, module: LibraryModule): string {
  return `${projectRoot}/src/lib/${module}.ts`;
}
