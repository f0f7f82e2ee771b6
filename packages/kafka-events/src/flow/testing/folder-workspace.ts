/** A FlowWorkspace over a folder on disk with the projects given, for specs only. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileReader } from '../nx-workspace';
import type { FlowWorkspace } from '../workspace';

export function folderWorkspace(root: string, projects: Record<string, string>): FlowWorkspace {
  return {
    root,
    projects: Object.entries(projects).map(([name, projectRoot]) => ({
      name,
      root: projectRoot,
      files: filesUnder(join(root, projectRoot)).map((path) => ({
        file: relative(root, path).split(sep).join('/'),
        hash: createHash('sha1').update(readFileSync(path)).digest('hex'),
      })),
    })),
    readFile: fileReader(root),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}
