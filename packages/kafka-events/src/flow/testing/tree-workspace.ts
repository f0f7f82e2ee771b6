/** A FlowWorkspace over an in-memory Nx Tree (generator specs' workspaces), for specs only. */
import { createHash } from 'node:crypto';
import { getProjects, type Tree } from '@nx/devkit';
import type { FlowProject, FlowWorkspace } from '../workspace';

export function treeWorkspace(tree: Tree): FlowWorkspace {
  const projects: FlowProject[] = [...getProjects(tree)]
    .map(([name, project]) => ({ name, root: project.root, files: [] }))
    .sort((a, b) => b.root.length - a.root.length);
  for (const file of allFiles(tree, '')) {
    // like Nx: a file belongs to the project with the deepest root holding it
    const owner = projects.find((p) => p.root === '.' || file.startsWith(`${p.root}/`));
    const content = tree.read(file);
    if (owner && content)
      owner.files.push({ file, hash: createHash('sha1').update(content).digest('hex') });
  }
  return {
    root: tree.root,
    projects: projects.sort((a, b) => a.name.localeCompare(b.name)),
    readFile: (file) => tree.read(file, 'utf-8') ?? undefined,
  };
}

function allFiles(tree: Tree, dir: string): string[] {
  return tree.children(dir).flatMap((child) => {
    const path = dir ? `${dir}/${child}` : child;
    return tree.isFile(path) ? [path] : allFiles(tree, path);
  });
}
