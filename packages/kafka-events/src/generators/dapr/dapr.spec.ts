import * as path from 'node:path';
import { addProjectConfiguration, writeJson, type Tree } from '@nx/devkit';
import { parse, parseAllDocuments } from 'yaml';
import { notPrettierClean } from '../testing/prettier-check';
import { changedFiles, createIntegratedWorkspace, createTsSolutionWorkspace } from '../testing/workspaces';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { daprGenerator } from './dapr';
import type { DaprGeneratorSchema } from './schema';

// The runtime's subscription builder and the stand-in sidecar's manifest reader: the generated
// YAML must agree with the first and load into the second.
// Loaded by path (jest compiles it): a type import would put the runtime under this rootDir.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { daprSubscriptions } = require(path.resolve(__dirname, '../../../../runtime/src/dapr/subscriptions.ts')) as {
  daprSubscriptions(domain: object): Record<string, unknown>[];
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const standIn = require(path.resolve(__dirname, '../../../../../tools/dapr-sidecar/manifests.cjs')) as {
  declarativeSubscriptions(documents: unknown[], appId: string): { topic: string; rules: { match: string; path: string; matches(event: object): boolean }[]; defaultRoute?: string; deadLetterTopic?: string }[];
  kafkaComponent(doc: unknown): { name: string; metadata: Record<string, unknown> };
  componentSettings(component: unknown, appId: string): Record<string, unknown>;
};

const APP = 'notification-service';

async function workspace(style: 'ts-solution' | 'integrated'): Promise<Tree> {
  const tree = style === 'ts-solution' ? createTsSolutionWorkspace() : createIntegratedWorkspace();
  for (const name of ['tasks', 'reminders']) {
    await domainGenerator(tree, { name, skipFormat: true } as DomainGeneratorSchema);
  }
  addProjectConfiguration(tree, APP, { root: `apps/${APP}`, sourceRoot: `apps/${APP}/src`, projectType: 'application', targets: {} });
  addProjectConfiguration(tree, 'shared-utils', { root: 'libs/shared-utils', projectType: 'library', targets: {} });
  return tree;
}

const run = (tree: Tree, options: Partial<DaprGeneratorSchema> = {}) =>
  daprGenerator(tree, { project: APP, domains: 'tasks,reminders', skipFormat: true, ...options } as DaprGeneratorSchema);

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8')!;
const TASK_TYPES = ['task.created.v1', 'task.updated.v1', 'task.completed.v1', 'task.deleted.v1'];
const REMINDER_TYPES = ['reminder.scheduled.v1', 'reminder.due.v1', 'reminder.sent.v1', 'reminder.failed.v1'];

// Fields docs.dapr.io documents for these resources (and only those).
const COMPONENT_METADATA = new Set([
  'brokers', 'authType', 'consumerGroup', 'clientID', 'initialOffset', 'maxMessageBytes', 'saslMechanism',
  'saslUsername', 'saslPassword', 'caCert', 'clientCert', 'clientKey', 'oidcTokenEndpoint', 'oidcClientID', 'oidcClientSecret',
]);
const CREDENTIALS = new Set(['saslUsername', 'saslPassword', 'caCert', 'clientCert', 'clientKey', 'oidcTokenEndpoint', 'oidcClientID', 'oidcClientSecret']);

function assertDocumentedComponent(doc: Record<string, any>): void {
  expect(Object.keys(doc).sort()).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
  expect(Object.keys(doc).every((k) => ['apiVersion', 'kind', 'metadata', 'spec', 'scopes', 'auth'].includes(k))).toBe(true);
  expect(doc).toMatchObject({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', spec: { type: 'pubsub.kafka', version: 'v1' } });
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

function assertDocumentedSubscription(doc: Record<string, any>): void {
  expect(Object.keys(doc).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'scopes', 'spec']);
  expect(doc).toMatchObject({ apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription' });
  expect(doc['metadata'].name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  expect(Object.keys(doc['spec']).sort()).toEqual(['deadLetterTopic', 'pubsubname', 'routes', 'topic']);
  expect(Object.keys(doc['spec'].routes).sort()).toEqual(['default', 'rules']);
  for (const rule of doc['spec'].routes.rules) {
    expect(Object.keys(rule).sort()).toEqual(['match', 'path']);
    expect(rule.path).toMatch(/^\//);
  }
}

describe.each(['ts-solution', 'integrated'] as const)('dapr generator in a %s workspace', (style) => {
  let tree: Tree;
  beforeEach(async () => {
    tree = await workspace(style);
  });

  it('writes the Component, one Subscription per domain and a typed routes module per domain', async () => {
    const before = changedFiles(tree);
    await run(tree);
    const after = changedFiles(tree);
    const written = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(written.sort()).toEqual([
      `apps/${APP}/dapr/components/kafka-pubsub.yaml`,
      `apps/${APP}/dapr/subscriptions/reminder-events.yaml`,
      `apps/${APP}/dapr/subscriptions/task-events.yaml`,
      `apps/${APP}/src/dapr/reminders.routes.ts`,
      `apps/${APP}/src/dapr/tasks.routes.ts`,
    ]);

    const component = parse(read(tree, `apps/${APP}/dapr/components/kafka-pubsub.yaml`));
    assertDocumentedComponent(component);
    expect(component.spec.metadata).toEqual([
      { name: 'brokers', value: 'localhost:9092' },
      { name: 'authType', value: 'none' },
      { name: 'consumerGroup', value: APP },
      { name: 'clientID', value: APP },
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
          rules: TASK_TYPES.map((type) => ({ match: `event.type == "${type}"`, path: `/events/task-events/${type}` })),
          default: '/events/task-events',
        },
        deadLetterTopic: 'task-events.dlq',
      },
      scopes: [APP],
    });
    assertDocumentedSubscription(parse(read(tree, `apps/${APP}/dapr/subscriptions/reminder-events.yaml`)));

    const routes = read(tree, `apps/${APP}/src/dapr/tasks.routes.ts`);
    const importPath = style === 'ts-solution' ? '@wsts/tasks-events' : '@wsapps/tasks-events';
    expect(routes).toContain(`import { tasksDomain } from '${importPath}';`);
    expect(routes).toContain("import { createDaprHandler } from '@kafka-events/runtime';");
    expect(routes).toContain('export const tasksHandler = createDaprHandler(tasksDomain, {');
    for (const type of TASK_TYPES) expect(routes).toContain(`'${type}': async (_event) => {`);
    expect(read(tree, `apps/${APP}/src/dapr/reminders.routes.ts`)).toContain(`'${REMINDER_TYPES[0]}': async (_event) => {`);
  });

  it('writes routes the runtime handler serves and the stand-in sidecar loads', async () => {
    await run(tree);
    const subscription = parse(read(tree, `apps/${APP}/dapr/subscriptions/task-events.yaml`));
    const domain = { domain: 'tasks', topic: 'task-events', eventTypes: TASK_TYPES, definition: (t: string) => (TASK_TYPES.includes(t) ? {} : undefined) };
    const [runtime] = daprSubscriptions(domain);
    expect({ ...subscription.spec, pubsubname: subscription.spec.pubsubname }).toEqual(runtime);

    const docs = [
      ...parseAllDocuments(read(tree, `apps/${APP}/dapr/subscriptions/task-events.yaml`)),
      ...parseAllDocuments(read(tree, `apps/${APP}/dapr/subscriptions/reminder-events.yaml`)),
    ].map((d) => (d as { toJS(): unknown }).toJS());
    const loaded = standIn.declarativeSubscriptions(docs, APP);
    expect(loaded.map((s) => s.topic)).toEqual(['task-events', 'reminder-events']);
    const completed = loaded[0]!.rules.find((r) => r.matches({ type: 'task.completed.v1' }));
    expect(completed?.path).toBe('/events/task-events/task.completed.v1');
    expect(standIn.declarativeSubscriptions(docs, 'another-app')).toEqual([]);
    const component = standIn.kafkaComponent(parse(read(tree, `apps/${APP}/dapr/components/kafka-pubsub.yaml`)));
    expect(standIn.componentSettings(component, APP)).toMatchObject({ name: 'kafka-pubsub', consumerGroup: APP, initialOffset: 'oldest', maxMessageBytes: 1048576 });
  });

  it('references credentials only through secretKeyRef', async () => {
    await run(tree, { authType: 'password', secretName: 'kafka-creds', secretStore: 'vault', brokers: 'kafka-0:9093,kafka-1:9093' });
    const text = read(tree, `apps/${APP}/dapr/components/kafka-pubsub.yaml`);
    const component = parse(text);
    assertDocumentedComponent(component);
    expect(component.auth).toEqual({ secretStore: 'vault' });
    expect(component.spec.metadata).toEqual(expect.arrayContaining([
      { name: 'brokers', value: 'kafka-0:9093,kafka-1:9093' },
      { name: 'authType', value: 'password' },
      { name: 'saslUsername', secretKeyRef: { name: 'kafka-creds', key: 'saslUsername' } },
      { name: 'saslPassword', secretKeyRef: { name: 'kafka-creds', key: 'saslPassword' } },
    ]));
    for (const authType of ['mtls', 'oidc'] as const) {
      await run(tree, { authType });
      assertDocumentedComponent(parse(read(tree, `apps/${APP}/dapr/components/kafka-pubsub.yaml`)));
    }
  });

  it('changes nothing when re-run, and never replaces a routes module the app filled in', async () => {
    await run(tree);
    const routesFile = `apps/${APP}/src/dapr/tasks.routes.ts`;
    tree.write(routesFile, `${read(tree, routesFile)}\n// filled in by the app\n`);
    const first = changedFiles(tree);
    await run(tree);
    expect(changedFiles(tree)).toEqual(first);
  });

  it('writes formatter-clean files', async () => {
    await run(tree);
    const files = Object.fromEntries(
      Object.entries(changedFiles(tree)).filter(([f, text]) => f.startsWith(`apps/${APP}/`) && text !== null),
    ) as Record<string, string>;
    expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
  });

  it.each([
    ['an unknown project', { project: 'nope' }, /Invalid --project "nope": no such project in this workspace; apps: notification-service/],
    ['a library', { project: 'shared-utils' }, /--project "shared-utils": is a library/],
    ['an event library', { project: 'tasks-events' }, /--project "tasks-events": is a library/],
    ['no domains', { domains: ' ' }, /--domains .*lists no domain/],
    ['an unknown domain', { domains: 'tasks,orders' }, /--domains "orders": no event library for this domain \(known: reminders, tasks\); create it with "nx g kafka-events:domain orders"/],
    ['a domain twice', { domains: 'tasks,tasks' }, /"tasks" is listed twice/],
    ['a bad pubsub name', { pubsubName: 'Kafka_PubSub' }, /--pubsubName "Kafka_PubSub": must be lowercase/],
    ['a bad app id', { appId: 'Task_Service' }, /--appId "Task_Service": must be lowercase/],
    ['a bad broker list', { brokers: 'kafka' }, /--brokers "kafka": each broker must be host:port/],
    ['an unknown auth type', { authType: 'plain' as never }, /--authType "plain": must be one of none, password, mtls, oidc/],
    ['a bad message size', { maxMessageBytes: 0 }, /--maxMessageBytes 0: must be a positive whole number/],
    ['a folder outside the app', { manifestsDirectory: '../dapr' }, /--manifestsDirectory "..\/dapr": must be a folder inside the app/],
  ])('refuses %s and writes nothing', async (_what, options, message) => {
    const before = changedFiles(tree);
    await expect(run(tree, options)).rejects.toThrow(message);
    expect(changedFiles(tree)).toEqual(before);
  });

  it('derives the Dapr app id, consumer group and client id from an npm-scoped project name', async () => {
    addProjectConfiguration(tree, '@acme/task-service', {
      root: 'apps/task-service',
      sourceRoot: 'apps/task-service/src',
      projectType: 'application',
      targets: {},
    });
    await run(tree, { project: '@acme/task-service', domains: 'tasks' });
    const component = parse(read(tree, 'apps/task-service/dapr/components/kafka-pubsub.yaml'));
    const metadata = Object.fromEntries(
      component.spec.metadata.map((m: { name: string; value: string }) => [m.name, m.value]),
    );
    expect(component.scopes).toEqual(['task-service']);
    expect(metadata).toMatchObject({ consumerGroup: 'task-service', clientID: 'task-service' });
    const subscription = parse(read(tree, 'apps/task-service/dapr/subscriptions/task-events.yaml'));
    expect(subscription.scopes).toEqual(['task-service']);
    expect(subscription.metadata.name).toBe('task-service-task-events');
  });

  it('refuses two domains on one topic', async () => {
    const config = `${style === 'ts-solution' ? 'packages' : 'libs'}/reminders-events/kafka-events.json`;
    const json = JSON.parse(read(tree, config));
    writeJson(tree, config, { ...json, topic: 'task-events' });
    await expect(run(tree)).rejects.toThrow(/both publish on topic "task-events"/);
  });
});
