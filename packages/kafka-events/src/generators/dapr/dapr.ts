import { formatFiles, logger, type Tree } from '@nx/devkit';
import { componentManifest, subscriptionManifest, toYaml } from './lib/manifests';
import { normalizeOptions } from './lib/normalize-options';
import { routesModule } from './lib/routes-module';
import type { DaprGeneratorSchema } from './schema';

const HEADER = 'Written by `nx g kafka-events:dapr`; re-running the generator rewrites this file.';

/**
 * `nx g kafka-events:dapr --project <app> --domains tasks,reminders`: the app's pubsub.kafka
 * Component, one Subscription per consumed domain and a typed routes module per domain. Every
 * check runs before the first write. Manifests follow the options (a re-run refreshes them, e.g.
 * after a new event type); routes modules belong to the app once written and are never replaced.
 */
export async function daprGenerator(tree: Tree, schema: DaprGeneratorSchema): Promise<void> {
  const options = normalizeOptions(tree, schema);
  const componentFile = `${options.manifestsRoot}/components/${options.pubsubName}.yaml`;
  tree.write(componentFile, toYaml(componentManifest(options), `${HEADER}\nCredentials come from secretKeyRef only; never put them here.`));
  for (const domain of options.domains) {
    const { topic, domain: name } = domain.config;
    const subscriptionFile = `${options.manifestsRoot}/subscriptions/${topic}.yaml`;
    tree.write(
      subscriptionFile,
      toYaml(subscriptionManifest(options, domain.config), `${HEADER}\nEvents of the ${name} domain (${domain.importPath}) for ${options.projectName}.`),
    );
    const routesFile = `${options.sourceRoot}/dapr/${name}.routes.ts`;
    if (tree.exists(routesFile)) {
      logger.info(`${routesFile} exists and belongs to the app: left unchanged.`);
    } else {
      tree.write(routesFile, routesModule(options, domain, subscriptionFile.slice(options.projectRoot.length + 1)));
    }
  }
  if (!options.skipFormat) await formatFiles(tree);
}

export default daprGenerator;
