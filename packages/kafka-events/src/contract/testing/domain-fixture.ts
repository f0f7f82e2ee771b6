/**
 * A real generated domain library on disk, for specs: the domain generator runs on an in-memory
 * tree, then the library's files are written under /work/main/tmp (inside the repo, so `zod`
 * and `typescript` resolve from the repo's node_modules as they would from a workspace's).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { domainGenerator } from '../../generators/domain/domain';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import { createTsSolutionWorkspace } from '../../generators/testing/workspaces';

/** Parent of every fixture folder: specs that need git to stop here set GIT_CEILING_DIRECTORIES to it. */
export const FIXTURES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'tmp');

export interface DomainFixture {
  /** Absolute path of the temporary folder. */
  dir: string;
  /** Absolute path of the library (its kafka-events.json is here). */
  projectRoot: string;
  write(path: string, text: string): void;
  /** A copy of the whole folder in a new temporary folder, as it is now. */
  copy(): DomainFixture;
  remove(): void;
}

export async function generateDomainLibrary(
  options: Partial<DomainGeneratorSchema> = {},
): Promise<DomainFixture> {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true, ...options });
  const configPath = tree
    .listChanges()
    .map((c) => c.path)
    .find((p) => p.endsWith('/kafka-events.json'));
  if (!configPath) throw new Error('the domain generator wrote no kafka-events.json');
  const libRoot = dirname(configPath);
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const dir = mkdtempSync(join(FIXTURES_DIR, 'contract-'));
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE' || !change.path.startsWith(`${libRoot}/`)) continue;
    const target = join(dir, change.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, change.content ?? '');
  }
  return fixtureAt(dir, libRoot);
}

function fixtureAt(dir: string, libRoot: string): DomainFixture {
  const projectRoot = join(dir, libRoot);
  return {
    dir,
    projectRoot,
    write: (path, text) => {
      mkdirSync(dirname(join(projectRoot, path)), { recursive: true });
      writeFileSync(join(projectRoot, path), text);
    },
    copy: () => {
      const copyDir = mkdtempSync(join(FIXTURES_DIR, 'contract-'));
      cpSync(dir, copyDir, { recursive: true });
      return fixtureAt(copyDir, libRoot);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
