'use strict';
/**
 * Dapr manifests and subscription lists as the stand-in sidecar reads them:
 * - declarative `Subscription` manifests (dapr.io/v1alpha1 `spec.route`, dapr.io/v2alpha1
 *   `spec.routes`), filtered by `scopes`;
 * - the programmatic list an app returns from `GET /dapr/subscribe` (both shapes as well);
 * - `Component` manifests of type pubsub.kafka.
 * Everything is normalised to one shape and checked, with errors that name the bad field.
 */
const YAML = require('yaml');
const { compileCel } = require('./cel.cjs');

function fail(where, message) {
  throw new Error(`${where}: ${message}`);
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** YAML text (one or more `---` documents) -> plain objects. */
function parseManifests(text, origin = 'manifest') {
  return YAML.parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) fail(`${origin} document ${index + 1}`, doc.errors[0].message);
    // toJSON exists in both yaml 1 (hoisted at the root) and yaml 2 (the plugin's).
    return doc.toJSON();
  }).filter((value) => value !== null && value !== undefined);
}

/** `{pubsubname, topic, route | routes, metadata, deadLetterTopic}` -> the normalised form. */
function normalizeSubscription(raw, where) {
  if (!isObject(raw)) fail(where, 'a subscription must be an object');
  const pubsubName = raw.pubsubname ?? raw.pubsubName;
  if (typeof pubsubName !== 'string' || pubsubName === '') fail(where, 'pubsubname is required');
  if (typeof raw.topic !== 'string' || raw.topic === '') fail(where, 'topic is required');
  const routes = raw.routes;
  let rules = [];
  let defaultRoute;
  if (routes !== undefined) {
    if (!isObject(routes)) fail(where, 'routes must be an object with rules and default');
    if (routes.rules !== undefined && !Array.isArray(routes.rules)) fail(where, 'routes.rules must be a list');
    rules = (routes.rules ?? []).map((rule, i) => {
      if (!isObject(rule) || typeof rule.match !== 'string' || typeof rule.path !== 'string') {
        fail(`${where} routes.rules[${i}]`, 'each rule needs a string match and path');
      }
      try {
        return { match: rule.match, path: rule.path, matches: compileCel(rule.match) };
      } catch (error) {
        fail(`${where} routes.rules[${i}]`, error.message);
      }
    });
    defaultRoute = routes.default;
  }
  if (typeof raw.route === 'string') {
    if (defaultRoute !== undefined) fail(where, 'give either route or routes.default, not both');
    defaultRoute = raw.route;
  }
  if (defaultRoute !== undefined && typeof defaultRoute !== 'string') fail(where, 'the default route must be a string path');
  if (rules.length === 0 && !defaultRoute) fail(where, 'has neither a route nor routes');
  for (const path of [defaultRoute, ...rules.map((r) => r.path)].filter(Boolean)) {
    if (!path.startsWith('/')) fail(where, `route ${JSON.stringify(path)} must start with "/"`);
  }
  const metadata = raw.metadata ?? {};
  if (!isObject(metadata)) fail(where, 'metadata must be a map of strings');
  if (raw.deadLetterTopic !== undefined && (typeof raw.deadLetterTopic !== 'string' || raw.deadLetterTopic === '')) {
    fail(where, 'deadLetterTopic must be a topic name');
  }
  return {
    pubsubName,
    topic: raw.topic,
    rules,
    defaultRoute: defaultRoute || undefined,
    rawPayload: String(metadata.rawPayload) === 'true',
    metadata,
    deadLetterTopic: raw.deadLetterTopic,
  };
}

/** Declarative Subscription manifests that apply to `appId` (no scopes = every app). */
function declarativeSubscriptions(documents, appId) {
  return documents
    .filter((doc) => isObject(doc) && doc.kind === 'Subscription')
    .filter((doc) => !Array.isArray(doc.scopes) || doc.scopes.length === 0 || doc.scopes.includes(appId))
    .map((doc) => {
      const name = doc.metadata?.name ?? '(unnamed)';
      if (!['dapr.io/v1alpha1', 'dapr.io/v2alpha1'].includes(doc.apiVersion)) {
        fail(`Subscription ${name}`, `unsupported apiVersion ${JSON.stringify(doc.apiVersion)}`);
      }
      if (!isObject(doc.spec)) fail(`Subscription ${name}`, 'spec is required');
      return normalizeSubscription(doc.spec, `Subscription ${name}`);
    });
}

/** The body of `GET /dapr/subscribe`. */
function programmaticSubscriptions(body) {
  if (!Array.isArray(body)) fail('GET /dapr/subscribe', 'must return a JSON array');
  return body.map((raw, index) => normalizeSubscription(raw, `GET /dapr/subscribe [${index}]`));
}

const SUPPORTED_AUTH = ['none'];

/** A pubsub.kafka Component manifest -> `{name, metadata}` (plain values only). */
function kafkaComponent(doc) {
  const name = doc.metadata?.name;
  if (typeof name !== 'string' || name === '') fail('Component', 'metadata.name is required');
  if (doc.spec?.type !== 'pubsub.kafka') fail(`Component ${name}`, `type ${JSON.stringify(doc.spec?.type)} is not pubsub.kafka`);
  const metadata = {};
  for (const entry of doc.spec.metadata ?? []) {
    if (entry.secretKeyRef !== undefined) {
      // The stand-in has no secret store; secrets only matter for authenticated brokers.
      metadata[entry.name] = { secretKeyRef: entry.secretKeyRef };
    } else metadata[entry.name] = String(entry.value);
  }
  return { name, metadata, scopes: doc.scopes };
}

/** Component settings the stand-in honours, with Dapr's defaults. */
function componentSettings(component, appId) {
  const m = component.metadata ?? {};
  const authType = m.authType ?? 'none';
  if (!SUPPORTED_AUTH.includes(authType)) {
    fail(`Component ${component.name}`, `authType ${JSON.stringify(authType)} is not supported by the stand-in (only "none")`);
  }
  const initialOffset = m.initialOffset ?? 'newest';
  if (!['newest', 'oldest'].includes(initialOffset)) fail(`Component ${component.name}`, 'initialOffset must be newest or oldest');
  const maxMessageBytes = Number(m.maxMessageBytes ?? 1024 * 1024);
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1) fail(`Component ${component.name}`, 'maxMessageBytes must be a positive integer');
  return {
    name: component.name,
    brokers: typeof m.brokers === 'string' ? m.brokers.split(',').map((b) => b.trim()).filter(Boolean) : undefined,
    consumerGroup: m.consumerGroup ?? appId,
    clientId: m.clientID ?? m.clientId ?? appId,
    initialOffset,
    maxMessageBytes,
    allowedTopics: typeof m.allowedTopics === 'string' ? m.allowedTopics.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
  };
}

module.exports = {
  parseManifests,
  normalizeSubscription,
  declarativeSubscriptions,
  programmaticSubscriptions,
  kafkaComponent,
  componentSettings,
};
