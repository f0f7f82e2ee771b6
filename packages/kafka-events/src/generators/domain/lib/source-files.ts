import { generateFiles, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import type { DomainConfig } from '../../../utils/domain-config';
import { payloadPath, renderEventPayload } from '../../event/lib/event-code';
import type { NormalizedDomainOptions } from './normalize-options';
import { writeLibraryModule } from './library-modules';
import { LIBRARY_MODULES, templateContext } from './template-context';

/**
 * README, jest config and src/: the templates, the library modules (domain, kafka, dapr), plus
 * one payload module per event version, rendered as kafka-events:event renders a new event's.
 */
export function writeSourceFiles(
  tree: Tree,
  options: NormalizedDomainOptions,
  config: DomainConfig,
): void {
  const context = templateContext(config, options.events, options.projectName, options.importPath);
  generateFiles(tree, join(__dirname, '..', 'files'), options.projectRoot, context);
  for (const module of LIBRARY_MODULES) {
    writeLibraryModule(tree, options.projectRoot, module, context);
  }
  for (const event of options.events) {
    tree.write(
      `${options.projectRoot}/${payloadPath(config.entity, event.name, event.version)}`,
      renderEventPayload(config, event),
    );
  }
}
