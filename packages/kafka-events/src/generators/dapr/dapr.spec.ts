import * as path from 'node:path';
import { addProjectConfiguration, logger, writeJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { notPrettierClean } from '../testing/prettier-check';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { daprGenerator } from './dapr';
import { API, API_ROOT, python, pythonWorkspace, TASKS } from '../python/testing';
import type { DaprGeneratorSchema } from './schema';

// The runtime's subscription builder: the generated Subscription must agree with it.
// Loaded by path (jest compiles it): a type import would put the runtime under this rootDir.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { daprSubscriptions } = require(
  path.resolve(__dirname, '../../../../runtime/src/dapr/subscriptions.ts'),
) as {
  daprSubscriptions(domain: object): Record<string, unknown>[];
};

const APP = 'notification-service';
const OTHER = 'billing';
const SHARED = 'dapr/components/kafka-pubsub.yaml';
const OWN = `apps/${APP}/dapr/components/kafka-pubsub.yaml`;
const RESILIENCY = `apps/${APP}/dapr/resiliency.yaml`;

function addApp(tree: Tree, name: string): void {
  addProjectConfiguration(tree, name, {
    root: `apps/${name}`,
    sourceRoot: `apps/${name}/src`,
    projectType: 'application',
    targets: {},
  });
}

async function workspace(style: 'ts-solution' | 'integrated'): Promise<Tree> {
  const tree = style === 'ts-solution' ? createTsSolutionWorkspace() : createIntegratedWorkspace();
  for (const name of ['tasks', 'reminders']) {
    await domainGenerator(tree, { name, skipFormat: true } as DomainGeneratorSchema);
  }
  addApp(tree, APP);
  addApp(tree, OTHER);
  addProjectConfiguration(tree, 'shared-utils', {
    root: 'libs/shared-utils',
    projectType: 'library',
    targets: {},
  });
  return tree;
}

const run = (tree: Tree, options: Partial<DaprGeneratorSchema> = {}) =>
  daprGenerator(tree, {
    project: APP,
    domains: 'tasks,reminders',
    skipFormat: true,
    ...options,
  } as DaprGeneratorSchema);

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8')!;
const metadataOf = (component: { spec: { metadata: { name: string; value?: string }[] } }) =>
  Object.fromEntries(component.spec.metadata.map((m) => [m.name, m.value]));

const NOT_IGNORED = 'node_modules is managed by the package manager';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Runs the generator, expecting it to refuse with `message` and to leave the tree as it was. */
async function expectRefused(
  tree: Tree,
  options: Partial<DaprGeneratorSchema>,
  message: RegExp,
): Promise<void> {
  const before = changedFiles(tree);
  await expect(run(tree, options)).rejects.toThrow(message);
  expect(changedFiles(tree)).toEqual(before);
}

/** Files the run wrote or deleted (path -> text, null when deleted). */
async function writtenBy(
  tree: Tree,
  options: Partial<DaprGeneratorSchema> = {},
): Promise<Record<string, string | null>> {
  const before = changedFiles(tree);
  await run(tree, options);
  const after = changedFiles(tree);
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries(
    [...paths]
      .filter((f) => before[f] !== after[f])
      .sort()
      .map((f) => [f, after[f] ?? null]),
  );
}
const TASK_TYPES = ['task.created.v1', 'task.updated.v1', 'task.completed.v1', 'task.deleted.v1'];
const REMINDER_TYPES = [
  'reminder.scheduled.v1',
  'reminder.due.v1',
  'reminder.sent.v1',
  'reminder.failed.v1',
];

// Fields docs.dapr.io documents for these resources (and only those).
const CREDENTIALS = new Set([
  'saslUsername',
  'saslPassword',
  'caCert',
  'clientCert',
  'clientKey',
  'oidcTokenEndpoint',
  'oidcClientID',
  'oidcClientSecret',
]);
const COMPONENT_METADATA = new Set([
  ...['brokers', 'authType', 'consumerGroup', 'clientID', 'initialOffset', 'maxMessageBytes'],
  'saslMechanism',
  ...CREDENTIALS,
]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML manifest
function assertDocumentedComponent(doc: Record<string, any>): void {
  expect(Object.keys(doc).sort()).toEqual(
    expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']),
  );
  expect(
    Object.keys(doc).every((k) =>
      ['apiVersion', 'kind', 'metadata', 'spec', 'scopes', 'auth'].includes(k),
    ),
  ).toBe(true);
  expect(doc).toMatchObject({
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    spec: { type: 'pubsub.kafka', version: 'v1' },
  });
  expect(doc['metadata'].name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  for (const entry of doc['spec'].metadata) {
    expect(COMPONENT_METADATA.has(entry.name)).toBe(true);
    const keys = Object.keys(entry).sort();
    if (CREDENTIALS.has(entry.name)) {
      // never a plain value for a credential
      expect(keys).toEqual(['name', 'secretKeyRef']);
      expect(Object.keys(entry.secretKeyRef).sort()).toEqual(['key', 'name']);
    } else {
      expect(keys).toEqual(['name', 'value']);
      expect(typeof entry.value).toBe('string');
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML manifest
function assertDocumentedSubscription(doc: Record<string, any>): void {
  expect(Object.keys(doc).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'scopes', 'spec']);
  expect(doc).toMatchObject({ apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription' });
  expect(doc['metadata'].name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  expect(Object.keys(doc['spec']).sort()).toEqual([
    'deadLetterTopic',
    'pubsubname',
    'routes',
    'topic',
  ]);
  expect(Object.keys(doc['spec'].routes).sort()).toEqual(['default', 'rules']);
  for (const rule of doc['spec'].routes.rules) {
    expect(Object.keys(rule).sort()).toEqual(['match', 'path']);
    expect(rule.path).toMatch(/^\//);
  }
}

// What the generator writes for app notifier consuming tasks with every default: the contract the
// real-daprd tests load. Pinned as text so a change to it is a deliberate one.
const NOTIFIER_COMPONENT = `# Written by \`nx g kafka-events:dapr\`; re-running the generator rewrites this file.
# The Component every app in scopes shares: daprd puts each app's id in place of {appID}, so each
# app consumes in a Kafka consumer group of its own, named after its Dapr app id.
# Credentials come from secretKeyRef only; never put them here.
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: kafka-pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - name: brokers
      value: localhost:9092
    - name: authType
      value: none
    - name: consumerGroup
      value: '{appID}'
    - name: clientID
      value: '{appID}'
    - name: initialOffset
      value: oldest
    - name: maxMessageBytes
      value: '1048576'
scopes:
  - notifier
`;
const NOTIFIER_RESILIENCY = `# Written by \`nx g kafka-events:dapr\`; re-running the generator rewrites this file.
# How daprd redelivers an event to notifier whose handler threw (the runtime answered RETRY): up to
# 5 retries, exponential back-off up to 10s. Then the event goes to the deadLetterTopic of its
# Subscription. Without a retry policy daprd would dead-letter it at the first failure.
apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata:
  name: notifier-resiliency
spec:
  policies:
    retries:
      pubsubRetry:
        policy: exponential
        maxInterval: 10s
        maxRetries: 5
  targets:
    components:
      kafka-pubsub:
        inbound:
          retry: pubsubRetry
scopes:
  - notifier
`;
const NOTIFIER_SUBSCRIPTION = `# Written by \`nx g kafka-events:dapr\`; re-running the generator rewrites this file.
# Events of the tasks domain (@wsapps/tasks-events) for notifier.
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: notifier-task-events
spec:
  pubsubname: kafka-pubsub
  topic: task-events
  routes:
    rules:
${TASK_TYPES.map((t) => `      - match: event.type == "${t}"\n        path: /events/task-events/${t}\n`).join('')}    default: /events/task-events
  deadLetterTopic: task-events.dlq
scopes:
  - notifier
`;
const RETRY_SENTENCE =
  'Throwing (the runtime answers RETRY) has daprd redeliver the event as dapr/resiliency.yaml says ' +
  "(up to 5 retries, exponential back-off up to 10s), then it goes to task-events.dlq; return 'DROP' " +
  'to dead-letter it at once.';

describe('dapr generator output for app notifier consuming tasks', () => {
  it('is exactly the Component, Subscription, Resiliency and routes comments the daprd tests load', async () => {
    const tree = createIntegratedWorkspace();
    await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
    addApp(tree, 'notifier');
    await daprGenerator(tree, { project: 'notifier', domains: 'tasks' } as DaprGeneratorSchema);
    expect(read(tree, SHARED)).toBe(NOTIFIER_COMPONENT);
    expect(read(tree, 'apps/notifier/dapr/subscriptions/task-events.yaml')).toBe(
      NOTIFIER_SUBSCRIPTION,
    );
    expect(read(tree, 'apps/notifier/dapr/resiliency.yaml')).toBe(NOTIFIER_RESILIENCY);
    const routes = read(tree, 'apps/notifier/src/dapr/tasks.routes.ts');
    const comments = (prefix: string) =>
      routes
        .split('\n')
        .filter((l) => l.startsWith(prefix))
        .map((l) => l.slice(prefix.length))
        .join(' ');
    expect(comments('      // ')).toContain(
      `TODO: handle task.created.v1; _event.payload is typed. ${RETRY_SENTENCE}`,
    );
    expect(comments(' * ')).toContain(
      `Invalid events and unknown types are answered DROP (they go to task-events.dlq at once). In a handler, t${RETRY_SENTENCE.slice(1)}`,
    );
    expect(routes).not.toMatch(/Throw to have Dapr redeliver|a handler that throws RETRY/);
  });
});

describe.each(['ts-solution', 'integrated'] as const)(
  'dapr generator in a %s workspace',
  (style) => {
    let tree: Tree;
    beforeEach(async () => {
      tree = await workspace(style);
    });

    it('writes the shared Component, the Resiliency, one Subscription per domain and a typed routes module per domain', async () => {
      const written = await writtenBy(tree);
      expect(Object.keys(written)).toEqual([
        `apps/${APP}/dapr/resiliency.yaml`,
        `apps/${APP}/dapr/subscriptions/reminder-events.yaml`,
        `apps/${APP}/dapr/subscriptions/task-events.yaml`,
        `apps/${APP}/src/dapr/reminders.routes.ts`,
        `apps/${APP}/src/dapr/tasks.routes.ts`,
        SHARED,
      ]);

      const component = parse(read(tree, SHARED));
      assertDocumentedComponent(component);
      expect(component.spec.metadata).toEqual([
        { name: 'brokers', value: 'localhost:9092' },
        { name: 'authType', value: 'none' },
        { name: 'consumerGroup', value: '{appID}' },
        { name: 'clientID', value: '{appID}' },
        { name: 'initialOffset', value: 'oldest' },
        { name: 'maxMessageBytes', value: '1048576' },
      ]);
      expect(component.scopes).toEqual([APP]);

      const subscription = parse(read(tree, `apps/${APP}/dapr/subscriptions/task-events.yaml`));
      assertDocumentedSubscription(subscription);
      expect(subscription).toEqual({
        apiVersion: 'dapr.io/v2alpha1',
        kind: 'Subscription',
        metadata: { name: `${APP}-task-events` },
        spec: {
          pubsubname: 'kafka-pubsub',
          topic: 'task-events',
          routes: {
            rules: TASK_TYPES.map((type) => ({
              match: `event.type == "${type}"`,
              path: `/events/task-events/${type}`,
            })),
            default: '/events/task-events',
          },
          deadLetterTopic: 'task-events.dlq',
        },
        scopes: [APP],
      });
      assertDocumentedSubscription(
        parse(read(tree, `apps/${APP}/dapr/subscriptions/reminder-events.yaml`)),
      );

      expect(parse(read(tree, RESILIENCY))).toEqual({
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Resiliency',
        metadata: { name: `${APP}-resiliency` },
        spec: {
          policies: {
            retries: { pubsubRetry: { policy: 'exponential', maxInterval: '10s', maxRetries: 5 } },
          },
          targets: { components: { 'kafka-pubsub': { inbound: { retry: 'pubsubRetry' } } } },
        },
        scopes: [APP],
      });

      const routes = read(tree, `apps/${APP}/src/dapr/tasks.routes.ts`);
      const importPath = style === 'ts-solution' ? '@wsts/tasks-events' : '@wsapps/tasks-events';
      expect(routes).toContain(`import { tasksDomain } from '${importPath}';`);
      expect(routes).toContain("import { createDaprHandler } from '@kafka-events/runtime';");
      expect(routes).toContain('export const tasksHandler = createDaprHandler(tasksDomain, {');
      expect(routes).toContain(
        ` * dapr/subscriptions/task-events.yaml routes each event type to its path;`,
      );
      for (const type of TASK_TYPES) expect(routes).toContain(`'${type}': async (_event) => {`);
      expect(read(tree, `apps/${APP}/src/dapr/reminders.routes.ts`)).toContain(
        `'${REMINDER_TYPES[0]}': async (_event) => {`,
      );
    });

    it('writes Subscriptions whose routes are those the runtime handler serves', async () => {
      await run(tree);
      const subscription = parse(read(tree, `apps/${APP}/dapr/subscriptions/task-events.yaml`));
      const domain = {
        domain: 'tasks',
        topic: 'task-events',
        eventTypes: TASK_TYPES,
        definition: (t: string) => (TASK_TYPES.includes(t) ? {} : undefined),
      };
      const [runtime] = daprSubscriptions(domain);
      expect(subscription.spec).toEqual(runtime);
    });

    it('shares one Component between apps: the second app joins its scopes and nothing else changes', async () => {
      await run(tree);
      const first = read(tree, SHARED);
      const appFiles = Object.fromEntries(
        Object.entries(changedFiles(tree)).filter(([f]) => f.startsWith(`apps/${APP}/`)),
      );

      const written = await writtenBy(tree, { project: OTHER, domains: 'tasks' });
      expect(Object.keys(written)).toEqual([
        `apps/${OTHER}/dapr/resiliency.yaml`,
        `apps/${OTHER}/dapr/subscriptions/task-events.yaml`,
        `apps/${OTHER}/src/dapr/tasks.routes.ts`,
        SHARED,
      ]);
      expect(read(tree, SHARED)).toBe(
        first.replace(`scopes:\n  - ${APP}\n`, `scopes:\n  - ${OTHER}\n  - ${APP}\n`),
      );
      const component = parse(read(tree, SHARED));
      expect(component.scopes).toEqual([OTHER, APP]);
      expect(metadataOf(component)).toMatchObject({
        consumerGroup: '{appID}',
        clientID: '{appID}',
      });
      // the first app's files are as they were
      expect(
        Object.fromEntries(
          Object.entries(changedFiles(tree)).filter(([f]) => f.startsWith(`apps/${APP}/`)),
        ),
      ).toEqual(appFiles);
      // each app has its own Resiliency and Subscription, scoped to it
      expect(parse(read(tree, `apps/${OTHER}/dapr/resiliency.yaml`))).toMatchObject({
        metadata: { name: `${OTHER}-resiliency` },
        scopes: [OTHER],
      });
      expect(parse(read(tree, `apps/${OTHER}/dapr/subscriptions/task-events.yaml`))).toMatchObject({
        metadata: { name: `${OTHER}-task-events` },
        scopes: [OTHER],
      });
    });

    it('writes the shared Component where --componentsDirectory says', async () => {
      await run(tree, { componentsDirectory: './deploy/dapr/', pubsubName: 'events' });
      expect(parse(read(tree, 'deploy/dapr/events.yaml'))).toMatchObject({
        metadata: { name: 'events' },
        scopes: [APP],
      });
      expect(tree.exists(SHARED)).toBe(false);
      expect(parse(read(tree, RESILIENCY)).spec.targets).toEqual({
        components: { events: { inbound: { retry: 'pubsubRetry' } } },
      });
    });

    it('gives an app with --consumerGroup its own Component and takes it out of the shared one', async () => {
      await run(tree);
      await run(tree, { project: OTHER, domains: 'tasks' });
      const shared = parse(read(tree, SHARED));

      const written = await writtenBy(tree, { consumerGroup: 'notifications-v2' });
      expect(Object.keys(written)).toEqual([OWN, SHARED]);
      const own = parse(read(tree, OWN));
      assertDocumentedComponent(own);
      expect(own.scopes).toEqual([APP]);
      expect(metadataOf(own)).toMatchObject({ consumerGroup: 'notifications-v2', clientID: APP });
      expect(read(tree, OWN)).toMatch(
        /Two Components with one\n# name cannot share a Kubernetes namespace: .*\n# Component, give this app a different --pubsubName\./,
      );
      // the shared Component keeps everything but this app
      expect(parse(read(tree, SHARED))).toEqual({ ...shared, scopes: [OTHER] });

      // --clientId alone is enough; the last app leaving deletes the shared Component (empty
      // scopes would hand it to every app of the namespace)
      await run(tree, { project: OTHER, domains: 'tasks', clientId: 'billing-client' });
      expect(tree.exists(SHARED)).toBe(false);
      expect(
        metadataOf(parse(read(tree, `apps/${OTHER}/dapr/components/kafka-pubsub.yaml`))),
      ).toMatchObject({ consumerGroup: OTHER, clientID: 'billing-client' });
    });

    it('moves an app from its 0.2.0 Component of its own to the shared one, deleting the old file', async () => {
      await run(tree, { consumerGroup: APP });
      expect(tree.exists(OWN)).toBe(true);
      const written = await writtenBy(tree);
      expect(written).toMatchObject({ [OWN]: null });
      expect(parse(read(tree, SHARED)).scopes).toEqual([APP]);
    });

    it('leaves a Component it did not write in the app folder, with a warning', async () => {
      tree.write(
        OWN,
        'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: kafka-pubsub\n',
      );
      const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      try {
        await run(tree);
        expect(warn).toHaveBeenCalledWith(
          expect.stringContaining(`${OWN} also defines a Component`),
        );
      } finally {
        warn.mockRestore();
      }
      expect(read(tree, OWN)).toContain('name: kafka-pubsub');
    });

    it('references credentials only through secretKeyRef', async () => {
      await run(tree, {
        authType: 'password',
        secretName: 'kafka-creds',
        secretStore: 'vault',
        brokers: 'kafka-0:9093,kafka-1:9093',
      });
      const component = parse(read(tree, SHARED));
      assertDocumentedComponent(component);
      expect(component.auth).toEqual({ secretStore: 'vault' });
      expect(component.spec.metadata).toEqual(
        expect.arrayContaining([
          { name: 'brokers', value: 'kafka-0:9093,kafka-1:9093' },
          { name: 'authType', value: 'password' },
          { name: 'saslUsername', secretKeyRef: { name: 'kafka-creds', key: 'saslUsername' } },
          { name: 'saslPassword', secretKeyRef: { name: 'kafka-creds', key: 'saslPassword' } },
        ]),
      );
      for (const authType of ['mtls', 'oidc'] as const) {
        await run(tree, { authType, pubsubName: `kafka-${authType}` });
        assertDocumentedComponent(parse(read(tree, `dapr/components/kafka-${authType}.yaml`)));
      }
    });

    it.each([
      [
        'other brokers',
        { brokers: 'kafka:9092' },
        /Invalid --brokers "kafka:9092": the shared Component dapr\/components\/kafka-pubsub\.yaml has brokers "localhost:9092"/,
      ],
      [
        'another auth type',
        { authType: 'mtls' as const },
        /Invalid --authType "mtls": the shared Component dapr\/components\/kafka-pubsub\.yaml has authType "none"/,
      ],
      [
        'another initial offset',
        { initialOffset: 'newest' as const },
        /Invalid --initialOffset "newest": .* has initialOffset "oldest"/,
      ],
      [
        'another message size',
        { maxMessageBytes: 2048 },
        /Invalid --maxMessageBytes 2048: .* has maxMessageBytes "1048576"/,
      ],
    ])(
      'refuses to join the shared Component with %s, writing nothing',
      async (_what, options, message) => {
        await run(tree);
        await expectRefused(tree, { project: OTHER, domains: 'tasks', ...options }, message);
      },
    );

    it('refuses a shared Component with another secret or secret store, or edited by hand', async () => {
      await run(tree, { authType: 'password', secretStore: 'vault' });
      const other = { project: OTHER, domains: 'tasks', authType: 'password' as const };
      await expectRefused(
        tree,
        { ...other, secretStore: 'vault', secretName: 'other' },
        /Invalid --secretName "other": .* has saslUsername from secret "kafka-secrets"/,
      );
      await expectRefused(
        tree,
        other,
        /Invalid --secretStore "\(default\)": .* has secret store "vault"/,
      );
      tree.write(SHARED, read(tree, SHARED).replace('scopes:', 'spec2: {}\nscopes:'));
      await expectRefused(
        tree,
        { ...other, secretStore: 'vault' },
        /Invalid --pubsubName "kafka-pubsub": .* has resource fields/,
      );
      // a consumer group written in by hand is not the {appID} template any more
      tree.write(
        SHARED,
        read(tree, SHARED).replace('spec2: {}\n', '').replace("'{appID}'", 'fixed'),
      );
      await expectRefused(
        tree,
        { ...other, secretStore: 'vault' },
        /Invalid --consumerGroup "\{appID\}": .* has consumerGroup "fixed"/,
      );
    });

    it('refuses a shared Component file it did not write, or one that does not parse, writing nothing', async () => {
      tree.write(
        SHARED,
        'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: kafka-pubsub\n',
      );
      await expectRefused(
        tree,
        {},
        /Invalid --pubsubName "kafka-pubsub": dapr\/components\/kafka-pubsub\.yaml exists and was not written by `nx g kafka-events:dapr`/,
      );
      tree.write(
        SHARED,
        '# Written by `nx g kafka-events:dapr`; re-running the generator rewrites this file.\nscopes: [a\n',
      );
      await expectRefused(
        tree,
        {},
        /Invalid --componentsDirectory "dapr\/components\/kafka-pubsub\.yaml": is not valid YAML/,
      );
    });

    it.each([
      [
        'a constant policy',
        { retryPolicy: 'constant' as const },
        { policy: 'constant', duration: '1s', maxRetries: 5 },
      ],
      [
        'a constant policy with its interval',
        { retryPolicy: 'constant' as const, retryDuration: '1m30s', retryMaxRetries: 3 },
        { policy: 'constant', duration: '1m30s', maxRetries: 3 },
      ],
      [
        'an exponential cap',
        { retryMaxInterval: '500ms' },
        { policy: 'exponential', maxInterval: '500ms', maxRetries: 5 },
      ],
      [
        'no retries',
        { retryMaxRetries: 0 },
        { policy: 'exponential', maxInterval: '10s', maxRetries: 0 },
      ],
      [
        'the most retries',
        { retryMaxRetries: 100, retryPolicy: 'exponential' as const },
        { policy: 'exponential', maxInterval: '10s', maxRetries: 100 },
      ],
    ])('writes the Resiliency with %s', async (_what, options, policy) => {
      await run(tree, options);
      const resiliency = parse(read(tree, RESILIENCY));
      expect(resiliency.spec.policies.retries).toEqual({ pubsubRetry: policy });
      expect(resiliency.spec.targets).toEqual({
        components: { 'kafka-pubsub': { inbound: { retry: 'pubsubRetry' } } },
      });
      // the routes modules say what the policy does
      const policyWords =
        policy.maxRetries === 0 ? 'no retries' : `up to ${policy.maxRetries} retries`;
      expect(
        read(tree, `apps/${APP}/src/dapr/tasks.routes.ts`).replace(/\n\s*\/\/ /g, ' '),
      ).toContain(`dapr/resiliency.yaml says (${policyWords}`);
    });

    it('names the Resiliency after a long app id within 63 characters', async () => {
      const appId = `a${'b'.repeat(61)}c`;
      await run(tree, { appId });
      const name = parse(read(tree, RESILIENCY)).metadata.name;
      expect(name).toBe(`a${'b'.repeat(51)}-resiliency`);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    });

    it('changes nothing when re-run, and never replaces a routes module the app filled in', async () => {
      await run(tree);
      await run(tree, { project: OTHER, domains: 'reminders', retryPolicy: 'constant' });
      const routesFile = `apps/${APP}/src/dapr/tasks.routes.ts`;
      tree.write(routesFile, `${read(tree, routesFile)}\n// filled in by the app\n`);
      const first = changedFiles(tree);
      await run(tree);
      await run(tree, { project: OTHER, domains: 'reminders', retryPolicy: 'constant' });
      expect(changedFiles(tree)).toEqual(first);
    });

    it('writes formatter-clean files', async () => {
      await run(tree, { authType: 'password', secretStore: 'vault' });
      await run(tree, {
        project: OTHER,
        domains: 'tasks',
        consumerGroup: 'billing-v2',
        retryPolicy: 'constant',
        retryDuration: '250ms',
      });
      const files = Object.fromEntries(
        Object.entries(changedFiles(tree)).filter(
          ([f, text]) => /^(apps|dapr)\//.test(f) && text !== null,
        ),
      ) as Record<string, string>;
      expect(Object.keys(files)).toContain(SHARED);
      expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
    });

    it.each<[string, Partial<DaprGeneratorSchema>, RegExp]>([
      [
        'an unknown project',
        { project: 'nope' },
        /Invalid --project "nope": no such project in this workspace; apps: billing, notification-service/,
      ],
      ['a library', { project: 'shared-utils' }, /--project "shared-utils": is a library/],
      ['an event library', { project: 'tasks-events' }, /--project "tasks-events": is a library/],
      ['no domains', { domains: ' ' }, /--domains .*lists no domain/],
      [
        'an unknown domain',
        { domains: 'tasks,orders' },
        /--domains "orders": no event library for this domain \(known: reminders, tasks\); create it with "nx g kafka-events:domain orders"/,
      ],
      ['a domain twice', { domains: 'tasks,tasks' }, /"tasks" is listed twice/],
      [
        'a bad pubsub name',
        { pubsubName: 'Kafka_PubSub' },
        /--pubsubName "Kafka_PubSub": must be lowercase/,
      ],
      ['a bad app id', { appId: 'Task_Service' }, /--appId "Task_Service": must be lowercase/],
      [
        'a bad broker list',
        { brokers: 'kafka' },
        /--brokers "kafka": each broker must be host:port/,
      ],
      [
        'an unknown auth type',
        { authType: 'plain' as never },
        /--authType "plain": must be one of none, password, mtls, oidc/,
      ],
      [
        'a bad message size',
        { maxMessageBytes: 0 },
        /--maxMessageBytes 0: must be a positive whole number/,
      ],
      [
        'a bad consumer group',
        { consumerGroup: 'my group' },
        /--consumerGroup "my group": may only contain/,
      ],
      ...(
        [
          ['manifestsDirectory', '../dapr', 'must stay inside the app'],
          ['manifestsDirectory', 'node_modules/dapr', NOT_IGNORED],
          ['componentsDirectory', '../dapr', 'must stay inside the workspace'],
          ['componentsDirectory', '/etc/dapr', 'must be relative to the workspace root'],
          ['componentsDirectory', 'node_modules/x', NOT_IGNORED],
          ['componentsDirectory', 'dapr/.git', '.git is git’s own database'],
        ] as const
      ).map(([option, value, rule]): [string, Partial<DaprGeneratorSchema>, RegExp] => [
        `--${option} ${value}`,
        { [option]: value },
        new RegExp(escapeRegExp(`Invalid --${option} "${value}": ${rule}`)),
      ]),
      [
        'an unknown retry policy',
        { retryPolicy: 'linear' as never },
        /--retryPolicy "linear": must be one of exponential, constant/,
      ],
      [
        'unbounded retries',
        { retryMaxRetries: -1 },
        /--retryMaxRetries -1: must be a whole number from 0 to 100/,
      ],
      [
        'too many retries',
        { retryMaxRetries: 101 },
        /--retryMaxRetries 101: must be a whole number from 0 to 100/,
      ],
      [
        'a fraction of a retry',
        { retryMaxRetries: 2.5 },
        /--retryMaxRetries 2.5: must be a whole number/,
      ],
      [
        'a duration without unit',
        { retryPolicy: 'constant' as const, retryDuration: '5' },
        /--retryDuration "5": must be a Go duration such as "500ms", "1s" or "1m30s"/,
      ],
      [
        'a duration with a space',
        { retryPolicy: 'constant' as const, retryDuration: '1 s' },
        /--retryDuration "1 s": must be a Go duration/,
      ],
      [
        'a zero duration',
        { retryPolicy: 'constant' as const, retryDuration: '0s' },
        /--retryDuration "0s": must be longer than zero/,
      ],
      [
        'a bad cap',
        { retryMaxInterval: '10 seconds' },
        /--retryMaxInterval "10 seconds": must be a Go duration/,
      ],
      [
        'a negative cap',
        { retryMaxInterval: '-1s' },
        /--retryMaxInterval "-1s": must be a Go duration/,
      ],
      [
        'an interval for the exponential policy',
        { retryDuration: '2s' },
        /--retryDuration "2s": sets the interval of the constant policy; add --retryPolicy constant/,
      ],
      [
        'a cap for the constant policy',
        { retryPolicy: 'constant' as const, retryMaxInterval: '2s' },
        /--retryMaxInterval "2s": caps the interval of the exponential policy/,
      ],
    ])('refuses %s and writes nothing', async (_what, options, message) => {
      await expectRefused(tree, options, message);
    });

    it('refuses a bad option on a re-run and leaves the earlier output as it was', async () => {
      await run(tree);
      await expectRefused(tree, { retryMaxRetries: -1 }, /--retryMaxRetries -1/);
      await expectRefused(
        tree,
        { project: OTHER, domains: 'tasks', brokers: 'kafka:9092' },
        /--brokers "kafka:9092"/,
      );
    });

    it('derives the Dapr app id from an npm-scoped project name', async () => {
      addProjectConfiguration(tree, '@acme/task-service', {
        root: 'apps/task-service',
        sourceRoot: 'apps/task-service/src',
        projectType: 'application',
        targets: {},
      });
      await run(tree, { project: '@acme/task-service', domains: 'tasks' });
      expect(parse(read(tree, SHARED)).scopes).toEqual(['task-service']);
      const subscription = parse(
        read(tree, 'apps/task-service/dapr/subscriptions/task-events.yaml'),
      );
      expect(subscription.scopes).toEqual(['task-service']);
      expect(subscription.metadata.name).toBe('task-service-task-events');
      expect(parse(read(tree, 'apps/task-service/dapr/resiliency.yaml'))).toMatchObject({
        metadata: { name: 'task-service-resiliency' },
        scopes: ['task-service'],
      });
      // with its own Component, the Kafka ids default to the app id
      await run(tree, {
        project: '@acme/task-service',
        domains: 'tasks',
        consumerGroup: 'tasks-group',
      });
      const own = parse(read(tree, 'apps/task-service/dapr/components/kafka-pubsub.yaml'));
      expect(own.scopes).toEqual(['task-service']);
      expect(metadataOf(own)).toMatchObject({
        consumerGroup: 'tasks-group',
        clientID: 'task-service',
      });
    });

    it('refuses two domains on one topic', async () => {
      const config = `${style === 'ts-solution' ? 'packages' : 'libs'}/reminders-events/kafka-events.json`;
      const json = JSON.parse(read(tree, config));
      writeJson(tree, config, { ...json, topic: 'task-events' });
      await expect(run(tree)).rejects.toThrow(/both publish on topic "task-events"/);
    });
  },
);

it('writes the manifests of a workspace-root app under its manifests folder, apart from the shared Component', async () => {
  const tree = createIntegratedWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  addProjectConfiguration(tree, 'solo', {
    root: '.',
    sourceRoot: 'src',
    projectType: 'application',
    targets: {},
  });
  await daprGenerator(tree, {
    project: 'solo',
    domains: 'tasks',
    manifestsDirectory: 'deploy',
    skipFormat: true,
  } as DaprGeneratorSchema);
  expect(parse(read(tree, SHARED)).scopes).toEqual(['solo']);
  expect(tree.exists('deploy/resiliency.yaml')).toBe(true);
  expect(read(tree, 'src/dapr/tasks.routes.ts')).toContain(
    ' * deploy/subscriptions/task-events.yaml routes each event type',
  );
  // with the default folder its own Component would be the shared file: it is written once, its own
  await daprGenerator(tree, {
    project: 'solo',
    domains: 'tasks',
    consumerGroup: 'solo-v2',
    manifestsDirectory: 'dapr',
    skipFormat: true,
  } as DaprGeneratorSchema);
  expect(parse(read(tree, SHARED))).toMatchObject({ scopes: ['solo'] });
  expect(metadataOf(parse(read(tree, SHARED)))).toMatchObject({ consumerGroup: 'solo-v2' });
});

it('writes only the manifests for a Python app, naming the module that serves its routes', async () => {
  const tree = await pythonWorkspace(['tasks']);
  const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  try {
    const before = changedFiles(tree);
    await daprGenerator(tree, { project: API, domains: 'tasks', skipFormat: true });
    const written = Object.keys(changedFiles(tree)).filter((file) => !(file in before));
    expect(written.sort()).toEqual([
      `${API_ROOT}/dapr/resiliency.yaml`,
      `${API_ROOT}/dapr/subscriptions/task-events.yaml`,
      SHARED,
    ]);
    expect(info).toHaveBeenCalledWith(
      `${API} is a Python project: no TypeScript routes module for tasks; serve POST /events/task-events and /events/task-events/{event_type} with handle_task_delivery, generated by nx g kafka-events:python tasks --project ${API}.`,
    );

    // With the Python module generated, the note names it.
    await python(tree, { project: API });
    const [output] = JSON.parse(read(tree, `${TASKS}/kafka-events.json`)).python;
    info.mockClear();
    await daprGenerator(tree, { project: API, domains: 'tasks', skipFormat: true });
    expect(info).toHaveBeenCalledWith(
      expect.stringContaining(`handle_task_delivery from ${output.output}.`),
    );
  } finally {
    info.mockRestore();
  }
});

it('keeps writing the routes module for a TypeScript app that also has Python files', async () => {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  addApp(tree, APP);
  tree.write(`apps/${APP}/requirements.txt`, 'httpx\n');
  tree.write(`apps/${APP}/tsconfig.json`, '{}\n');
  await daprGenerator(tree, { project: APP, domains: 'tasks', skipFormat: true });
  expect(tree.exists(`apps/${APP}/src/dapr/tasks.routes.ts`)).toBe(true);
});
