/**
 * What the flow analysis reads of a workspace: its projects, each with its files and their
 * content hashes (Nx's project file map), and a way to read a file. The CLI builds it from the
 * Nx project graph (nx-workspace.ts); specs build it from a folder or from memory.
 */
export interface FlowFile {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** Changes whenever the content changes (Nx's file hash). */
  hash: string;
}

export interface FlowProject {
  name: string;
  /** Workspace-relative; `.` for a project at the root. */
  root: string;
  files: FlowFile[];
}

export interface FlowWorkspace {
  /** Absolute. */
  root: string;
  projects: FlowProject[];
  /** The text of a workspace-relative file; undefined when it does not exist. */
  readFile(file: string): string | undefined;
}

/** `libs/tasks-events` + `kafka-events.json` -> `libs/tasks-events/kafka-events.json`. */
export function inProject(root: string, path: string): string {
  return root === '.' || root === '' ? path : `${root}/${path}`;
}
