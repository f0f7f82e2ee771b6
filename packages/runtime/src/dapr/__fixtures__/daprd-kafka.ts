/**
 * The Kafka side of a `*.daprd.spec.ts` file: clients for the test broker, fresh topics with their
 * dead-letter topics, records written as a foreign producer would, and the checks every spec
 * makes afterwards (the group committed everything, the DLQ holds what it should).
 */
import type { Kafka, Producer } from 'kafkajs';
import {
  committedOffsets,
  connectedAdmin,
  createTopics,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
} from '../../kafka/__fixtures__/kafka-harness';
import type { AnyEventDomain, DomainEventOf } from '../../core/domain-types';
import { toCloudEvent } from '../../cloudevents/cloud-event';

/** A Resiliency policy short enough for specs: 2 retries, 200 ms apart. */
export const FAST_RETRY = {
  retryPolicy: 'constant',
  retryDuration: '200ms',
  retryMaxRetries: 2,
} as const;

/** Registers beforeAll/afterAll for the spec file's clients and returns its helpers. */
export function daprdKafka(name: string) {
  const kafka: Kafka = testKafka(name);
  const admin = connectedAdmin(kafka);
  let producer: Producer | undefined;
  beforeAll(async () => {
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(() => producer?.disconnect());

  /** Fresh topics named after the prefixes, each with its `<topic>.dlq`. */
  async function topics(prefixes: readonly string[], partitions = 1): Promise<string[]> {
    const names = prefixes.map((prefix) => uniqueName(prefix));
    await createTopics(
      admin(),
      names.flatMap((topic) => [{ topic, partitions }, { topic: `${topic}.dlq` }]),
    );
    return names;
  }

  /** Records written by a plain kafkajs producer: `[key, value]` pairs, in order. */
  async function send(
    topic: string,
    records: readonly (readonly [string, string])[],
  ): Promise<void> {
    await producer!.send({ topic, messages: records.map(([key, value]) => ({ key, value })) });
  }

  /** Events as structured CloudEvents, keyed as given (default: their entity key). */
  async function sendCloudEvents<D extends AnyEventDomain>(
    domain: D,
    topic: string,
    events: readonly DomainEventOf<D>[],
    key?: (event: DomainEventOf<D>, index: number) => string,
  ): Promise<void> {
    await send(
      topic,
      events.map((event, i) => {
        const cloudEvent = toCloudEvent(domain, event);
        return [
          key ? key(event, i) : String(cloudEvent.subject),
          JSON.stringify(cloudEvent),
        ] as const;
      }),
    );
  }

  /** Waits until the group committed every partition of the topic to its end. */
  async function expectAllCommitted(
    groupId: string,
    topic: string,
    timeoutMs = 60_000,
  ): Promise<void> {
    const ends = await topicEnds(admin(), topic);
    await waitFor(
      async () => {
        const committed = await committedOffsets(admin(), groupId, topic);
        // An empty partition has nothing to commit (Kafka reports -1 for it).
        return [...ends].every(([partition, end]) => end === 0 || committed.get(partition) === end);
      },
      `group ${groupId} to commit ${topic} to its end`,
      timeoutMs,
    );
  }

  /** The group's state, members and committed offsets against the topic's ends, for failures. */
  async function describeGroup(groupId: string, topic: string): Promise<string> {
    const [ends, committed, { groups }] = await Promise.all([
      topicEnds(admin(), topic),
      committedOffsets(admin(), groupId, topic),
      admin().describeGroups([groupId]),
    ]);
    const partitions = [...ends].map(
      ([partition, end]) => `${partition}: committed ${committed.get(partition) ?? '-'} of ${end}`,
    );
    const group = groups[0];
    return (
      `group ${groupId}: ${group?.state ?? 'unknown'}, ${group?.members.length ?? 0} member(s); ` +
      `${topic} partitions ${partitions.join(', ')}`
    );
  }

  /** How many records the topic's dead-letter topic holds. */
  async function dlqSize(topic: string): Promise<number> {
    return [...(await topicEnds(admin(), `${topic}.dlq`)).values()].reduce((a, b) => a + b, 0);
  }

  return {
    kafka,
    admin,
    topics,
    send,
    sendCloudEvents,
    expectAllCommitted,
    describeGroup,
    dlqSize,
  };
}
