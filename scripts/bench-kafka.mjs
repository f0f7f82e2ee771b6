// Typed producer/consumer (@kafka-events/runtime) vs raw kafkajs on a real broker.
// Producer: the same events in the same batches, as the same records (publishMany vs a hand-built
// producer.send with identical key, value and headers), both idempotent with acks -1. Consumer: the
// same records with the same consumer config (so the same fetch/batch sizes), typed createConsumer
// (manual commits every commitIntervalMs, default) vs a raw eachMessage consumer that JSON.parses
// each value with kafkajs' default autoCommit (autoCommitInterval and autoCommitThreshold null:
// kafkajs 2.2.4 then commits after every batch). Offset commits of each side are counted.
// Median of BENCH_RUNS runs (default 5), msgs/s and typed/raw ratio.
// Env: KAFKA_BROKERS (else a local broker from tools/kafka is started and stopped),
// BENCH_EVENTS (default 20000), BENCH_BATCH (default 100), BENCH_RUNS (default 5).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// The runtime from source, compiled to a git-ignored folder inside the repo (so zod and kafkajs resolve).
const outDir = join(root, 'node_modules', '.cache', 'kafka-events-bench', 'runtime');
mkdirSync(outDir, { recursive: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'packages/runtime/tsconfig.lib.json'), '--outDir', outDir, '--declaration', 'false', '--sourceMap', 'false'], { stdio: 'inherit' });
const { defineDomain, defineEvent, createProducer, createConsumer, silentLogger } = require(outDir);
const { z } = require('zod');
const { Kafka, logLevel } = require('kafkajs');

const tasks = defineDomain({
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
const USER_ID = randomUUID();
const events = Array.from({ length: EVENTS }, (_, i) =>
  tasks.create('task.created.v1', {
    task_id: randomUUID(),
    user_id: USER_ID,
    title: `Task number ${i}`,
    description: 'Revenue, churn and the hiring plan for Q4.',
    priority: 'high',
    tags: ['reports', 'finance'],
    due_date: '2026-12-01T17:00:00.000Z',
  }, { userId: USER_ID }),
);

let broker;
let brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) {
  const { startBroker } = require(join(root, 'tools/kafka/broker.cjs'));
  process.stderr.write('starting a local Kafka broker (tools/kafka)...\n');
  broker = await startBroker();
  brokers = [broker.bootstrap];
}
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const PARTITIONS = 3;
async function newTopic(prefix) {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      if (topics[0].partitions.length === PARTITIONS && topics[0].partitions.every((p) => p.leader >= 0)) return topic;
    } catch {
      // KRaft metadata may lag the create by a moment
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
const batches = [];
for (let i = 0; i < EVENTS; i += BATCH) batches.push(events.slice(i, i + BATCH));

async function typedProduce(topic) {
  const producer = createProducer(tasks, kafka, { topic, logger: silentLogger });
  await producer.connect();
  const started = performance.now();
  for (const batch of batches) await producer.publishMany(batch);
  const ms = performance.now() - started;
  await producer.disconnect();
  return ms;
}

/**
 * A hand-written kafkajs producer writing the same records: key, envelope JSON and the same
 * CloudEvents binary-mode and event headers, built by hand without validation.
 */
async function rawProduce(topic) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (const batch of batches) {
    await producer.send({
      topic,
      acks: -1,
      messages: batch.map((event) => ({
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
      })),
    });
  }
  const ms = performance.now() - started;
  await producer.disconnect();
  return ms;
}

const CONSUMER_CONFIG = { maxWaitTimeInMs: 100, heartbeatInterval: 1000, sessionTimeout: 10_000 };

/** Counts the OffsetCommit requests a kafkajs consumer sends (up to and including its stop). */
function countCommits(consumer) {
  const counter = { commits: 0 };
  consumer.on(consumer.events.COMMIT_OFFSETS, () => counter.commits++);
  return counter;
}

/** Time from the first to the last record handled (group join excluded). */
function timer(done) {
  let first;
  let count = 0;
  let resolve;
  const finished = new Promise((r) => (resolve = r));
  return {
    finished,
    tick() {
      first ??= performance.now();
      if (++count === EVENTS) resolve(performance.now() - first);
      if (count > EVENTS) done?.();
    },
  };
}

async function typedConsume(topic) {
  const t = timer();
  let titles = 0;
  const consumer = createConsumer(tasks, kafka, {
    groupId: `bench-typed-${randomUUID()}`,
    topic,
    consumerConfig: CONSUMER_CONFIG,
    logger: silentLogger,
    handlers: {
      'task.created.v1': (event) => {
        titles += event.payload.title.length;
        t.tick();
      },
    },
  });
  await consumer.start();
  const counter = countCommits(consumer.consumer);
  const ms = await t.finished;
  await consumer.stop();
  if (titles === 0 || consumer.stats().deadLettered !== 0) throw new Error('typed consumer handled nothing useful');
  commits.typed.push(counter.commits);
  return ms;
}

async function rawConsume(topic) {
  const t = timer();
  let titles = 0;
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, ...CONSUMER_CONFIG });
  const counter = countCommits(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    // kafkajs' defaults, spelled out: commit after every batch (no interval, no threshold).
    autoCommit: true,
    autoCommitInterval: null,
    autoCommitThreshold: null,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value.toString());
      titles += event.payload.title.length;
      t.tick();
    },
  });
  const ms = await t.finished;
  await consumer.disconnect();
  if (titles === 0) throw new Error('raw consumer handled nothing');
  commits.raw.push(counter.commits);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms) => Math.round(EVENTS / (ms / 1000));
const results = { typedProduce: [], rawProduce: [], typedConsume: [], rawConsume: [] };
const commits = { typed: [], raw: [] };

process.stderr.write(`warm-up...\n`);
const warm = await newTopic('bench-warm');
await rawProduce(warm);
await typedProduce(warm);

for (let run = 1; run <= RUNS; run++) {
  // Alternate the order so slow drift of the machine does not favour one side.
  const order = run % 2 === 1 ? ['typed', 'raw'] : ['raw', 'typed'];
  // Both consumers read the same records, as the typed producer writes them.
  const filled = await newTopic('bench-consume');
  await typedProduce(filled);
  for (const side of order) {
    const topic = await newTopic(`bench-${side}`);
    results[`${side}Produce`].push(await (side === 'typed' ? typedProduce(topic) : rawProduce(topic)));
  }
  for (const side of order) {
    results[`${side}Consume`].push(await (side === 'typed' ? typedConsume(filled) : rawConsume(filled)));
  }
  process.stderr.write(
    `run ${run}/${RUNS}: produce typed ${rate(results.typedProduce.at(-1))} raw ${rate(results.rawProduce.at(-1))} msgs/s; ` +
      `consume typed ${rate(results.typedConsume.at(-1))} raw ${rate(results.rawConsume.at(-1))} msgs/s; ` +
      `offset commits typed ${commits.typed.at(-1)} raw ${commits.raw.at(-1)}; load ${loadavg()[0].toFixed(2)}\n`,
  );
}
await admin.disconnect();
if (broker) await broker.stop();

const summary = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, rate(median(v))]));
const ratio = (typed, raw) => (typed / raw).toFixed(2);
console.log(`\nkafka-events benchmark: ${EVENTS} events, batches of ${BATCH}, ${PARTITIONS} partitions, median of ${RUNS} runs`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`| path | typed msgs/s | raw kafkajs msgs/s | typed / raw |`);
console.log(`| --- | ---: | ---: | ---: |`);
console.log(`| producer (publishMany vs send) | ${summary.typedProduce} | ${summary.rawProduce} | ${ratio(summary.typedProduce, summary.rawProduce)} |`);
console.log(`| consumer (createConsumer vs eachMessage) | ${summary.typedConsume} | ${summary.rawConsume} | ${ratio(summary.typedConsume, summary.rawConsume)} |`);
console.log(`\nall runs (msgs/s): ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map(rate)])))}`);
console.log(`consumer ratio per run: ${results.typedConsume.map((ms, i) => (results.rawConsume[i] / ms).toFixed(2)).join(', ')}`);
console.log(`offset commits per consumer run (incl. stop): typed ${commits.typed.join(', ')}; raw (autoCommit, kafkajs defaults: after every batch) ${commits.raw.join(', ')}`);
