/**
 * `kafka-events topics` in a workspace on disk against a real broker with auto-creation disabled
 * (as managed clusters run): kafkajs and the runtime resolve from the workspace as users have
 * them (the runtime as it is now, compiled into the workspace's node_modules).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { runTopics, writeDomainLibrary } from '../topics/testing/topics-cli';

const REPO = resolve(__dirname, '../../../..');

interface Broker {
  readonly bootstrap: string;
  readonly brokers: string[];
  stop(): Promise<void>;
}
// tools/kafka is plain CommonJS outside this package's sources (types: tools/kafka/broker.d.ts)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startBroker } = require(join(REPO, 'tools/kafka/broker.cjs')) as {
  startBroker(options: { autoCreateTopics: boolean }): Promise<Broker>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createTopicsWithLeaders } = require(join(REPO, 'tools/kafka/topics.cjs')) as {
  createTopicsWithLeaders(
    admin: Admin,
    topics: { topic: string; numPartitions: number }[],
  ): Promise<boolean>;
};

jest.setTimeout(180_000);

let broker: Broker;
let admin: Admin;
let workspace: string;

beforeAll(async () => {
  // under the repo's tmp/: the workspace's own node_modules holds the runtime, and kafkajs
  // resolves from the repo's node_modules further up, as a hoisted install would have it
  mkdirSync(join(REPO, 'tmp'), { recursive: true });
  workspace = mkdtempSync(join(REPO, 'tmp', 'topics-cli-'));
  const runtime = join(workspace, 'node_modules', '@kafka-events', 'runtime');
  compileRuntimeInto(runtime);
  broker = await startBroker({ autoCreateTopics: false });
  admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

function compileRuntimeInto(dir: string): void {
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  const config = join(REPO, 'packages/runtime/tsconfig.lib.json');
  // --noCheck: the runtime's types are checked by its own build; this only needs its JavaScript
  execFileSync(process.execPath, [tsc, '-p', config, '--outDir', join(dir, 'dist'), '--noCheck'], {
    stdio: 'pipe',
  });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: '@kafka-events/runtime', main: './dist/index.js' }),
  );
}

const library = (name: string, topics?: unknown) => writeDomainLibrary(workspace, name, { topics });
const topics = runTopics;

const unique = (name: string) => `${name}${Math.random().toString(36).slice(2, 8)}`;

it('reports missing topics (exit 1), --ensure creates them as declared (exit 0), again creates nothing', async () => {
  const [a, b] = [unique('orders'), unique('billing')];
  const roots = [
    library(a, { events: { partitions: 2, retentionMs: 3_600_000 } }),
    library(b, { events: { partitions: 1 }, deadLetter: { partitions: 4 } }),
  ];
  const brokers = ['--brokers', broker.bootstrap];

  const before = await topics(...roots, ...brokers);
  expect(before.code).toBe(1);
  expect(before.stdout).toBe(
    `${a}: ${a}-events: missing\n${a}: ${a}-events.dlq: missing\n` +
      `${b}: ${b}-events: missing\n${b}: ${b}-events.dlq: missing\n` +
      '4 of 4 topics missing or mismatched; `kafka-events topics --ensure` creates missing ones (it never changes existing topics)\n',
  );

  const ensured = await topics(...roots, ...brokers, '--ensure');
  expect(ensured).toEqual({
    code: 0,
    stderr: '',
    stdout:
      `${a}: ${a}-events: created (2 partitions, replication factor 1, retention.ms=3600000)\n` +
      `${a}: ${a}-events.dlq: created (2 partitions, replication factor 1, retention.ms=2592000000)\n` +
      `${b}: ${b}-events: created (1 partition, replication factor 1, retention.ms=604800000)\n` +
      `${b}: ${b}-events.dlq: created (4 partitions, replication factor 1, retention.ms=2592000000)\n` +
      '4 created, 0 existing\n',
  });
  const { topics: created } = await admin.fetchTopicMetadata({
    topics: [`${a}-events`, `${a}-events.dlq`, `${b}-events`, `${b}-events.dlq`],
  });
  expect(Object.fromEntries(created.map((t) => [t.name, t.partitions.length]))).toEqual({
    [`${a}-events`]: 2,
    [`${a}-events.dlq`]: 2,
    [`${b}-events`]: 1,
    [`${b}-events.dlq`]: 4,
  });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 2, name: `${a}-events`, configNames: ['retention.ms'] }],
  });
  expect(resources[0]!.configEntries[0]!.configValue).toBe('3600000');

  const again = await topics(...roots, ...brokers, '--ensure');
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`${a}: ${a}-events: existing\n`);
  expect(again.stdout).toMatch(/\n0 created, 4 existing\n$/);

  const after = await topics(...roots, ...brokers);
  expect(after).toMatchObject({ code: 0, stderr: '' });
  expect(after.stdout).toContain(`${b}: ${b}-events.dlq: ok (4 partitions)\n`);
});

it('without project roots it finds every library below the current folder; --domain picks one', async () => {
  const name = unique('found');
  library(name);
  const cwd = process.cwd();
  process.chdir(workspace);
  try {
    const result = await topics('--domain', name, '--ensure', '--brokers', broker.bootstrap);
    expect(result.stdout).toBe(
      `${name}: ${name}-events: created (3 partitions, replication factor 1, retention.ms=604800000)\n` +
        `${name}: ${name}-events.dlq: created (3 partitions, replication factor 1, retention.ms=2592000000)\n` +
        '2 created, 0 existing\n',
    );
  } finally {
    process.chdir(cwd);
  }
});

it('a topic with another partition count: the report says mismatch (exit 1), --ensure fails (exit 2) creating nothing', async () => {
  const name = unique('resized');
  await createTopicsWithLeaders(admin, [{ topic: `${name}-events`, numPartitions: 1 }]);
  const root = library(name, { events: { partitions: 3 } });

  const report = await topics(root, '--brokers', broker.bootstrap);
  expect(report.code).toBe(1);
  expect(report.stdout).toContain(
    `${name}: ${name}-events: mismatch: has 1 partition, declared 3\n`,
  );

  const ensured = await topics(root, '--brokers', broker.bootstrap, '--ensure');
  expect(ensured.code).toBe(2);
  expect(ensured.stdout).toBe('');
  expect(ensured.stderr).toMatch(
    new RegExp(
      `^kafka-events: could not ensure the topics: topic "${name}-events" has 1 partition, declared 3\\. Existing topics are left as they are[^\\n]*\\n$`,
    ),
  );
  expect(await admin.listTopics()).not.toContain(`${name}-events.dlq`);
});

it('an unreachable cluster: exit 2 with one line naming the brokers', async () => {
  const result = await topics(library(unique('offline')), '--brokers', '127.0.0.1:1', '--ensure');
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^kafka-events: cannot reach Kafka at 127\.0\.0\.1:1: [^\n]+\n$/);
});
