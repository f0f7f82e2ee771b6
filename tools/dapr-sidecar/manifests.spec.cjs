'use strict';
const { componentSettings, declarativeSubscriptions, kafkaComponent, parseManifests, programmaticSubscriptions } = require('./manifests.cjs');

const yaml = `
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: kafka-pubsub}
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - {name: brokers, value: "localhost:9092"}
    - {name: consumerGroup, value: "svc"}
    - {name: initialOffset, value: "oldest"}
    - {name: saslPassword, secretKeyRef: {name: kafka-secrets, key: saslPassword}}
---
apiVersion: dapr.io/v1alpha1
kind: Subscription
metadata: {name: v1-style}
spec: {pubsubname: kafka-pubsub, topic: a, route: /a}
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: v2-style}
spec:
  pubsubname: kafka-pubsub
  topic: b
  routes:
    rules: [{match: 'event.type == "x"', path: /x}]
    default: /b
  deadLetterTopic: b.dlq
scopes: [svc]
`;

describe('manifests', () => {
  it('reads Components and both Subscription versions, honouring scopes', () => {
    const docs = parseManifests(yaml);
    const component = kafkaComponent(docs[0]);
    expect(componentSettings(component, 'svc')).toMatchObject({ name: 'kafka-pubsub', brokers: ['localhost:9092'], consumerGroup: 'svc', clientId: 'svc', initialOffset: 'oldest', maxMessageBytes: 1048576 });
    expect(declarativeSubscriptions(docs, 'svc').map((s) => [s.topic, s.defaultRoute, s.rules.map((r) => r.path), s.deadLetterTopic])).toEqual([
      ['a', '/a', [], undefined],
      ['b', '/b', ['/x'], 'b.dlq'],
    ]);
    expect(declarativeSubscriptions(docs, 'other').map((s) => s.topic)).toEqual(['a']);
  });

  it('names what is wrong in a subscription', () => {
    expect(() => programmaticSubscriptions({})).toThrow(/must return a JSON array/);
    expect(() => programmaticSubscriptions([{ topic: 't', route: '/t' }])).toThrow(/\[0\]: pubsubname is required/);
    expect(() => programmaticSubscriptions([{ pubsubname: 'p', topic: 't' }])).toThrow(/neither a route nor routes/);
    expect(() => programmaticSubscriptions([{ pubsubname: 'p', topic: 't', routes: { rules: [{ match: 'event.type in []', path: '/x' }] } }])).toThrow(/routes.rules\[0\]: CEL/);
    expect(() => programmaticSubscriptions([{ pubsubname: 'p', topic: 't', route: 'relative' }])).toThrow(/must start with "\/"/);
    expect(() => componentSettings({ name: 'k', metadata: { authType: 'password' } }, 'svc')).toThrow(/authType "password" is not supported by the stand-in/);
    expect(() => parseManifests('a: [1', 'broken.yaml')).toThrow(/broken.yaml document 1/);
  });
});
