import { getProjects, type Tree } from '@nx/devkit';
import { assertRelativePath } from '../../../utils/path-rules';
import { fail } from '../../../utils/validation';

/**
 * The folder of a new library: a path a library belongs in, and neither inside nor around another
 * project (Nx gives each file to one project; a nested library would be part of both). The folder
 * of the same library again is allowed: re-running the generator is checked for conflicts later.
 */
export function assertLibraryFolder(tree: Tree, value: unknown): string {
  const dir = assertRelativePath('directory', value, {
    base: 'the workspace root',
    example: 'libs/tasks-events',
  });
  for (const [name, project] of getProjects(tree)) {
    const root = project.root;
    if (root === '.' || root === '') {
      // the root project owns the whole workspace; only its sources are out of bounds
      const sources = project.sourceRoot && project.sourceRoot !== '.' ? project.sourceRoot : 'src';
      if (isWithin(dir, sources)) {
        fail(
          'directory',
          value,
          `is inside the sources of the root project "${name}" (${sources})`,
        );
      }
    } else if (isWithin(dir, root) && dir !== root) {
      fail(
        'directory',
        value,
        `is inside project "${name}" (${root}); a library cannot be nested in another project`,
      );
    } else if (isWithin(root, dir) && dir !== root) {
      fail(
        'directory',
        value,
        `contains project "${name}" (${root}); a library cannot hold another project`,
      );
    }
  }
  return dir;
}

function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}
