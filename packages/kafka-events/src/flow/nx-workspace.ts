/**
 * The workspace as Nx sees it: projects from the project graph and their files with Nx's content
 * hashes from the project file map, so the analysis reuses Nx's hashing instead of its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ProjectFileMap, ProjectGraph } from '@nx/devkit';
import { join } from 'node:path';
import { FlowWorkspaceError } from './flow-error';
import type { FlowWorkspace } from './workspace';

export async function nxWorkspace(workspaceRoot: string): Promise<FlowWorkspace> {
  if (!existsSync(join(workspaceRoot, 'nx.json')))
    throw new FlowWorkspaceError(
      `${workspaceRoot} has no nx.json: run kafka-events flow at the root of an Nx workspace`,
    );
  // loaded here, not at the top: the other commands of the CLI never need Nx
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nx = require('@nx/devkit') as typeof import('@nx/devkit');
  let graph: ProjectGraph;
  let fileMap: ProjectFileMap;
  try {
    graph = await nx.createProjectGraphAsync({ exitOnError: false });
    fileMap = await nx.createProjectFileMapUsingProjectGraph(graph);
  } catch (error) {
    throw new FlowWorkspaceError(
      `Nx could not build the project graph of ${workspaceRoot}: ${(error as Error).message}`,
      { cause: error },
    );
  }
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
