import { formatFiles, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { detectWorkspaceStyle } from '../../utils/workspace';
import { addKafkaEventsPlugin } from './lib/add-plugin';
import { addKafkaEventsDependencies } from './lib/dependencies';
import { normalizeOptions } from './lib/normalize-options';
import { ensureTsconfigBase } from './lib/tsconfig-base';
import type { InitGeneratorSchema } from './schema';

/** `nx g kafka-events:init` and `nx add`: prepares the workspace for event libraries. */
export async function initGenerator(
  tree: Tree,
  schema: InitGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(schema);
  const task = initInternal(tree, options);
  if (!options.skipFormat) await formatFiles(tree);
  return task;
}

/** The init work without formatting, for generators (domain) that format once at the end. */
export function initInternal(tree: Tree, options: InitGeneratorSchema): GeneratorCallback {
  const style = detectWorkspaceStyle(tree);
  const tasks: GeneratorCallback[] = [];
  if (style === 'integrated') ensureTsconfigBase(tree);
  addKafkaEventsPlugin(tree);
  if (!options.skipPackageJson) {
    const install = addKafkaEventsDependencies(tree, {
      keepExistingVersions: options.keepExistingVersions ?? true,
      withNxJs: style === 'integrated',
    });
    if (!options.skipInstall) tasks.push(install);
  }
  return runTasksInSerial(...tasks);
}

export default initGenerator;
