/**
 * `kafka-events topics` refusing bad input before it talks to any cluster: each case exits 2
 * with one line naming what is wrong. The cluster cases are in topics-command.kafka.spec.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTopics, writeDomainLibrary } from '../topics/testing/topics-cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'topics-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const library = (name: string, extra?: Record<string, unknown>) =>
  writeDomainLibrary(dir, name, extra);
const topics = runTopics;

it('a bad topic setting: exit 2 naming the file and the field, before any cluster is asked', async () => {
  const root = library('tasks', { topics: { events: { partitions: 0 } } });
  const result = await topics(root, '--brokers', '127.0.0.1:9');
  expect(result).toEqual({
    code: 2,
    stdout: '',
    stderr: `kafka-events: ${join(root, 'kafka-events.json')}: "topics.events.partitions" must be a positive integer, got 0\n`,
  });
});

it('no cluster given: exit 2 saying how to give one', async () => {
  const saved = process.env['KAFKA_BROKERS'];
  delete process.env['KAFKA_BROKERS'];
  try {
    const result = await topics(library('tasks'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kafka-events: no Kafka cluster given: pass --brokers host:port or set KAFKA_BROKERS (e.g. KAFKA_BROKERS=localhost:9092)\n',
    );
  } finally {
    if (saved !== undefined) process.env['KAFKA_BROKERS'] = saved;
  }
});

it('a broker that is not host:port: exit 2 naming it', async () => {
  const result = await topics(library('tasks'), '--brokers', 'localhost:9092,kafka');
  expect(result).toMatchObject({
    code: 2,
    stderr: 'kafka-events: broker "kafka" is not host:port\n',
  });
});

it('--domain naming no library: exit 2 listing the domains found', async () => {
  const result = await topics(
    library('tasks'),
    library('billing'),
    '--domain',
    'orders',
    '--brokers',
    'h:1',
  );
  expect(result).toMatchObject({
    code: 2,
    stderr: 'kafka-events: --domain orders: no such domain (found: tasks, billing)\n',
  });
});

it('two libraries declaring one topic: exit 2 naming both', async () => {
  const tasks = library('tasks');
  const copy = library('copy', { topic: 'tasks-events' });
  const result = await topics(tasks, copy, '--brokers', 'h:1');
  expect(result).toMatchObject({
    code: 2,
    stderr: `kafka-events: ${tasks} and ${copy} both declare topic "tasks-events"\n`,
  });
});

it('no kafkajs where the library is: exit 2 saying what to install', async () => {
  // a folder outside any node_modules tree, so nothing resolves
  const root = library('tasks');
  const result = await topics(root, '--brokers', '127.0.0.1:9');
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(
    /^kafka-events: kafka-events topics needs kafkajs in the workspace, but it cannot be loaded from .*libs\/tasks \(Cannot find module 'kafkajs'.*\); install it: npm install kafkajs @kafka-events\/runtime\n$/,
  );
});

it('--help documents the declared settings and their defaults', async () => {
  const result = await topics('--help');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    '"events":     { "partitions": 3, "replicationFactor": 1, "retentionMs": 604800000 }',
  );
});
