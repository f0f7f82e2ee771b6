// Publishing through one real Dapr sidecar: our createDaprPublisher (@kafka-events/runtime) vs the
// official SDK's DaprClient (@dapr/dapr 3.4.1, HTTP). Both publish the same task.created.v1 events
// as the same structured CloudEvents (application/cloudevents+json, the entity id as
// metadata.partitionKey) to fresh 3-partition topics through the same daprd (tools/dapr, a
// pubsub.kafka Component), with the same number of requests in flight. The SDK gets each
// CloudEvent prebuilt (outside the timing); ours validates the event and builds it per publish, as
// in an app. A bulk row compares publishBulk with the SDK's pubsub.publishBulk (Dapr's alpha bulk
// API), batches of BENCH_BATCH. Each run checks every event landed (topic end offsets); the warm-up
// checks both sides write the same records (key and CloudEvent, Dapr's trace ids aside).
// Each run is interleaved ABBA (half the events for one side, then half for the other, the other's
// second half, then the first side's), alternating A between runs, so drift of a shared machine
// weighs on both sides alike; reports per-run msgs/s, the median of the per-run ratios
// ours / @dapr/dapr and the publishing process's CPU time per event of each side.
// Env: KAFKA_BROKERS (else a local broker from tools/kafka is started and stopped), BENCH_EVENTS
// (default 5000), BENCH_RUNS (default 5), BENCH_CONCURRENCY (default 16), BENCH_BATCH (default
// 100), BENCH_BULK_CONCURRENCY (default 4), BENCH_ONLY (`single` or `bulk`: one row only),
// BENCH_RUNTIME (a compiled runtime folder to measure instead of compiling packages/runtime).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  compileRuntime,
  connectBrokers,
  defineTasks,
  newTopic,
  root,
  taskPayload,
} from './bench-kafka-shared.mjs';
import { median } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const BULK_CONCURRENCY = Number(process.env.BENCH_BULK_CONCURRENCY ?? 4);
const ONLY = process.env.BENCH_ONLY ?? '';
const PUBSUB = 'kafka-pubsub';
const WARM_EVENTS = Math.min(1_000, EVENTS);

// BENCH_RUNTIME: an already compiled runtime folder (e.g. a baseline) instead of this checkout's.
const runtime = require(process.env.BENCH_RUNTIME || compileRuntime());
const { createDaprPublisher, toCloudEvent, CLOUDEVENTS_JSON } = runtime;
const { z } = require('zod');
const { Kafka, logLevel } = require('kafkajs');
const { CommunicationProtocolEnum, DaprClient, LogLevel } = require('@dapr/dapr');
const { startDaprd } = require(join(root, 'tools/dapr/daprd.cjs'));

const tasks = defineTasks(runtime, z);
const USER_ID = randomUUID();
const events = Array.from({ length: EVENTS }, (_, i) =>
  tasks.create('task.created.v1', taskPayload(i, USER_ID), { userId: USER_ID }),
);
// The SDK's input: the same CloudEvents, built once.
const cloudEvents = events.map((event) => toCloudEvent(tasks, event));

const component = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${PUBSUB}
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - name: brokers
      value: substituted-by-tools-dapr:9092
    - name: authType
      value: none
    - name: initialOffset
      value: oldest
`;

const broker = await connectBrokers();
const kafka = new Kafka({
  clientId: 'bench-dapr',
  brokers: broker.brokers,
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
let daprd;
let sdk;

/**
 * Runs `task(i)` for i in [from, to) with `concurrency` calls in flight; returns the wall time and
 * this process's CPU time (user + system), both in ms.
 */
async function timed(from, to, concurrency, task) {
  let next = from;
  const worker = async () => {
    while (next < to) await task(next++);
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** The batches of [from, to): [start, end) index pairs of at most BATCH events. */
const batchesOf = (from, to) =>
  Array.from({ length: Math.ceil((to - from) / BATCH) }, (_, b) => [
    from + b * BATCH,
    Math.min(to, from + (b + 1) * BATCH),
  ]);

const publisherFor = (topic) =>
  createDaprPublisher(tasks, { host: '127.0.0.1', port: daprd.httpPort, topic });

// Each side publishes events [from, to) to `topic`.
const ours = {
  single(topic, from, to) {
    const publisher = publisherFor(topic);
    return timed(from, to, CONCURRENCY, (i) => publisher.publish(events[i]));
  },
  bulk(topic, from, to) {
    const publisher = publisherFor(topic);
    const batches = batchesOf(from, to);
    return timed(0, batches.length, BULK_CONCURRENCY, async (b) => {
      const { failedEntries } = await publisher.publishBulk(events.slice(...batches[b]));
      if (failedEntries.length > 0)
        throw new Error(
          `ours: ${failedEntries.length} bulk entries failed: ${failedEntries[0].error}`,
        );
    });
  },
};

const sdkMetadata = (i) => ({ partitionKey: cloudEvents[i].subject });
const theirs = {
  single(topic, from, to) {
    return timed(from, to, CONCURRENCY, async (i) => {
      const reply = await sdk.pubsub.publish(PUBSUB, topic, cloudEvents[i], {
        contentType: CLOUDEVENTS_JSON,
        metadata: sdkMetadata(i),
      });
      // The SDK reports failures as {error} instead of throwing.
      if (reply.error) throw new Error(`@dapr/dapr publish failed: ${reply.error}`);
    });
  },
  bulk(topic, from, to) {
    const batches = batchesOf(from, to);
    return timed(0, batches.length, BULK_CONCURRENCY, async (b) => {
      const entries = [];
      for (let i = batches[b][0]; i < batches[b][1]; i++) {
        entries.push({
          entryID: String(i),
          event: cloudEvents[i],
          contentType: CLOUDEVENTS_JSON,
          metadata: sdkMetadata(i),
        });
      }
      const { failedMessages } = await sdk.pubsub.publishBulk(PUBSUB, topic, entries);
      if (failedMessages.length > 0)
        throw new Error(
          `@dapr/dapr: ${failedMessages.length} bulk entries failed: ${failedMessages[0].error}`,
        );
    });
  },
};

const topic = (prefix) => newTopic(admin, prefix);

/** Every published event is on the topic: the sum of its partitions' end offsets. */
async function expectCount(topic, count) {
  const offsets = await admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
  if (total !== count) throw new Error(`${topic} holds ${total} records, expected ${count}`);
}

/** key -> the record's CloudEvent without Dapr's per-request trace attributes and the topic. */
async function recordsOf(topic, count) {
  const consumer = kafka.consumer({ groupId: `bench-check-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const records = new Map();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done;
  const all = new Promise((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const {
        traceid: _a,
        traceparent: _b,
        tracestate: _c,
        topic: _d,
        ...cloudEvent
      } = JSON.parse(message.value.toString());
      records.set(message.key.toString(), JSON.stringify(cloudEvent));
      if (records.size === count) done();
    },
  });
  await all;
  await consumer.disconnect();
  return records;
}

async function checkSameRecords(row, oursTopic, theirsTopic) {
  const [a, b] = await Promise.all([
    recordsOf(oursTopic, WARM_EVENTS),
    recordsOf(theirsTopic, WARM_EVENTS),
  ]);
  for (const [key, value] of a) {
    if (b.get(key) !== value)
      throw new Error(
        `${row}: the two sides wrote different records for key ${key}:\n${value}\n${b.get(key)}`,
      );
  }
}

const rows = ['single', 'bulk'].filter((row) => ONLY === '' || ONLY === row);
const sides = { ours, theirs };
const results = Object.fromEntries(rows.map((row) => [row, { ours: [], theirs: [] }]));
const cpu = Object.fromEntries(rows.map((row) => [row, { ours: [], theirs: [] }]));
const rate = (ms, count = EVENTS) => Math.round(count / (ms / 1000));

const loads = [];
try {
  await admin.connect();
  process.stderr.write('starting daprd (tools/dapr)...\n');
  daprd = await startDaprd({
    appId: 'bench-publisher',
    manifests: [component],
    brokers: broker.brokers,
    logLevel: 'warn',
  });
  sdk = new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(daprd.httpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Error },
  });
  process.stderr.write('warm-up and record check...\n');
  for (const row of rows) {
    const topics = {
      ours: await topic('bench-dapr-warm-ours'),
      theirs: await topic('bench-dapr-warm-sdk'),
    };
    for (const side of ['ours', 'theirs']) {
      await sides[side][row](topics[side], 0, WARM_EVENTS);
      await expectCount(topics[side], WARM_EVENTS);
    }
    await checkSameRecords(row, topics.ours, topics.theirs);
  }

  const half = Math.floor(EVENTS / 2);
  for (let run = 1; run <= RUNS; run++) {
    const [a, b] = run % 2 === 1 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    const line = [];
    for (const row of rows) {
      const topics = {
        ours: await topic(`bench-dapr-${row}-ours`),
        theirs: await topic(`bench-dapr-${row}-sdk`),
      };
      const spent = { ours: { ms: 0, cpuMs: 0 }, theirs: { ms: 0, cpuMs: 0 } };
      for (const [side, from, to] of [
        [a, 0, half],
        [b, 0, half],
        [b, half, EVENTS],
        [a, half, EVENTS],
      ]) {
        const { ms, cpuMs } = await sides[side][row](topics[side], from, to);
        spent[side].ms += ms;
        spent[side].cpuMs += cpuMs;
      }
      for (const side of ['ours', 'theirs']) {
        await expectCount(topics[side], EVENTS);
        results[row][side].push(spent[side].ms);
        cpu[row][side].push(spent[side].cpuMs);
      }
      line.push(
        `${row} ours ${rate(results[row].ours.at(-1))} @dapr/dapr ${rate(results[row].theirs.at(-1))} msgs/s`,
      );
    }
    loads.push(loadavg()[0]);
    process.stderr.write(
      `run ${run}/${RUNS}: ${line.join('; ')}; load ${loads.at(-1).toFixed(2)}\n`,
    );
  }
} finally {
  await sdk?.stop();
  await daprd?.dispose();
  await admin.disconnect();
  await broker.stop();
}

const labels = {
  single: `publish, ${CONCURRENCY} in flight`,
  bulk: `bulk, ${BATCH} per request, ${BULK_CONCURRENCY} in flight`,
};
console.log(
  `\nDapr publish benchmark: ${EVENTS} events per side per run, one daprd, median of ${RUNS} runs`,
);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load (1 min) during the runs ${loads.map((l) => l.toFixed(2)).join(', ')}`,
);
console.log(
  `| path | ours msgs/s | @dapr/dapr msgs/s | ours / @dapr/dapr (median of per-run ratios) |`,
);
console.log(`| --- | ---: | ---: | ---: |`);
for (const row of rows) {
  const { ours: a, theirs: b } = results[row];
  const ratios = a.map((ms, i) => b[i] / ms);
  console.log(
    `| ${labels[row]} | ${rate(median(a))} | ${rate(median(b))} | ${median(ratios).toFixed(2)} |`,
  );
}
for (const row of rows) {
  const { ours: a, theirs: b } = results[row];
  console.log(
    `\n${row}, all runs (msgs/s): ours ${a.map((ms) => rate(ms)).join(', ')}; @dapr/dapr ${b.map((ms) => rate(ms)).join(', ')}`,
  );
  console.log(`${row}, ratio per run: ${a.map((ms, i) => (b[i] / ms).toFixed(2)).join(', ')}`);
  const perEvent = (side) => median(cpu[row][side].map((ms) => (ms * 1000) / EVENTS)).toFixed(0);
  console.log(
    `${row}, publishing process CPU per event (median, µs): ours ${perEvent('ours')}, @dapr/dapr ${perEvent('theirs')}`,
  );
}
