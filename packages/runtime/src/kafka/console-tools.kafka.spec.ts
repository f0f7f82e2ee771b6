/**
 * An independent client on both sides: Kafka's own ConsoleConsumer reads what the typed producer
 * wrote, and the typed consumer reads what Kafka's ConsoleProducer wrote. Keys, headers and JSON
 * values must be exactly what docs/design.md documents.
 */
import type { Admin } from 'kafkajs';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { TASK_ID, taskSamples, tasks, USER_ID } from './__fixtures__/seed-domains';
import {
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  runKafkaTool,
  testKafka,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('console');
const bootstrap = process.env['KAFKA_BROKERS']!.split(',')[0]!;
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});
afterAll(() => admin.disconnect());

type TaskEvent = ReturnType<typeof tasks.validate>;

function sampleEvents(): TaskEvent[] {
  const created = tasks.create('task.created.v1', taskSamples['task.created.v1'], {
    userId: USER_ID,
  });
  const updated = tasks.create('task.updated.v1', taskSamples['task.updated.v1'], {
    causedBy: created,
  });
  const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], {
    causedBy: updated,
  });
  return [created, updated, completed];
}

/** ConsoleConsumer lines with print.headers and print.key: `h1:v1,h2:v2<TAB>key<TAB>value`. */
function parseConsoleLine(line: string) {
  const [headerText, key, ...valueParts] = line.split('\t');
  const headers = Object.fromEntries(
    headerText!.split(',').map((pair) => {
      const at = pair.indexOf(':'); // values such as ce_time contain ':'
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  return { headers, key, value: JSON.parse(valueParts.join('\t')) };
}

describe("Kafka's ConsoleConsumer reads what the typed producer wrote", () => {
  it.each(['binary', 'structured'] as const)(
    '%s mode: key, headers and JSON value',
    async (mode) => {
      const topic = uniqueName(`console-out-${mode}`);
      await createTopics(admin, [{ topic }]);
      const events = sampleEvents();
      const producer = createProducer(tasks, kafka, { mode, topic });
      await producer.publishMany(events);
      await producer.disconnect();

      const { stdout } = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        String(events.length),
        '--timeout-ms',
        '30000',
        '--formatter-property',
        'print.key=true',
        '--formatter-property',
        'print.headers=true',
      ]);
      const lines = stdout.trim().split('\n').map(parseConsoleLine);
      expect(lines).toHaveLength(events.length);
      lines.forEach((line, i) => {
        const event = events[i]!;
        expect(line.key).toBe(TASK_ID);
        expect(line.headers).toMatchObject({
          'x-event-type': event.event_type,
          'x-event-id': event.event_id,
          'x-correlation-id': events[0]!.event_id,
        });
        if (mode === 'binary') {
          expect(line.headers).toMatchObject({
            'content-type': 'application/json',
            ce_specversion: '1.0',
            ce_id: event.event_id,
            ce_type: event.event_type,
            ce_source: '/tasks',
            ce_subject: TASK_ID,
            ce_time: event.timestamp,
          });
          expect(line.value).toEqual(event);
        } else {
          expect(line.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
          expect(line.value).toEqual({
            specversion: '1.0',
            id: event.event_id,
            source: '/tasks',
            type: event.event_type,
            subject: TASK_ID,
            time: event.timestamp,
            datacontenttype: 'application/json',
            correlationid: events[0]!.event_id,
            ...(event.causation_id ? { causationid: event.causation_id } : {}),
            ...(event.user_id ? { userid: event.user_id } : {}),
            data: event,
          });
        }
      });
    },
  );
});

describe("the typed consumer reads what Kafka's ConsoleProducer wrote", () => {
  it('binary, structured and plain Pydantic-style records', async () => {
    const topic = uniqueName('console-in');
    await createTopics(admin, [{ topic }]);
    const [created, updated, completed] = sampleEvents() as [TaskEvent, TaskEvent, TaskEvent];
    const binary = tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']);
    const line = (headers: Record<string, string>, key: string, value: unknown) =>
      `${Object.entries(headers)
        .map(([k, v]) => `${k}:${v}`)
        .join(',')}\t${key}\t${JSON.stringify(value)}`;
    const input = [
      // Binary mode written by hand, as another language's producer would.
      line(
        {
          'content-type': 'application/json',
          ce_specversion: '1.0',
          ce_id: binary.event_id,
          ce_type: binary.event_type,
          ce_source: '/tasks',
        },
        TASK_ID,
        binary,
      ),
      line({ 'content-type': 'application/cloudevents+json; charset=UTF-8' }, TASK_ID, {
        specversion: '1.0',
        id: created.event_id,
        source: '/tasks',
        type: created.event_type,
        data: created,
      }),
      // A Pydantic service: plain envelope, unversioned type plus schema_version.
      line({ origin: 'pydantic' }, TASK_ID, { ...updated, event_type: 'task.updated' }),
      // Dapr: the CloudEvent JSON as value and no content-type.
      line({ origin: 'dapr' }, TASK_ID, {
        specversion: '1.0',
        id: 'dapr-id',
        source: 'dapr',
        type: 'com.dapr.event.sent',
        data: completed,
      }),
    ].join('\n');
    await runKafkaTool(
      'org.apache.kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--reader-property',
        'parse.key=true',
        '--reader-property',
        'parse.headers=true',
      ],
      `${input}\n`,
    );

    const received: { event: TaskEvent; key: string | null }[] = [];
    const { logger } = collectingLogger();
    const consumer = createConsumer(tasks, kafka, {
      groupId: uniqueName('console-in'),
      topic,
      consumerConfig: FAST_CONSUMER,
      logger,
      handlers: {
        'task.created.v1': (event, ctx) => void received.push({ event, key: ctx.key }),
        'task.updated.v1': (event, ctx) => void received.push({ event, key: ctx.key }),
        'task.completed.v1': (event, ctx) => void received.push({ event, key: ctx.key }),
        'task.deleted.v1': (event, ctx) => void received.push({ event, key: ctx.key }),
      },
    });
    await consumer.start();
    try {
      await waitFor(() => received.length >= 4, 'the 4 console-produced events');
    } finally {
      await consumer.stop();
    }
    expect(received.map((r) => r.event)).toEqual([binary, created, updated, completed]);
    expect(received.every((r) => r.key === TASK_ID)).toBe(true);
    expect(consumer.stats()).toMatchObject({ handled: 4, deadLettered: 0 });
  });
});
