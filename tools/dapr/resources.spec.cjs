'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');
const { substituteBrokers, writeResources } = require('./resources.cjs');

const COMPONENT = `# Written by \`nx g kafka-events:dapr\`; re-running the generator rewrites this file.
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: kafka-pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - name: brokers
      value: 'kafka:9092'
    - name: consumerGroup
      value: '{appID}'
scopes:
  - notifier
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.redis
  version: v1
  metadata:
    - name: brokers
      value: 'not-kafka:1'
`;

describe('substituteBrokers', () => {
  it('replaces only the brokers value of pubsub.kafka Components, keeping comments and everything else', () => {
    const out = substituteBrokers(COMPONENT, ['127.0.0.1:39092', '127.0.0.1:39093'], 'c.yaml');
    expect(out).toBe(
      COMPONENT.replace("value: 'kafka:9092'", "value: '127.0.0.1:39092,127.0.0.1:39093'"),
    );
    const [kafka, redis] = parseAllDocuments(out).map((d) => d.toJS());
    expect(kafka.spec.metadata).toEqual([
      { name: 'brokers', value: '127.0.0.1:39092,127.0.0.1:39093' },
      { name: 'consumerGroup', value: '{appID}' },
    ]);
    expect(redis.spec.metadata[0].value).toBe('not-kafka:1');
  });

  it('returns a file without a Kafka component unchanged, byte for byte', () => {
    const subscription =
      'apiVersion: dapr.io/v2alpha1\nkind: Subscription\n# keep me\nspec: {topic: t}\n';
    expect(substituteBrokers(subscription, ['x:1'], 's.yaml')).toBe(subscription);
  });

  it('names the file when it is not YAML or its component has no brokers', () => {
    expect(() => substituteBrokers('a: [unclosed', ['x:1'], 'bad.yaml')).toThrow(
      /bad\.yaml: not valid YAML/,
    );
    const noBrokers = COMPONENT.replace(/    - name: brokers\n      value: 'kafka:9092'\n/, '');
    expect(() => substituteBrokers(noBrokers, ['x:1'], 'c.yaml')).toThrow(
      /c\.yaml: the pubsub\.kafka Component has no brokers metadata/,
    );
  });
});

describe('writeResources', () => {
  it('copies folders recursively and files, numbered so equal names do not collide', () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'dapr-src-'));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dapr-out-'));
    fs.mkdirSync(path.join(src, 'app/subscriptions'), { recursive: true });
    fs.writeFileSync(path.join(src, 'app/subscriptions/task-events.yaml'), 'kind: Subscription\n');
    fs.writeFileSync(path.join(src, 'app/README.md'), 'not a manifest');
    fs.writeFileSync(path.join(src, 'kafka-pubsub.yaml'), COMPONENT);
    const written = writeResources(out, {
      manifestDirs: [path.join(src, 'app')],
      manifestFiles: [path.join(src, 'kafka-pubsub.yaml')],
      manifests: ['kind: Resiliency\n'],
      brokers: ['127.0.0.1:1'],
    });
    expect(written).toEqual([
      '00-kafka-pubsub.yaml',
      '01-task-events.yaml',
      '02-manifests_0_.yaml',
    ]);
    expect(fs.readFileSync(path.join(out, '01-task-events.yaml'), 'utf8')).toBe(
      'kind: Subscription\n',
    );
    expect(fs.readFileSync(path.join(out, '00-kafka-pubsub.yaml'), 'utf8')).toContain(
      "value: '127.0.0.1:1'",
    );
    expect(() => writeResources(out, { manifestDirs: [path.join(src, 'missing')] })).toThrow(
      /does not exist/,
    );
  });
});
