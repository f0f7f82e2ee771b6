// The Kafka half of the demo: a real broker (tools/kafka, or KAFKA_BROKERS), then the demo
// workspace's own script publishes and consumes through the generated libraries.
// KAFKA_KEEP=1 leaves the broker and its topics running for inspection.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export async function runKafkaDemo(ws, { scope }) {
  const keep = process.env.KAFKA_KEEP === '1';
  let broker;
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    process.stdout.write('starting a local Apache Kafka broker (tools/kafka)...\n');
    const { startBroker } = require('../tools/kafka/broker.cjs');
    // a detached broker outlives this process, for KAFKA_KEEP=1
    broker = await startBroker({ detached: keep });
    brokers = broker.brokers.join(',');
  }
  process.stdout.write(`KAFKA_BROKERS=${brokers}\n`);
  try {
    copyFileSync(join(here, 'demo', 'event-stream.mjs'), join(ws.root, 'kafka-events-demo.mjs'));
    const result = ws.run('node', ['kafka-events-demo.mjs'], {
      env: { KAFKA_BROKERS: brokers, DEMO_SCOPE: scope, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      allowFailure: true,
    });
    process.stdout.write(result.output);
    if (result.status !== 0) throw new Error(`the event stream failed (exit ${result.status})`);
  } finally {
    if (broker && keep) {
      process.stdout.write(
        `KAFKA_KEEP=1: the broker and its topics stay up at ${brokers} (pid ${broker.pid}; data ${broker.dataDir}).\n` +
          `Inspect them with any Kafka tool; stop the broker with: kill ${broker.pid}\n`,
      );
    } else if (broker) {
      await broker.stop();
      process.stdout.write('stopped the local broker\n');
    }
  }
}
