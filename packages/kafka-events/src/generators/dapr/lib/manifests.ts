/**
 * The Dapr manifests of one app, as plain objects (fields exactly as docs.dapr.io documents them)
 * and as YAML text written with the `yaml` library.
 */
import { stringify } from 'yaml';
import { wireEventType, type DomainConfig } from '../../../utils/domain-config';
import { wrapLines } from '../../../utils/wrap';
import type { DaprAuthType } from '../schema';
import type { NormalizedDaprOptions, RetrySettings } from './normalize-options';

/** What marks a file as the generator's (and so as the generator's to rewrite or delete). */
export const GENERATOR_MARK = 'Written by `nx g kafka-events:dapr`';
export const HEADER = `${GENERATOR_MARK}; re-running the generator rewrites this file.`;
const CREDENTIALS_NOTE = 'Credentials come from secretKeyRef only; never put them here.';

/** Dapr's metadata template: daprd puts each app's id in its place. */
export const APP_ID_TEMPLATE = '{appID}';

/** True when the YAML text's leading comment carries the generator's header. */
export function isGeneratorWritten(text: string): boolean {
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trimStart().startsWith('#') && line.trim() !== '') break;
    comments.push(line);
  }
  return comments.join('\n').includes(GENERATOR_MARK);
}

/** The runtime's route convention (daprRoutePath in @kafka-events/runtime): keep them equal. */
export const ROUTE_BASE_PATH = '/events';
export const routePath = (topic: string, eventType?: string) =>
  eventType === undefined
    ? `${ROUTE_BASE_PATH}/${topic}`
    : `${ROUTE_BASE_PATH}/${topic}/${eventType}`;

/** Every wire type of a domain, each version included, in the library's order. */
export function wireTypes(config: DomainConfig): string[] {
  return config.events.flatMap((event) =>
    event.versions.map((v) => wireEventType(config, event.type, v)),
  );
}

/** Credentials of each auth type: metadata name -> key in the secret (never a plain value). */
const SECRET_FIELDS: Record<DaprAuthType, readonly [string, string][]> = {
  none: [],
  password: [
    ['saslUsername', 'saslUsername'],
    ['saslPassword', 'saslPassword'],
  ],
  mtls: [
    ['caCert', 'caCert'],
    ['clientCert', 'clientCert'],
    ['clientKey', 'clientKey'],
  ],
  oidc: [
    ['oidcTokenEndpoint', 'oidcTokenEndpoint'],
    ['oidcClientID', 'oidcClientID'],
    ['oidcClientSecret', 'oidcClientSecret'],
  ],
};

type MetadataEntry =
  { name: string; value: string } | { name: string; secretKeyRef: { name: string; key: string } };

/**
 * The pubsub.kafka Component. Shared (no own consumer group): consumerGroup and clientID are
 * `{appID}`, which daprd fills in per app, so one Component serves every app in `scopes`.
 */
export function componentManifest(options: NormalizedDaprOptions, scopes: string[]) {
  const [consumerGroup, clientId] = options.ownComponent
    ? [options.consumerGroup, options.clientId]
    : [APP_ID_TEMPLATE, APP_ID_TEMPLATE];
  const metadata: MetadataEntry[] = [
    { name: 'brokers', value: options.brokers.join(',') },
    { name: 'authType', value: options.authType },
    { name: 'consumerGroup', value: consumerGroup },
    { name: 'clientID', value: clientId },
    { name: 'initialOffset', value: options.initialOffset },
    { name: 'maxMessageBytes', value: String(options.maxMessageBytes) },
    ...(options.authType === 'password' ? [{ name: 'saslMechanism', value: 'SHA-512' }] : []),
    ...SECRET_FIELDS[options.authType].map(([name, key]) => ({
      name,
      secretKeyRef: { name: options.secretName, key },
    })),
  ];
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: options.pubsubName },
    spec: { type: 'pubsub.kafka', version: 'v1', metadata },
    ...(options.secretStore && options.authType !== 'none'
      ? { auth: { secretStore: options.secretStore } }
      : {}),
    scopes,
  };
}

export function componentFile(options: NormalizedDaprOptions, scopes: string[]): string {
  const why = options.ownComponent
    ? [
        `${options.appId}'s own Component: --consumerGroup or --clientId was given. Two Components with one`,
        `name cannot share a Kubernetes namespace: where other apps use the shared ${options.pubsubName}`,
        'Component, give this app a different --pubsubName.',
      ]
    : [
        "The Component every app in scopes shares: daprd puts each app's id in place of {appID}, so each",
        'app consumes in a Kafka consumer group of its own, named after its Dapr app id.',
      ];
  return toYaml(componentManifest(options, scopes), [HEADER, ...why, CREDENTIALS_NOTE].join('\n'));
}

/**
 * A Kubernetes object name (DNS-1123, at most 63 characters so it is a label too): `base` is cut,
 * never `suffix`, and no "-" is left at either end.
 */
export function dnsName(base: string, suffix = ''): string {
  const tail = dnsChars(suffix);
  const head = dnsChars(dnsChars(base).slice(0, 63 - (tail ? tail.length + 1 : 0)));
  return [head, tail].filter(Boolean).join('-');
}

/** Lowercase letters, digits and inner "-" only. */
const dnsChars = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Subscriptions are per namespace: the app and the topic. */
export function subscriptionName(app: string, topic: string): string {
  return dnsChars(`${app}-${topic}`).slice(0, 253);
}

export function subscriptionManifest(options: NormalizedDaprOptions, config: DomainConfig) {
  return {
    apiVersion: 'dapr.io/v2alpha1',
    kind: 'Subscription',
    metadata: { name: subscriptionName(options.appId, config.topic) },
    spec: {
      pubsubname: options.pubsubName,
      topic: config.topic,
      routes: {
        rules: wireTypes(config).map((type) => ({
          match: `event.type == ${JSON.stringify(type)}`,
          path: routePath(config.topic, type),
        })),
        default: routePath(config.topic),
      },
      deadLetterTopic: `${config.topic}.dlq`,
    },
    scopes: [options.appId],
  };
}

export function subscriptionFile(
  options: NormalizedDaprOptions,
  domain: { config: DomainConfig; importPath: string },
): string {
  const header = `${HEADER}\nEvents of the ${domain.config.domain} domain (${domain.importPath}) for ${options.projectName}.`;
  return toYaml(subscriptionManifest(options, domain.config), header);
}

/** What the Resiliency manifest needs; the 0.3.0 migration gives it for 0.2.0 manifests. */
export interface ResiliencyInput {
  appId: string;
  pubsubName: string;
  retry: RetrySettings;
}

/** The retry policy's name in the Resiliency (as verified against daprd 1.14). */
export const RETRY_POLICY_NAME = 'pubsubRetry';

/** `up to 5 retries, exponential back-off up to 10s`: the policy in words. */
export function describeRetry(retry: RetrySettings): string {
  if (retry.maxRetries === 0) return 'no retries';
  const count = `up to ${retry.maxRetries} ${retry.maxRetries === 1 ? 'retry' : 'retries'}`;
  return retry.policy === 'constant'
    ? `${count}, ${retry.duration} apart`
    : `${count}, exponential back-off up to ${retry.maxInterval}`;
}

/**
 * The app's Resiliency: a retry policy on the pub/sub Component's inbound traffic (deliveries to
 * the app). Without one daprd dead-letters an event at its first RETRY; with it, daprd redelivers
 * up to maxRetries times, then dead-letters.
 */
export function resiliencyManifest(input: ResiliencyInput) {
  const { policy, maxRetries, duration, maxInterval } = input.retry;
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Resiliency',
    metadata: { name: dnsName(input.appId, 'resiliency') },
    spec: {
      policies: {
        retries: {
          [RETRY_POLICY_NAME]:
            policy === 'constant'
              ? { policy, duration, maxRetries }
              : { policy, maxInterval, maxRetries },
        },
      },
      targets: { components: { [input.pubsubName]: { inbound: { retry: RETRY_POLICY_NAME } } } },
    },
    scopes: [input.appId],
  };
}

export function resiliencyFile(input: ResiliencyInput): string {
  const policy =
    `How daprd redelivers an event to ${input.appId} whose handler threw (the runtime answered ` +
    `RETRY): ${describeRetry(input.retry)}. Then the event goes to the deadLetterTopic of its ` +
    'Subscription. Without a retry policy daprd would dead-letter it at the first failure.';
  const header = [HEADER, ...wrapLines(policy, '', 98)].join('\n');
  return toYaml(resiliencyManifest(input), header);
}

export function toYaml(manifest: object, header: string): string {
  // single quotes: what create-nx-workspace's .prettierrc asks for, so formatFiles changes nothing
  const body = stringify(manifest, { lineWidth: 0, singleQuote: true });
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${body}`;
}
