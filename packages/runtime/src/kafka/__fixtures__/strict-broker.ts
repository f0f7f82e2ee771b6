/**
 * A broker of the spec file's own with auto.create.topics.enable=false, as managed and production
 * clusters run: a topic nobody created does not exist, also not after a produce or a metadata
 * request. The shared broker of jest.kafka.config.cjs keeps auto-creation on (README of tools/kafka).
 */
import * as path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';

interface StrictBroker {
  readonly brokers: string[];
  readonly bootstrap: string;
  stop(): Promise<void>;
}
// tools/kafka is plain CommonJS (types in broker.d.ts, outside this package's sources)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startBroker } = require(
  path.resolve(__dirname, '../../../../../tools/kafka/broker.cjs'),
) as {
  startBroker(options: { autoCreateTopics: boolean }): Promise<StrictBroker>;
};

/**
 * Starts the broker in beforeAll and stops it in afterAll of the calling spec file; the getters
 * work once beforeAll ran.
 */
export function brokerWithoutAutoCreate(clientId: string) {
  let broker: StrictBroker | undefined;
  let kafka: Kafka | undefined;
  let admin: Admin | undefined;
  beforeAll(async () => {
    broker = await startBroker({ autoCreateTopics: false });
    kafka = new Kafka({
      clientId,
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, retries: 5 },
    });
    admin = kafka.admin();
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('brokerWithoutAutoCreate: used before beforeAll ran');
    return value;
  };
  return {
    kafka: () => ready(kafka),
    admin: () => ready(admin),
    bootstrap: () => ready(broker).bootstrap,
  };
}
