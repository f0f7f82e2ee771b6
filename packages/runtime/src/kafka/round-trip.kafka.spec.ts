/**
 * Every event type of the four seed domains through the typed producer and consumer on a real
 * broker, in both CloudEvents content modes; the written records are also checked raw (key,
 * headers, JSON value) and with the cloudevents SDK's own Kafka reader.
 */
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import type { Admin } from 'kafkajs';
import type { AnyEventDomain } from '../core/domain-types';
import type { KafkaContentMode } from '../cloudevents/kafka-record';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import type { ExhaustiveHandlerMap } from './handlers';
import { SEED_DOMAINS, USER_ID } from './__fixtures__/seed-domains';
import {
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  readTopic,
  testKafka,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

type Event = {
  readonly event_id: string;
  readonly event_type: string;
  readonly correlation_id: string | null;
};

const kafka = testKafka('round-trip');
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});
afterAll(() => admin.disconnect());

/** One event per type, chained by causation, as a real flow would be. */
function eventsOf(domain: AnyEventDomain, samples: Readonly<Record<string, unknown>>): Event[] {
  const events: Event[] = [];
  for (const type of domain.eventTypes) {
    const causedBy = events[events.length - 1] as never;
    events.push(
      domain.create(type, samples[type] as never, {
        userId: USER_ID,
        causedBy,
      }) as unknown as Event,
    );
  }
  return events;
}

async function roundTrip(
  domain: AnyEventDomain,
  samples: Readonly<Record<string, unknown>>,
  mode: KafkaContentMode,
) {
  const topic = uniqueName(domain.topic);
  await createTopics(admin, [{ topic, partitions: 3 }]);
  const events = eventsOf(domain, samples);

  const producer = createProducer(domain, kafka, { mode, topic });
  await producer.publishMany(events as never);
  await producer.disconnect();

  const received: Event[] = [];
  const collect = (event: Event) => void received.push(event);
  const handlers = Object.fromEntries(domain.eventTypes.map((type) => [type, collect]));
  const { logger, lines } = collectingLogger();
  const consumer = createConsumer(domain, kafka, {
    groupId: uniqueName('round-trip'),
    topic,
    exhaustive: true,
    handlers: handlers as unknown as ExhaustiveHandlerMap<AnyEventDomain>,
    consumerConfig: FAST_CONSUMER,
    logger,
  });
  await consumer.start();
  try {
    await waitFor(
      () => received.length >= events.length,
      `${events.length} ${domain.domain} events`,
    );
  } finally {
    await consumer.stop();
  }
  const byId = (list: readonly Event[]) =>
    [...list].sort((a, b) => a.event_id.localeCompare(b.event_id));
  expect(byId(received)).toEqual(byId(events));
  expect(consumer.stats()).toEqual({
    handled: events.length,
    deadLettered: 0,
    skipped: 0,
    duplicates: 0,
  });
  // Only kafkajs-recovered crashes (a fresh broker's coordinator still loading) may be reported.
  const problems = lines.filter(
    (l) => l.level !== 'debug' && l.level !== 'info' && l.fields?.['code'] !== 'CONSUMER_CRASHED',
  );
  expect(problems).toEqual([]);

  const records = await readTopic(kafka, topic, events.length);
  expect(records).toHaveLength(events.length);
  for (const record of records) {
    const event = events.find((e) => e.event_id === record.headers['x-event-id'])!;
    expect(event).toBeDefined();
    expect(record.key).toBe(domain.keyOf(event as never));
    expect(record.headers).toMatchObject({
      'x-event-type': event.event_type,
      'x-event-id': event.event_id,
      'x-correlation-id': event.correlation_id,
    });
    const value = JSON.parse(record.value!);
    if (mode === 'binary') {
      // The value is the plain envelope a Pydantic consumer reads; attributes ride in ce_ headers.
      expect(value).toEqual(event);
      expect(record.headers).toMatchObject({
        'content-type': 'application/json',
        ce_specversion: '1.0',
        ce_id: event.event_id,
        ce_type: event.event_type,
        ce_source: domain.source,
        ce_subject: record.key,
        ce_correlationid: event.correlation_id,
      });
    } else {
      expect(record.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
      expect(value).toMatchObject({
        specversion: '1.0',
        id: event.event_id,
        type: event.event_type,
        subject: record.key,
      });
      expect(value.data).toEqual(event);
    }
    // The reference SDK reads the record and finds a valid CloudEvent carrying the envelope.
    const sdkEvent = CloudEventsKafka.toEvent({
      key: record.key!,
      value: record.value!,
      body: record.value!,
      headers: record.headers,
    } as Parameters<typeof CloudEventsKafka.toEvent>[0]) as CloudEvent<unknown>;
    expect(sdkEvent.validate()).toBe(true);
    expect(sdkEvent).toMatchObject({
      id: event.event_id,
      type: event.event_type,
      source: domain.source,
      subject: record.key,
    });
    expect(sdkEvent.data).toEqual(event);
  }
  return events.length;
}

describe.each(['binary', 'structured'] as const)(
  'round trip of the seed domains in %s mode',
  (mode) => {
    it('delivers every event type of tasks, reminders, recurring and notifications', async () => {
      const counts = await Promise.all(
        SEED_DOMAINS.map(({ domain, samples }) => roundTrip(domain, samples, mode)),
      );
      expect(counts).toEqual([4, 4, 2, 3]);
    });
  },
);
