import { getProjects, logger, readJson, type Tree } from '@nx/devkit';
import {
  diffDomainConfig,
  readDomainConfig,
  type DomainConfig,
} from '../../../utils/domain-config';
import { fail } from '../../../utils/validation';
import { isInWorkspacePatterns } from '../../../utils/workspace';
import type { NormalizedDomainOptions } from './normalize-options';

/**
 * Decides whether the library can be created. Re-running the command that made an existing
 * library (same settings) is allowed and changes nothing: returns 'unchanged'. Anything else in
 * the way is an error that names the option to change.
 */
export function checkConflicts(
  tree: Tree,
  options: NormalizedDomainOptions,
  config: DomainConfig,
): 'create' | 'unchanged' {
  const { projectRoot, projectName, importPath } = options;
  // an empty folder (made by hand or left by a tool) is fine to generate into
  if (
    tree.exists(projectRoot) &&
    (tree.isFile(projectRoot) || tree.children(projectRoot).length > 0)
  ) {
    const existing = readDomainConfig(tree, projectRoot);
    if (!existing) {
      fail(
        'directory',
        projectRoot,
        'already exists and was not made by kafka-events:domain; choose another --directory',
      );
    }
    const differences = diffDomainConfig(existing, config);
    const tags = projectTags(tree, projectRoot);
    if (tags && tags.join(',') !== [...options.tags].sort().join(',')) {
      differences.push(
        `--tags: library has "${tags.join(',')}", command asks for "${[...options.tags].sort().join(',')}"`,
      );
    }
    if (differences.length > 0) {
      throw new Error(
        `${projectRoot} already holds the "${existing.domain}" event library with different settings:\n` +
          differences.map((d) => `  - ${d}`).join('\n') +
          `\nRe-run with the same options, or choose another --directory.`,
      );
    }
    return 'unchanged';
  }

  const projects = getProjects(tree);
  for (const [name, project] of projects) {
    if (name === projectName) {
      fail(
        'name',
        options.domain,
        `project "${projectName}" already exists at ${project.root}; pick another domain name`,
      );
    }
  }
  if (options.style === 'integrated') {
    const paths = tree.exists('tsconfig.base.json')
      ? (readJson(tree, 'tsconfig.base.json').compilerOptions?.paths ?? {})
      : {};
    if (paths[importPath]) {
      fail(
        'importPath',
        importPath,
        `is already mapped in tsconfig.base.json to ${JSON.stringify(paths[importPath])}`,
      );
    }
  } else {
    for (const [name, project] of projects) {
      const pkg = `${project.root}/package.json`;
      if (tree.exists(pkg) && readJson(tree, pkg).name === importPath) {
        fail(
          'importPath',
          importPath,
          `is already the package name of project "${name}" (${project.root})`,
        );
      }
    }
    if (!isInWorkspacePatterns(tree, projectRoot)) {
      logger.warn(
        `${projectRoot} is not matched by the "workspaces" of package.json; add it there so ` +
          `other projects can import ${importPath}.`,
      );
    }
  }
  return 'create';
}

function projectTags(tree: Tree, root: string): string[] | undefined {
  for (const [, project] of getProjects(tree)) {
    if (project.root === root) return [...(project.tags ?? [])].sort();
  }
  return undefined;
}
