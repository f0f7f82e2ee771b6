// The consumer's per-record CPU cost without a broker: createConsumer driven through kafkajs'
// eachBatch with a stand-in for kafkajs (no network, no commits: commitIntervalMs is an hour),
// batches of BENCH_BATCH real encoded task.created.v1 records and a sync handler. CPU time
// (process.cpuUsage) per record, so other load on the machine disturbs it far less than the
// broker benchmark's wall-clock rates.
// BENCH_BASELINE: another checkout of this repo (`git worktree add /tmp/before <commit>`); its
// createConsumer is measured in the same process, alternating with this checkout's, so a change
// to the consumer can be compared before and after.
// Env: BENCH_EVENTS (records per measurement, default 20000), BENCH_BATCH (default 500),
// BENCH_RUNS (measurements per side, default 11).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { compileRuntime, defineTasks, rawMessage, taskPayload } from './bench-kafka-shared.mjs';
import { median } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const BASELINE = process.env.BENCH_BASELINE;
const { z } = require('zod');

const TOPIC = 'task-events';

/** What createConsumer uses of kafkajs, doing nothing; run() hands out eachBatch. */
function standInKafka() {
  const kafka = {
    eachBatch: undefined,
    admin: () => ({
      connect: async () => {},
      disconnect: async () => {},
      listTopics: async () => [TOPIC, `${TOPIC}.dlq`],
    }),
    producer: () => ({ connect: async () => {}, disconnect: async () => {}, send: async () => {} }),
    consumer: () => ({
      events: { CRASH: 'crash', REBALANCING: 'rebalancing', GROUP_JOIN: 'group_join' },
      on: () => {},
      connect: async () => {},
      subscribe: async () => {},
      disconnect: async () => {},
      run: async (config) => {
        kafka.eachBatch = config.eachBatch;
      },
    }),
  };
  return kafka;
}

/** Records as kafkajs hands them over: Buffers for key, value and header values. */
function kafkaRecords(events) {
  return events.map((event, offset) => {
    const message = rawMessage(event);
    return {
      key: Buffer.from(message.key),
      value: Buffer.from(message.value),
      headers: Object.fromEntries(
        Object.entries(message.headers).map(([name, value]) => [name, Buffer.from(value)]),
      ),
      timestamp: String(Date.now()),
      offset: String(offset),
      attributes: 0,
    };
  });
}

async function side(name, runtimeDir) {
  const runtime = require(runtimeDir);
  const tasks = defineTasks(runtime, z);
  const userId = randomUUID();
  const events = Array.from({ length: EVENTS }, (_, i) =>
    tasks.create('task.created.v1', taskPayload(i, userId), { userId }),
  );
  const records = kafkaRecords(events);
  const batches = [];
  for (let i = 0; i < records.length; i += BATCH) batches.push(records.slice(i, i + BATCH));
  const kafka = standInKafka();
  let titles = 0;
  const consumer = runtime.createConsumer(tasks, kafka, {
    groupId: `bench-${name}`,
    topic: TOPIC,
    commitIntervalMs: 3_600_000,
    logger: runtime.silentLogger,
    handlers: { 'task.created.v1': (event) => void (titles += event.payload.title.length) },
  });
  await consumer.start();
  const payload = (batch) => ({
    batch: { topic: TOPIC, partition: 0, messages: batch },
    resolveOffset: () => {},
    heartbeat: async () => {},
    commitOffsetsIfNecessary: async () => {},
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
    pause: () => () => {},
  });
  /** CPU µs per record for one pass over all records. */
  async function measure() {
    const before = consumer.stats().handled;
    const start = process.cpuUsage();
    for (const batch of batches) await kafka.eachBatch(payload(batch));
    const used = process.cpuUsage(start);
    if (consumer.stats().handled - before !== EVENTS || titles === 0)
      throw new Error(`${name}: not every record was handled`);
    return (used.user + used.system) / EVENTS;
  }
  return { name, measure, stop: () => consumer.stop() };
}

const sides = [await side('this checkout', compileRuntime())];
if (BASELINE) sides.push(await side('baseline', compileRuntime(BASELINE, 'runtime-baseline')));
for (const s of sides) await s.measure(); // warm-up: JIT, zod's lazy setup

const results = new Map(sides.map((s) => [s.name, []]));
for (let run = 0; run < RUNS; run++) {
  // ABBA: neither side always goes first.
  const order = run % 2 === 0 ? sides : [...sides].reverse();
  for (const s of order) results.get(s.name).push(await s.measure());
}
for (const s of sides) await s.stop();

const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
console.log(
  `consumer per-record CPU, ${EVENTS} records in batches of ${BATCH}, ${RUNS} runs per side; ` +
    `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg()[0].toFixed(2)}`,
);
for (const [name, xs] of results) {
  console.log(
    `${name}: median ${median(xs).toFixed(2)} µs, min ${Math.min(...xs).toFixed(2)} µs (${fmt(xs)})`,
  );
}
if (BASELINE) {
  const [after, before] = [results.get('this checkout'), results.get('baseline')];
  const ratios = after.map((x, i) => x / before[i]);
  console.log(
    `this checkout / baseline per run: ${fmt(ratios)}; median ${median(ratios).toFixed(2)}`,
  );
}
