import { camel } from '../../../utils/naming';
import { wrapLines } from '../../../utils/wrap';
import type { ConsumedDomain, NormalizedDaprOptions, RetrySettings } from './normalize-options';
import { describeRetry, wireTypes } from './manifests';

/** `tasks` -> the handler constant `tasksHandler`. */
export function handlerName(domain: ConsumedDomain): string {
  return `${camel(domain.config.domain)}Handler`;
}

/** What the sentence about a failing handler needs; `retry` unknown: no numbers are given. */
export interface RedeliveryFacts {
  /** The app's manifests folder, relative to the app root (`dapr`). */
  manifestsDirectory: string;
  topic: string;
  retry?: RetrySettings;
}

/**
 * What happens to an event whose handler throws, against a real daprd: one source for the routes
 * modules the generator writes and for the 0.3.0 migration that corrects 0.2.0's wording.
 */
export function redeliverySentence({ manifestsDirectory, topic, retry }: RedeliveryFacts): string {
  const policy = retry ? ` (${describeRetry(retry)})` : '';
  return (
    `Throwing (the runtime answers RETRY) has daprd redeliver the event as ` +
    `${manifestsDirectory}/resiliency.yaml says${policy}, then it goes to ${topic}.dlq; ` +
    `return 'DROP' to dead-letter it at once.`
  );
}

/** The module comment's lines on DROP and RETRY (after "... in express."). */
export function headerDeliveryLines(facts: RedeliveryFacts): string {
  const sentence = redeliverySentence(facts);
  return wrapLines(
    `Invalid events and unknown types are answered DROP (they go to ${facts.topic}.dlq at once). ` +
      `In a handler, ${sentence[0].toLowerCase()}${sentence.slice(1)}`,
    ' * ',
  ).join('\n');
}

/** The comment in each generated handler body. */
export function handlerTodoLines(type: string, facts: RedeliveryFacts): string {
  const prefix = '      // ';
  return [
    `${prefix}TODO: handle ${type}; _event.payload is typed.`,
    ...wrapLines(redeliverySentence(facts), prefix),
  ].join('\n');
}

/**
 * The typed delivery handlers of one consumed domain, written once for the app to fill in. Its
 * routes are the paths of the Subscription manifest (both use the runtime's convention).
 */
export function routesModule(
  options: NormalizedDaprOptions,
  domain: ConsumedDomain,
  subscriptionFile: string,
): string {
  const { config } = domain;
  const domainConst = `${camel(config.domain)}Domain`;
  const facts: RedeliveryFacts = {
    manifestsDirectory: options.manifestsDirectory,
    topic: config.topic,
    retry: options.retry,
  };
  const handlers = wireTypes(config)
    .map((type) => `    '${type}': async (_event) => {\n${handlerTodoLines(type, facts)}\n    },\n`)
    .join('');
  return `/**
 * Dapr deliveries of the ${config.domain} domain (topic ${config.topic}) to ${options.projectName}.
 * Written once by \`nx g kafka-events:dapr\`; the app owns it from here.
 *
 * ${subscriptionFile} routes each event type to its path; mount the handler on the
 * app's HTTP server: \`http.createServer(${handlerName(domain)}.nodeListener)\`, or
 * \`app.use(${handlerName(domain)}.nodeListener)\` in express.
${headerDeliveryLines(facts)}
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
