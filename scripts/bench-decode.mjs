// Decode throughput on the seed events (packages/runtime/src/kafka/__fixtures__/seed-domains.ts):
// per seed domain, events per CPU second of
//   JSON.parse   JSON.parse(bytes.toString()), what a raw kafkajs consumer does with a value;
//   zod          the plain Zod path (before): strict UTF-8 + JSON + the event type's envelope
//                schema's safeParse + deep freeze, i.e. deserialize without the fast path;
//   deserialize  domain.deserialize(bytes) (after: the fast path compiled from the same schema).
// The three run interleaved in one process (their order rotates each run), BENCH_RUNS runs
// (default 7) of BENCH_DECODES decodes each (default 20000). Prints the median events/CPU-s, the
// median ratio to JSON.parse with its spread (min-max over runs), and os.loadavg() before and after.
// BENCH_BASELINE: another checkout of this repo (`git worktree add /tmp/before <commit>`): its
// deserialize runs too ("baseline"), interleaved in the same runs on the same bytes.
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { compileForBench, root } from './bench-kafka-shared.mjs';
import { median, medianAndSpread } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DECODES = Number(process.env.BENCH_DECODES ?? 20_000);
const EVENTS_PER_DOMAIN = 64;

/** Compiles the seed domains fixture and the runtime sources it imports (CommonJS) for `require`. */
function compileSeedDomains(checkout = root, name = 'decode') {
  const src = join(checkout, 'packages/runtime/src');
  return compileForBench(name, [
    join(src, 'kafka/__fixtures__/seed-domains.ts'),
    ...['--rootDir', src, '--target', 'ES2022', '--lib', 'ES2022'],
    ...['--module', 'node16', '--moduleResolution', 'node16', '--types', 'node'],
    ...['--strict', '--skipLibCheck', '--esModuleInterop'],
  ]);
}

const built = compileSeedDomains();
const load = (path) => require(join(built, path));
const { SEED_DOMAINS } = load('kafka/__fixtures__/seed-domains.js');
const { envelopeSchemaFor } = load('core/envelope.js');
const { parseJsonObject } = load('core/decode.js');
const { deepFreeze } = load('core/deep-freeze.js');
const BASELINE = process.env.BENCH_BASELINE;
const baselineDomains =
  BASELINE &&
  require(
    join(compileSeedDomains(BASELINE, 'decode-baseline'), 'kafka/__fixtures__/seed-domains.js'),
  ).SEED_DOMAINS;

/** deserialize as it was before the fast path: every event through Zod's safeParse. */
function plainZodDeserializer(domain) {
  const schemas = new Map(
    domain.events.map((definition) => [
      definition.type,
      envelopeSchemaFor(definition, domain.metadata),
    ]),
  );
  return (bytes) => {
    const value = parseJsonObject(bytes, 'Event');
    const parsed = schemas.get(value.event_type).safeParse(value);
    if (!parsed.success) throw parsed.error;
    return deepFreeze(parsed.data);
  };
}

/** EVENTS_PER_DOMAIN wire events cycling through the domain's types (fresh ids each). */
function wireEvents(domain, samples) {
  const types = Object.keys(samples);
  return Array.from({ length: EVENTS_PER_DOMAIN }, (_, i) => {
    const type = types[i % types.length];
    return Buffer.from(domain.serialize(domain.create(type, samples[type])));
  });
}

/**
 * Events per CPU second of `decode` over `events`, DECODES calls. CPU time (this process, GC
 * threads included), not wall time: on a shared 2-core machine wall time mostly measures how long
 * the scheduler kept the process waiting.
 */
function throughput(decode, events) {
  let sink = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < DECODES; i++) sink += decode(events[i % events.length]) === null ? 1 : 0;
  const { user, system } = process.cpuUsage(start);
  if (sink !== 0) throw new Error('a decoder returned null');
  return DECODES / ((user + system) / 1e6);
}

const benches = SEED_DOMAINS.map(({ domain, samples }, index) => {
  const events = wireEvents(domain, samples);
  const contenders = {
    'JSON.parse': (bytes) => JSON.parse(bytes.toString()),
    zod: plainZodDeserializer(domain),
    deserialize: domain.deserialize,
    ...(baselineDomains ? { baseline: baselineDomains[index].domain.deserialize } : {}),
  };
  // Not vacuous: every contender decodes every event to the same value.
  for (const bytes of events) {
    const expected = JSON.stringify(contenders['JSON.parse'](bytes));
    for (const [name, decode] of Object.entries(contenders)) {
      if (JSON.stringify(decode(bytes)) !== expected)
        throw new Error(`${name} decodes a ${domain.domain} event differently`);
    }
  }
  const bytes = events.reduce((sum, event) => sum + event.length, 0) / events.length;
  return { name: domain.domain, bytes, events, contenders, rates: {} };
});

const loadBefore = loadavg();
// Warm-up: every decoder optimised before the first timed run.
for (const { events, contenders } of benches) {
  for (const decode of Object.values(contenders)) throughput(decode, events);
}
for (let run = 0; run < RUNS; run++) {
  for (const bench of benches) {
    const names = Object.keys(bench.contenders);
    const order = names.map((_, i) => names[(i + run) % names.length]);
    for (const name of order) {
      (bench.rates[name] ??= []).push(throughput(bench.contenders[name], bench.events));
    }
  }
}
const loadAfter = loadavg();

const fmt = (n) => n.toFixed(2);
const rows = [];
for (const { name, bytes, rates } of benches) {
  const baseline = rates['JSON.parse'];
  const ratio = (side) => rates[side].map((rate, run) => rate / baseline[run]);
  const summary = (side) => {
    const ratios = ratio(side);
    return medianAndSpread(ratios, (r) => `${fmt(r)}x`);
  };
  rows.push({
    domain: name,
    'bytes/event': Math.round(bytes),
    'JSON.parse ev/cpu-s': Math.round(median(baseline)),
    'zod ev/cpu-s': Math.round(median(rates.zod)),
    'deserialize ev/cpu-s': Math.round(median(rates.deserialize)),
    'zod / JSON.parse': summary('zod'),
    'deserialize / JSON.parse': summary('deserialize'),
    'deserialize / zod': fmt(median(rates.deserialize.map((rate, run) => rate / rates.zod[run]))),
    ...(rates.baseline
      ? {
          'baseline / JSON.parse': summary('baseline'),
          'deserialize / baseline': fmt(
            median(rates.deserialize.map((rate, run) => rate / rates.baseline[run])),
          ),
        }
      : {}),
  });
}
console.log(
  `decode: ${RUNS} interleaved runs x ${DECODES} decodes per domain, medians (spread min-max); ` +
    `${cpus().length} CPUs, node ${process.version}`,
);
console.log(`load average before: ${loadBefore.map(fmt).join(' ')}`);
console.table(rows);
console.log(`load average after: ${loadAfter.map(fmt).join(' ')}`);
