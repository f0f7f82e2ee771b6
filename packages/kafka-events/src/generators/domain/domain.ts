import {
  formatFiles,
  installPackagesTask,
  logger,
  runTasksInSerial,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { initInternal } from '../init/init';
import { buildDomainConfig } from './lib/config';
import { checkConflicts } from './lib/conflicts';
import { addLintToLibrary, reportLintResult } from './lib/lint-config';
import { normalizeOptions } from './lib/normalize-options';
import { writeProjectFiles } from './lib/project-files';
import { writeSourceFiles } from './lib/source-files';
import { wireIntoWorkspace } from './lib/workspace-wiring';
import type { DomainGeneratorSchema } from './schema';

/**
 * `nx g kafka-events:domain <name>`: an Nx library holding the event contracts of one domain.
 * Every check runs before the first write, so a failing run leaves the tree untouched.
 */
export async function domainGenerator(
  tree: Tree,
  schema: DomainGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  const config = buildDomainConfig(options);
  if (checkConflicts(tree, options, config) === 'unchanged') {
    logger.info(
      `${options.projectRoot} already holds this "${options.domain}" library; nothing to change.`,
    );
    return () => undefined;
  }

  // init's dependencies, so `nx g kafka-events:domain` works straight after installing the plugin
  const install = initInternal(tree, { skipFormat: true });
  writeProjectFiles(tree, options, config);
  writeSourceFiles(tree, options, config);
  wireIntoWorkspace(tree, options);
  const lint = addLintToLibrary(tree, options.projectRoot);
  if (!options.skipFormat) await formatFiles(tree);
  reportLintResult(lint);
  // npm workspaces link a new package only on install; without the link, other projects can
  // neither resolve nor typecheck their imports of the library.
  const link: GeneratorCallback = () => installPackagesTask(tree, true);
  // (an install always run also installs the dependencies init added)
  return options.style === 'ts-solution' ? link : runTasksInSerial(install);
}

export default domainGenerator;
