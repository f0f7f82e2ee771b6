import { formatFiles, logger, type Tree } from '@nx/devkit';
import { planComponent, type PlannedFile } from './lib/components';
import { resiliencyFile, subscriptionFile } from './lib/manifests';
import { normalizeOptions } from './lib/normalize-options';
import { routesModule } from './lib/routes-module';
import type { DaprGeneratorSchema } from './schema';

/**
 * `nx g kafka-events:dapr --project <app> --domains tasks,reminders`: the pubsub.kafka Component
 * the app shares with the other apps of the pub/sub (or its own, with --consumerGroup), the app's
 * Resiliency (how daprd redelivers an event whose handler threw), one Subscription per consumed
 * domain and a typed routes module per domain. Every check runs before the first write. Manifests
 * follow the options (a re-run refreshes them, e.g. after a new event type); routes modules belong
 * to the app once written and are never replaced.
 */
export async function daprGenerator(tree: Tree, schema: DaprGeneratorSchema): Promise<void> {
  const options = normalizeOptions(tree, schema);
  const planned: PlannedFile[] = [
    ...planComponent(tree, options),
    { path: `${options.manifestsRoot}/resiliency.yaml`, content: resiliencyFile(options) },
  ];
  for (const domain of options.domains) {
    const { topic, domain: name } = domain.config;
    const subscription = `${options.manifestsRoot}/subscriptions/${topic}.yaml`;
    planned.push({ path: subscription, content: subscriptionFile(options, domain) });
    const routesFile = `${options.sourceRoot}/dapr/${name}.routes.ts`;
    if (tree.exists(routesFile)) {
      logger.info(`${routesFile} exists and belongs to the app: left unchanged.`);
    } else {
      const relative = subscription.slice(
        options.projectRoot === '.' ? 0 : options.projectRoot.length + 1,
      );
      planned.push({ path: routesFile, content: routesModule(options, domain, relative) });
    }
  }
  for (const { path, content, note } of planned) {
    if (content === null) tree.delete(path);
    else tree.write(path, content);
    if (note) logger.info(note);
  }
  if (!options.skipFormat) await formatFiles(tree);
}

export default daprGenerator;
