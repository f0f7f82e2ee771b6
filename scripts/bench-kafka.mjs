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
// BENCH_BASELINE: another checkout of this repo (e.g. `git worktree add /tmp/before <commit>`):
// its createConsumer is measured too, in the same runs on the same records, interleaved with
// this checkout's, to compare a change before and after.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import {
  CONSUMER_CONFIG,
  PARTITIONS,
  compileRuntime,
  connectBrokers,
  defineTasks,
  newTopic,
  rawMessage,
  taskPayload,
} from './bench-kafka-shared.mjs';
import { median, medianAndSpread } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const runtime = require(compileRuntime());
const { createProducer, createConsumer, silentLogger } = runtime;
const BASELINE = process.env.BENCH_BASELINE;
const baselineRuntime = BASELINE && require(compileRuntime(BASELINE, 'runtime-baseline'));
const { z } = require('zod');
const { Kafka, logLevel } = require('kafkajs');

const tasks = defineTasks(runtime, z);
const baselineTasks = baselineRuntime && defineTasks(baselineRuntime, z);
const USER_ID = randomUUID();
const events = Array.from({ length: EVENTS }, (_, i) =>
  tasks.create('task.created.v1', taskPayload(i, USER_ID), { userId: USER_ID }),
);

const broker = await connectBrokers();
const kafka = new Kafka({ clientId: 'bench', brokers: broker.brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();

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

/** A hand-written kafkajs producer writing the same records (see rawMessage), without validation. */
async function rawProduce(topic) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (const batch of batches) {
    await producer.send({
      topic,
      acks: -1,
      messages: batch.map(rawMessage),
    });
  }
  const ms = performance.now() - started;
  await producer.disconnect();
  return ms;
}

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

async function typedConsume(topic, side = 'typed') {
  const t = timer();
  let titles = 0;
  const [create, domain] =
    side === 'baseline' ? [baselineRuntime.createConsumer, baselineTasks] : [createConsumer, tasks];
  const consumer = create(domain, kafka, {
    groupId: `bench-${side}-${randomUUID()}`,
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
  if (titles === 0 || consumer.stats().deadLettered !== 0)
    throw new Error('typed consumer handled nothing useful');
  commits[side].push(counter.commits);
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

const rate = (ms) => Math.round(EVENTS / (ms / 1000));
const results = {
  typedProduce: [],
  rawProduce: [],
  typedConsume: [],
  rawConsume: [],
  baselineConsume: [],
};
const commits = { typed: [], raw: [], baseline: [] };
// Consumers per run: the baseline sits next to the typed one, on either side of it by turns.
const consumerOrder = (run) => {
  const typedPair = BASELINE
    ? run % 4 < 2
      ? ['typed', 'baseline']
      : ['baseline', 'typed']
    : ['typed'];
  return run % 2 === 1 ? [...typedPair, 'raw'] : ['raw', ...typedPair];
};

process.stderr.write(`warm-up...\n`);
const warm = await newTopic(admin, 'bench-warm');
await rawProduce(warm);
await typedProduce(warm);

for (let run = 1; run <= RUNS; run++) {
  // Alternate the order so slow drift of the machine does not favour one side.
  const order = run % 2 === 1 ? ['typed', 'raw'] : ['raw', 'typed'];
  // Both consumers read the same records, as the typed producer writes them.
  const filled = await newTopic(admin, 'bench-consume');
  await typedProduce(filled);
  for (const side of order) {
    const topic = await newTopic(admin, `bench-${side}`);
    results[`${side}Produce`].push(
      await (side === 'typed' ? typedProduce(topic) : rawProduce(topic)),
    );
  }
  for (const side of consumerOrder(run)) {
    results[`${side}Consume`].push(
      await (side === 'raw' ? rawConsume(filled) : typedConsume(filled, side)),
    );
  }
  process.stderr.write(
    `run ${run}/${RUNS}: produce typed ${rate(results.typedProduce.at(-1))} raw ${rate(results.rawProduce.at(-1))} msgs/s; ` +
      `consume typed ${rate(results.typedConsume.at(-1))} raw ${rate(results.rawConsume.at(-1))} msgs/s; ` +
      (BASELINE ? `baseline ${rate(results.baselineConsume.at(-1))} msgs/s; ` : '') +
      `offset commits typed ${commits.typed.at(-1)} raw ${commits.raw.at(-1)}; load ${loadavg()[0].toFixed(2)}\n`,
  );
}
await admin.disconnect();
await broker.stop();

const summary = Object.fromEntries(
  Object.entries(results)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => [k, rate(median(v))]),
);
const ratio = (typed, raw) => (typed / raw).toFixed(2);
console.log(
  `\nkafka-events benchmark: ${EVENTS} events, batches of ${BATCH}, ${PARTITIONS} partitions, median of ${RUNS} runs`,
);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`| path | typed msgs/s | raw kafkajs msgs/s | typed / raw |`);
console.log(`| --- | ---: | ---: | ---: |`);
console.log(
  `| producer (publishMany vs send) | ${summary.typedProduce} | ${summary.rawProduce} | ${ratio(summary.typedProduce, summary.rawProduce)} |`,
);
console.log(
  `| consumer (createConsumer vs eachMessage) | ${summary.typedConsume} | ${summary.rawConsume} | ${ratio(summary.typedConsume, summary.rawConsume)} |`,
);
console.log(
  `\nall runs (msgs/s): ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map(rate)])))}`,
);
// Typed / raw per run (each run measures both sides within seconds, under the same load).
for (const path of ['Produce', 'Consume']) {
  const ratios = results[`typed${path}`].map((ms, i) => results[`raw${path}`][i] / ms);
  console.log(
    `${path === 'Produce' ? 'producer' : 'consumer'} ratio per run: ${ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
      `median ${medianAndSpread(ratios)}`,
  );
}
console.log(
  `offset commits per consumer run (incl. stop): typed ${commits.typed.join(', ')}; raw (autoCommit, kafkajs defaults: after every batch) ${commits.raw.join(', ')}`,
);
if (BASELINE) {
  console.log(
    `| consumer baseline (${BASELINE}) | ${summary.baselineConsume} | ${summary.rawConsume} | ${ratio(summary.baselineConsume, summary.rawConsume)} |`,
  );
  const perRun = (side) => results[`${side}Consume`].map((ms, i) => results.rawConsume[i] / ms);
  const afterOverBefore = results.typedConsume.map((ms, i) => results.baselineConsume[i] / ms);
  console.log(
    `baseline consumer ratio per run: ${perRun('baseline')
      .map((r) => r.toFixed(2))
      .join(
        ', ',
      )}; median ${median(perRun('baseline')).toFixed(2)} (this checkout: ${median(perRun('typed')).toFixed(2)})`,
  );
  console.log(
    `this checkout / baseline, consumer msgs/s per run: ${afterOverBefore.map((r) => r.toFixed(2)).join(', ')}; median ${median(afterOverBefore).toFixed(2)}`,
  );
}
