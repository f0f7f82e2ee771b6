/**
 * Who still consumes each version of one event library, for events-compat: the flow analysis
 * of the workspace restricted to that library. Only at the root of the Nx workspace that has the
 * library as a project (where Nx runs the target); anywhere else the consumers are unknown.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { FlowSite, FlowUnresolved } from './model';
import { nxWorkspace } from './nx-workspace';
import { readEventFlow } from './read-flow';
import type { FlowWorkspace } from './workspace';

export type LibraryConsumers =
  | {
      known: true;
      /** Versioned type -> the consumer sites found. */
      sites: ReadonlyMap<string, FlowSite[]>;
      /** What the analysis could not resolve in code that uses the library. */
      unresolved: FlowUnresolved[];
    }
  | { known: false; reason: string };

/** `retired`: versioned types the library's kafka-events.json no longer lists. */
export async function libraryConsumers(
  projectRoot: string,
  retired: string[],
  cwd = process.cwd(),
  loadWorkspace: (root: string) => Promise<FlowWorkspace> = nxWorkspace,
): Promise<LibraryConsumers> {
  if (!existsSync(join(cwd, 'nx.json')))
    return { known: false, reason: `${cwd} is not the root of an Nx workspace` };
  const root = relative(cwd, resolve(cwd, projectRoot)).split(sep).join('/') || '.';
  if (root.startsWith('..'))
    return { known: false, reason: `${projectRoot} is outside the Nx workspace at ${cwd}` };
  const workspace = await loadWorkspace(cwd);
  const project = workspace.projects.find((p) => p.root === root);
  if (!project)
    return { known: false, reason: `${root} is no project of the Nx workspace at ${cwd}` };
  const flow = readEventFlow(workspace, { library: project.name, retired });
  const sites = new Map(
    flow.events.map((e) => [e.type, e.sites.filter((s) => s.role === 'consumer')]),
  );
  return { known: true, sites, unresolved: flow.unresolved };
}
