/**
 * The Dapr manifests of one app, as plain objects (fields exactly as docs.dapr.io documents them)
 * and as YAML text written with the `yaml` library.
 */
import { stringify } from 'yaml';
import { wireEventType, type DomainConfig } from '../../../utils/domain-config';
import type { DaprAuthType } from '../schema';
import type { NormalizedDaprOptions } from './normalize-options';

/** The runtime's route convention (daprRoutePath in @kafka-events/runtime): keep them equal. */
export const ROUTE_BASE_PATH = '/events';
export const routePath = (topic: string, eventType?: string) =>
  eventType === undefined ? `${ROUTE_BASE_PATH}/${topic}` : `${ROUTE_BASE_PATH}/${topic}/${eventType}`;

/** Every wire type of a domain, each version included, in the library's order. */
export function wireTypes(config: DomainConfig): string[] {
  return config.events.flatMap((event) => event.versions.map((v) => wireEventType(config, event.type, v)));
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

type MetadataEntry = { name: string; value: string } | { name: string; secretKeyRef: { name: string; key: string } };

export function componentManifest(options: NormalizedDaprOptions) {
  const metadata: MetadataEntry[] = [
    { name: 'brokers', value: options.brokers.join(',') },
    { name: 'authType', value: options.authType },
    { name: 'consumerGroup', value: options.consumerGroup },
    { name: 'clientID', value: options.clientId },
    { name: 'initialOffset', value: options.initialOffset },
    { name: 'maxMessageBytes', value: String(options.maxMessageBytes) },
    ...(options.authType === 'password' ? [{ name: 'saslMechanism', value: 'SHA-512' }] : []),
    ...SECRET_FIELDS[options.authType].map(([name, key]) => ({ name, secretKeyRef: { name: options.secretName, key } })),
  ];
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: options.pubsubName },
    spec: { type: 'pubsub.kafka', version: 'v1', metadata },
    ...(options.secretStore && options.authType !== 'none' ? { auth: { secretStore: options.secretStore } } : {}),
    scopes: [options.appId],
  };
}

/** Kubernetes object names: the app and topic as a DNS-1123 name (Subscriptions are per namespace). */
export function subscriptionName(app: string, topic: string): string {
  return `${app}-${topic}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 253);
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
        rules: wireTypes(config).map((type) => ({ match: `event.type == ${JSON.stringify(type)}`, path: routePath(config.topic, type) })),
        default: routePath(config.topic),
      },
      deadLetterTopic: `${config.topic}.dlq`,
    },
    scopes: [options.appId],
  };
}

export function toYaml(manifest: object, header: string): string {
  // single quotes: what create-nx-workspace's .prettierrc asks for, so formatFiles changes nothing
  const body = stringify(manifest, { lineWidth: 0, singleQuote: true });
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${body}`;
}
