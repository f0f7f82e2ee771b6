// The Kafka broker both legs of the demo use: KAFKA_BROKERS when set, else a local Apache Kafka
// broker (tools/kafka) that is stopped at the end, or left running with KAFKA_KEEP=1 so the
// topics of both legs can be inspected.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Resolves to {brokers: string[], release()}; call release() once both legs are done. */
export async function demoBroker() {
  const given = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (given.length > 0) return { brokers: given, release: async () => {} };
  const keep = process.env.KAFKA_KEEP === '1';
  process.stdout.write('starting a local Apache Kafka broker (tools/kafka)...\n');
  const { startBroker } = require('../../tools/kafka/broker.cjs');
  // a detached broker outlives this process, for KAFKA_KEEP=1
  const broker = await startBroker({ detached: keep });
  const release = async () => {
    if (!keep) {
      await broker.stop();
      process.stdout.write('stopped the local broker\n');
      return;
    }
    process.stdout.write(
      `KAFKA_KEEP=1: the broker and the topics of both legs stay up at ${broker.brokers.join(',')} ` +
        `(pid ${broker.pid}; data ${broker.dataDir}).\nInspect them with any Kafka tool; stop the broker with: kill ${broker.pid}\n`,
    );
  };
  return { brokers: broker.brokers, release };
}
