// Memory of the typed path (@kafka-events/runtime) vs raw kafkajs on a real broker, and the
// footprint of the in-memory dedupe store. Each side runs in its own child Node process
// (`--expose-gc`), so heaps never mix: it creates and produces BENCH_EVENTS events in batches of
// BENCH_BATCH (typed: domain.create + publishMany; raw: a hand-built envelope + producer.send of
// the same records), then consumes them all from the same topic (typed createConsumer vs a raw
// eachMessage consumer that JSON.parses each value), with the speed benchmark's consumer config.
// process.memoryUsage() is sampled every 50 ms (a busy event loop can delay a sample, so the
// kernel's peak RSS from process.resourceUsage() is reported too); heapUsed is also read after a
// forced GC once modules are loaded and again after the clients disconnected.
// Median of BENCH_RUNS runs per side (default 5), typed and raw alternating which goes first.
// Env: KAFKA_BROKERS (else a local broker from tools/kafka is started and stopped),
// BENCH_EVENTS (default 50000), BENCH_BATCH (default 100), BENCH_RUNS (default 5),
// BENCH_DEDUPE_IDS (default 100000, the store's default bound).
// BENCH_BASELINE: another checkout of this repo (`git worktree add /tmp/before <commit>`): its
// runtime runs the typed side too ("baseline" column), in the same runs, to compare a change.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import {
  CONSUMER_CONFIG,
  compileRuntime,
  connectBrokers,
  defineTasks,
  newTopic,
  rawMessage,
  taskPayload,
} from './bench-kafka-shared.mjs';
import { median, medianAndSpread } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DEDUPE_IDS = Number(process.env.BENCH_DEDUPE_IDS ?? 100_000);
const SAMPLE_MS = 50;
const MB = 1024 * 1024;

/** Peaks of rss and heapUsed, overall and per named phase, from 50 ms samples. */
function memorySampler() {
  const peaks = { all: { rss: 0, heapUsed: 0 } };
  let phase = 'load';
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    for (const name of ['all', phase]) {
      const p = (peaks[name] ??= { rss: 0, heapUsed: 0 });
      p.rss = Math.max(p.rss, rss);
      p.heapUsed = Math.max(p.heapUsed, heapUsed);
    }
  };
  const interval = setInterval(sample, SAMPLE_MS);
  sample();
  return {
    peaks,
    phase(name) {
      sample();
      phase = name;
      sample();
    },
    stop() {
      sample();
      clearInterval(interval);
    },
  };
}

function heapAfterGc() {
  // Twice: the first pass may only queue finalizers whose targets the second one frees.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Resolves once `total` records were handled; `tick()` is called per record. */
function counter(total) {
  let count = 0;
  let resolve;
  const done = new Promise((r) => (resolve = r));
  return { done, tick: () => ++count === total && resolve() };
}

/** The typed side: domain.create + publishMany, then createConsumer. */
async function typedSide(kafka, topic) {
  const runtime = require(process.env.BENCH_RUNTIME);
  const { z } = require('zod');
  const tasks = defineTasks(runtime, z);
  const userId = randomUUID();
  return {
    async produce() {
      const producer = runtime.createProducer(tasks, kafka, {
        topic,
        logger: runtime.silentLogger,
      });
      await producer.connect();
      for (let i = 0; i < EVENTS; i += BATCH) {
        const batch = [];
        for (let j = i; j < Math.min(i + BATCH, EVENTS); j++)
          batch.push(tasks.create('task.created.v1', taskPayload(j, userId), { userId }));
        await producer.publishMany(batch);
      }
      await producer.disconnect();
    },
    async consume() {
      const handled = counter(EVENTS);
      let titles = 0;
      const consumer = runtime.createConsumer(tasks, kafka, {
        groupId: `bench-mem-typed-${randomUUID()}`,
        topic,
        consumerConfig: CONSUMER_CONFIG,
        logger: runtime.silentLogger,
        handlers: {
          'task.created.v1': (event) => {
            titles += event.payload.title.length;
            handled.tick();
          },
        },
      });
      await consumer.start();
      await handled.done;
      await consumer.stop();
      if (titles === 0 || consumer.stats().deadLettered !== 0)
        throw new Error('typed consumer handled nothing useful');
    },
  };
}

/** The raw side: a hand-built envelope (the fields domain.create writes) + producer.send, then eachMessage + JSON.parse. */
async function rawSide(kafka, topic) {
  const userId = randomUUID();
  const envelope = (i) => {
    const eventId = randomUUID();
    return {
      event_id: eventId,
      event_type: 'task.created.v1',
      schema_version: 1,
      timestamp: new Date().toISOString(),
      correlation_id: eventId,
      causation_id: null,
      user_id: userId,
      payload: taskPayload(i, userId),
    };
  };
  return {
    async produce() {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      for (let i = 0; i < EVENTS; i += BATCH) {
        const messages = [];
        for (let j = i; j < Math.min(i + BATCH, EVENTS); j++)
          messages.push(rawMessage(envelope(j)));
        await producer.send({ topic, acks: -1, messages });
      }
      await producer.disconnect();
    },
    async consume() {
      const handled = counter(EVENTS);
      let titles = 0;
      const consumer = kafka.consumer({
        groupId: `bench-mem-raw-${randomUUID()}`,
        ...CONSUMER_CONFIG,
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(message.value.toString());
          titles += event.payload.title.length;
          handled.tick();
        },
      });
      await handled.done;
      await consumer.disconnect();
      if (titles === 0) throw new Error('raw consumer handled nothing');
    },
  };
}

async function kafkaChild(side) {
  const sampler = memorySampler();
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: `bench-mem-${side}`,
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const run = await (side === 'typed' ? typedSide : rawSide)(kafka, process.env.BENCH_TOPIC);
  const loadedHeap = heapAfterGc();
  sampler.phase('produce');
  await run.produce();
  sampler.phase('consume');
  await run.consume();
  sampler.phase('end');
  sampler.stop();
  return {
    peaks: sampler.peaks,
    maxRss: process.resourceUsage().maxRSS * 1024,
    loadedHeap,
    finalHeap: heapAfterGc(),
  };
}

/** heapUsed growth (after GC) for DEDUPE_IDS ids: the ids alone in an array, the store filled to its bound, and after as many more adds (evictions). */
function dedupeChild() {
  const { InMemoryDedupeStore } = require(process.env.BENCH_RUNTIME);
  // Flat strings, as the consumer gets event ids from JSON.parse: randomUUID() returns a rope of
  // concatenated pieces that would be several times larger.
  const ids = (n) => JSON.parse(JSON.stringify(Array.from({ length: n }, () => randomUUID())));
  let before = heapAfterGc();
  let array = ids(DEDUPE_IDS);
  const arrayBytes = heapAfterGc() - before;
  array = null; // eslint-disable-line @typescript-eslint/no-unused-vars -- drops the ids so the GC frees them
  before = heapAfterGc();
  const store = new InMemoryDedupeStore({ maxEntries: DEDUPE_IDS });
  for (const id of ids(DEDUPE_IDS)) store.add(id);
  const fullBytes = heapAfterGc() - before;
  for (const id of ids(DEDUPE_IDS)) store.add(id);
  const evictedBytes = heapAfterGc() - before;
  if (store.size !== DEDUPE_IDS)
    throw new Error(`dedupe store holds ${store.size} ids, expected ${DEDUPE_IDS}`);
  return { arrayBytes, fullBytes, evictedBytes };
}

if (process.argv[2] === 'child') {
  const side = process.argv[3];
  const result = side === 'dedupe' ? dedupeChild() : await kafkaChild(side);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Runs one side in a fresh `node --expose-gc` and returns its JSON result. */
function child(side, env) {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), 'child', side],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)))
        : reject(new Error(`${side} child exited with ${code}`)),
    );
  });
}

const runtimeDir = compileRuntime();
const BASELINE = process.env.BENCH_BASELINE;
const baselineDir = BASELINE && compileRuntime(BASELINE, 'runtime-baseline');
const broker = await connectBrokers();
const { Kafka, logLevel } = require('kafkajs');
const admin = new Kafka({
  clientId: 'bench-mem-admin',
  brokers: broker.brokers,
  logLevel: logLevel.NOTHING,
}).admin();
await admin.connect();
const env = {
  BENCH_RUNTIME: runtimeDir,
  KAFKA_BROKERS: broker.brokers.join(','),
  BENCH_EVENTS: String(EVENTS),
  BENCH_BATCH: String(BATCH),
};

const sides = BASELINE ? ['typed', 'raw', 'baseline'] : ['typed', 'raw'];
const results = Object.fromEntries(sides.map((side) => [side, []]));
const loads = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    // Rotate the order so slow drift of the machine does not favour one side.
    const order = sides.map((_, i) => sides[(i + run - 1) % sides.length]);
    for (const side of order) {
      loads.push(loadavg()[0]);
      const topic = await newTopic(admin, `bench-mem-${side}`);
      const sideEnv = side === 'baseline' ? { BENCH_RUNTIME: baselineDir } : {};
      results[side].push(
        await child(side === 'baseline' ? 'typed' : side, {
          ...env,
          ...sideEnv,
          BENCH_TOPIC: topic,
        }),
      );
    }
    const last = (side) => results[side].at(-1);
    process.stderr.write(
      `run ${run}/${RUNS}: peak RSS typed ${(last('typed').peaks.all.rss / MB).toFixed(1)} raw ${(last('raw').peaks.all.rss / MB).toFixed(1)} MB; ` +
        `peak heapUsed typed ${(last('typed').peaks.all.heapUsed / MB).toFixed(1)} raw ${(last('raw').peaks.all.heapUsed / MB).toFixed(1)} MB; load ${loadavg()[0].toFixed(2)}\n`,
    );
  }
} finally {
  await admin.disconnect();
  await broker.stop();
}
const dedupe = [];
for (let run = 1; run <= RUNS; run++) dedupe.push(await child('dedupe', env));

const rows = [
  ['peak RSS (sampled)', (r) => r.peaks.all.rss],
  ['peak RSS (kernel maxRSS)', (r) => r.maxRss],
  ['peak heapUsed', (r) => r.peaks.all.heapUsed],
  ['peak heapUsed, produce phase', (r) => r.peaks.produce.heapUsed],
  ['peak heapUsed, consume phase', (r) => r.peaks.consume.heapUsed],
  ['heapUsed after GC, modules loaded', (r) => r.loadedHeap],
  ['heapUsed after GC, at the end', (r) => r.finalHeap],
];
const mb = (bytes) => (bytes / MB).toFixed(1);
console.log(
  `\nkafka-events memory benchmark: ${EVENTS} events produced then consumed per child process, batches of ${BATCH}, median of ${RUNS} runs per side`,
);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; 1-min load before each child: ${loads.map((l) => l.toFixed(2)).join(', ')}`,
);
const spread = (side, read) => {
  const ratios = results[side].map((r, i) => read(r) / read(results.raw[i]));
  return medianAndSpread(ratios);
};
const baselineHead = BASELINE ? ' baseline MB | baseline / raw |' : '';
console.log(
  `| measure | typed MB | raw kafkajs MB | typed / raw | typed / raw per run, median (min-max) |${baselineHead}`,
);
console.log(`| --- | ---: | ---: | ---: | ---: |${BASELINE ? ' ---: | ---: |' : ''}`);
for (const [name, read] of rows) {
  const typed = median(results.typed.map(read));
  const raw = median(results.raw.map(read));
  const base = BASELINE
    ? ` ${mb(median(results.baseline.map(read)))} | ${spread('baseline', read)} |`
    : '';
  console.log(
    `| ${name} | ${mb(typed)} | ${mb(raw)} | ${(typed / raw).toFixed(2)} | ${spread('typed', read)} |${base}`,
  );
}
console.log(
  `\nall runs (MB): ${JSON.stringify(Object.fromEntries(rows.map(([name, read]) => [name, Object.fromEntries(sides.map((side) => [side, results[side].map((r) => mb(read(r)))]))])))}`,
);
const perId = (key) => dedupe.map((d) => d[key] / DEDUPE_IDS);
console.log(
  `\nInMemoryDedupeStore, ${DEDUPE_IDS} random uuid ids (heapUsed after GC, growth), median of ${RUNS}:`,
);
console.log(`| state | MB | bytes per id |`);
console.log(`| --- | ---: | ---: |`);
console.log(
  `| the ids alone, in an array | ${mb(median(dedupe.map((d) => d.arrayBytes)))} | ${median(perId('arrayBytes')).toFixed(0)} |`,
);
console.log(
  `| store full (${DEDUPE_IDS} adds) | ${mb(median(dedupe.map((d) => d.fullBytes)))} | ${median(perId('fullBytes')).toFixed(0)} |`,
);
console.log(
  `| store after ${DEDUPE_IDS} more adds (each evicts one) | ${mb(median(dedupe.map((d) => d.evictedBytes)))} | ${median(perId('evictedBytes')).toFixed(0)} |`,
);
console.log(
  `bytes per id, all runs: full ${perId('fullBytes')
    .map((b) => b.toFixed(0))
    .join(', ')}; after evictions ${perId('evictedBytes')
    .map((b) => b.toFixed(0))
    .join(', ')}`,
);
