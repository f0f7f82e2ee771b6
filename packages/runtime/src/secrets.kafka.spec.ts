/**
 * SASL credentials against a real broker: the local broker has a PLAINTEXT listener only, so
 * every SASL handshake is refused by Kafka itself. The producer, the consumer and the topic
 * helpers fail through that path; neither their errors (message, stack, JSON, util.inspect with
 * causes), nor the runtime's logs, nor kafkajs' own debug logs may contain the password.
 */
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { createProducer } from './kafka/producer';
import { createConsumer } from './kafka/consumer';
import { ensureTopics } from './kafka/topics';
import { brokers, uniqueName } from './kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks } from './kafka/__fixtures__/seed-domains';
import { OutputCapture, secretValue } from './__fixtures__/secret-capture';

const SASL_PASSWORD = secretValue('sasl');
const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);

const MECHANISMS: SASLOptions[] = [
  { mechanism: 'plain', username: 'alice', password: SASL_PASSWORD },
  { mechanism: 'scram-sha-256', username: 'alice', password: SASL_PASSWORD },
  { mechanism: 'scram-sha-512', username: 'alice', password: SASL_PASSWORD },
];

describe('SASL credentials refused by a real broker', () => {
  it.each(MECHANISMS.map((sasl) => [sasl.mechanism, sasl] as const))(
    '%s: producer, consumer and topic errors and logs never contain the password',
    async (_mechanism, sasl) => {
      const capture = new OutputCapture();
      capture.captureConsole();
      try {
        const kafka = new Kafka({
          clientId: uniqueName('secrets'),
          brokers: brokers(),
          sasl,
          retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
          logLevel: logLevel.DEBUG,
          logCreator: capture.kafkaLogCreator,
        });
        const producer = createProducer(tasks, kafka, { logger: capture.logger });
        expect(await capture.failure(() => producer.publish(created))).toBeDefined();
        await producer.disconnect().catch((error: unknown) => capture.keepError(error));
        const consumer = createConsumer(tasks, kafka, {
          groupId: uniqueName('secrets'),
          handlers: {},
          logger: capture.logger,
          onError: (error) => capture.keepError(error),
          stopOnSignals: false,
        });
        expect(await capture.failure(() => consumer.start())).toBeDefined();
        await consumer.stop().catch((error: unknown) => capture.keepError(error));
        const admin = kafka.admin();
        expect(
          await capture.failure(async () => {
            await admin.connect();
            await ensureTopics(admin, [{ topic: uniqueName('secrets') }]);
          }),
        ).toBeDefined();
        await admin.disconnect();
      } finally {
        capture.restore();
      }
      // Not vacuous: the broker was reached and refused the SASL handshake, and kafkajs said so.
      expect(capture.errors.length).toBeGreaterThanOrEqual(3);
      for (const error of capture.errors) expect(String(error)).toMatch(/SASL/);
      expect(capture.leaks([SASL_PASSWORD])).toEqual([]);
    },
  );
});
