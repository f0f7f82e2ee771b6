import { generateFiles, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { renderPayloadModule } from '../../../payload-model';
import { wireEventType, type DomainConfig } from '../../../utils/domain-config';
import type { NormalizedDomainOptions } from './normalize-options';
import { writeLibraryModule } from './library-modules';
import { LIBRARY_MODULES, templateContext } from './template-context';

/**
 * README, jest config and src/: the templates, the library modules (domain, kafka, dapr), plus
 * one payload module per event version.
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
    const definition = context.definitions.find(
      (d) => d.name === event.name && d.version === event.version,
    );
    if (!definition) continue;
    const type = wireEventType(config, `${config.entity}.${event.name}`, event.version);
    tree.write(
      `${options.projectRoot}/src/lib/payloads/${definition.payloadFile}.ts`,
      renderPayloadModule(config.entity, type, event, { validation: config.validation }),
    );
  }
}
