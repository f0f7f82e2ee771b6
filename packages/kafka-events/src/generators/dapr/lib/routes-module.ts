import { camel } from '../../../utils/naming';
import type { ConsumedDomain, NormalizedDaprOptions } from './normalize-options';
import { wireTypes } from './manifests';

/** `tasks` -> the handler constant `tasksHandler`. */
export function handlerName(domain: ConsumedDomain): string {
  return `${camel(domain.config.domain)}Handler`;
}

/**
 * The typed delivery handlers of one consumed domain, written once for the app to fill in. Its
 * routes are the paths of the Subscription manifest (both use the runtime's convention).
 */
export function routesModule(options: NormalizedDaprOptions, domain: ConsumedDomain, subscriptionFile: string): string {
  const { config } = domain;
  const domainConst = `${camel(config.domain)}Domain`;
  const handlers = wireTypes(config)
    .map(
      (type) =>
        `    '${type}': async (_event) => {\n` +
        `      // TODO: handle ${type}; _event.payload is typed. Throw to have Dapr redeliver,\n` +
        `      // return 'DROP' to send the event to ${config.topic}.dlq.\n` +
        `    },\n`,
    )
    .join('');
  return `/**
 * Dapr deliveries of the ${config.domain} domain (topic ${config.topic}) to ${options.projectName}.
 * Written once by \`nx g kafka-events:dapr\`; the app owns it from here.
 *
 * ${subscriptionFile} routes each event type to its path; mount the handler on the
 * app's HTTP server: \`http.createServer(${handlerName(domain)}.nodeListener)\`, or
 * \`app.use(${handlerName(domain)}.nodeListener)\` in express. Invalid events and unknown types are
 * answered DROP (they go to the dead-letter topic), a handler that throws RETRY.
 */
import { createDaprHandler } from '@kafka-events/runtime';
import { ${domainConst} } from '${domain.importPath}';

export const ${handlerName(domain)} = createDaprHandler(${domainConst}, {
  pubsubName: '${options.pubsubName}',
  // Subscribed declaratively by the manifest: no programmatic GET /dapr/subscribe.
  serveSubscriptions: false,
  handlers: {
${handlers}  },
});
`;
}
