/**
 * The workspace as Nx sees it: projects from the project graph and their files with Nx's content
 * hashes from the project file map, so the analysis reuses Nx's hashing instead of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowWorkspace } from './workspace';

export async function nxWorkspace(workspaceRoot: string): Promise<FlowWorkspace> {
  const { createProjectGraphAsync, createProjectFileMapUsingProjectGraph } =
    await import('@nx/devkit');
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const fileMap = await createProjectFileMapUsingProjectGraph(graph);
  const projects = Object.values(graph.nodes)
    .map((node) => ({
      name: node.name,
      root: node.data.root,
      files: (fileMap[node.name] ?? []).map(({ file, hash }) => ({ file, hash })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { root: workspaceRoot, projects, readFile: fileReader(workspaceRoot) };
}

export function fileReader(workspaceRoot: string): FlowWorkspace['readFile'] {
  return (file) => {
    try {
      return readFileSync(join(workspaceRoot, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}
