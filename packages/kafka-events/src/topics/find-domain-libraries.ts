/** Folders holding a kafka-events.json under a workspace root, for `kafka-events topics` without roots. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DOMAIN_CONFIG_FILE } from '../utils/domain-config';

/** Never holds a library of the workspace's own (installed packages, build output, VCS, caches). */
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', 'out-tsc', 'coverage']);

/** Workspace-relative project roots, sorted; `.` when the root itself is a library. */
export function findDomainLibraries(workspaceRoot: string): string[] {
  const found: string[] = [];
  const pending = [workspaceRoot];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name === DOMAIN_CONFIG_FILE)
        found.push(relative(workspaceRoot, dir) || '.');
      else if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
        pending.push(join(dir, entry.name));
    }
  }
  return found.sort();
}
