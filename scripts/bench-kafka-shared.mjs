// What the Kafka benchmarks (bench-kafka.mjs: speed, bench-memory.mjs: memory) share, so that both
// measure the same domain, the same records and the same consumer config.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
export const root = join(import.meta.dirname, '..');
const { createTopicsWithLeaders } = require(join(root, 'tools/kafka/topics.cjs'));
export const PARTITIONS = 3;
export const CONSUMER_CONFIG = {
  maxWaitTimeInMs: 100,
  heartbeatInterval: 1000,
  sessionTimeout: 10_000,
};

/**
 * Compiles the runtime from source to a git-ignored folder inside the repo (so zod and kafkajs
 * resolve) and returns that folder, for `require`. `sourceRoot` is another checkout of this repo
 * (a `git worktree` of an older commit) to measure its runtime instead; `name` keeps the builds
 * apart.
 */
export function compileRuntime(sourceRoot = root, name = 'runtime') {
  return compileForBench(name, [
    '-p',
    join(sourceRoot, 'packages/runtime/tsconfig.lib.json'),
    '--declaration',
    'false',
    '--sourceMap',
    'false',
  ]);
}

/**
 * Runs tsc with `args` into node_modules/.cache/kafka-events-bench/<name> and returns that folder.
 * Types always come from this checkout's node_modules: a worktree has none of its own.
 */
export function compileForBench(name, args) {
  const outDir = join(root, 'node_modules', '.cache', 'kafka-events-bench', name);
  mkdirSync(outDir, { recursive: true });
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      ...args,
      '--outDir',
      outDir,
      ...[
        '--typeRoots',
        join(root, 'node_modules/@types'),
        '--baseUrl',
        join(root, 'node_modules'),
      ],
    ],
    { stdio: 'inherit' },
  );
  return outDir;
}

/** The benchmark domain: one `task.created.v1` event of about 600 bytes of JSON. */
export function defineTasks({ defineDomain, defineEvent }, z) {
  return defineDomain({
    domain: 'tasks',
    entity: 'task',
    topic: 'task-events',
    source: '/tasks',
    events: [
      defineEvent({
        type: 'task.created.v1',
        name: 'task.created',
        version: 1,
        key: 'task_id',
        payload: z.object({
          task_id: z.uuid(),
          user_id: z.uuid(),
          title: z.string().min(1).max(200),
          description: z.string().max(2000).optional(),
          priority: z.enum(['low', 'medium', 'high']).default('medium'),
          tags: z.array(z.string().min(1).max(50)).max(20).default([]),
          due_date: z.iso.datetime().optional(),
        }),
      }),
    ],
  });
}

/** The payload of the i-th benchmark event. */
export function taskPayload(i, userId) {
  return {
    task_id: randomUUID(),
    user_id: userId,
    title: `Task number ${i}`,
    description: 'Revenue, churn and the hiring plan for Q4.',
    priority: 'high',
    tags: ['reports', 'finance'],
    due_date: '2026-12-01T17:00:00.000Z',
  };
}

/**
 * The kafkajs message the typed producer writes for an envelope, built by hand without
 * validation: key, envelope JSON and the same CloudEvents binary-mode and event headers.
 */
export function rawMessage(event) {
  return {
    key: event.payload.task_id,
    value: JSON.stringify(event),
    headers: {
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: event.event_id,
      ce_source: '/tasks',
      ce_type: event.event_type,
      ce_subject: event.payload.task_id,
      ce_time: event.timestamp,
      ce_correlationid: event.correlation_id,
      ce_userid: event.user_id,
      'x-event-type': event.event_type,
      'x-event-id': event.event_id,
      'x-correlation-id': event.correlation_id,
    },
  };
}

/** KAFKA_BROKERS, else a local broker from tools/kafka; `stop()` stops only a broker started here. */
export async function connectBrokers() {
  const given = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (given.length > 0) return { brokers: given, stop: async () => {} };
  const { startBroker } = require(join(root, 'tools/kafka/broker.cjs'));
  process.stderr.write('starting a local Kafka broker (tools/kafka)...\n');
  const broker = await startBroker();
  return { brokers: [broker.bootstrap], stop: () => broker.stop() };
}

/** A fresh topic with PARTITIONS partitions, returned once every partition has a leader. */
export async function newTopic(admin, prefix) {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: PARTITIONS }]);
  return topic;
}
