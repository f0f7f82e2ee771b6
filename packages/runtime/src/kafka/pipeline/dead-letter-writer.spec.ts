/** The dead-letter sink with a stand-in for the kafkajs producer's send (Kafka: broker specs). */
import type { Producer, ProducerRecord } from 'kafkajs';
import { silentLogger } from '../logger';
import { DLQ_HEADERS } from '../dead-letter';
import type { ConsumerError } from '../errors';
import { createDeadLetterWriter } from './dead-letter-writer';
import { TOPIC, kafkaMessage } from './__fixtures__/fake-batch';

const position = { topic: TOPIC, partition: 2, offset: '41' };
const reason = { code: 'DECODE_FAILED', message: 'not valid JSON', attempts: 0 };

function writer(send: (record: ProducerRecord) => Promise<unknown>) {
  const reported: ConsumerError[] = [];
  const sink = createDeadLetterWriter({
    deadLetterTopic: `${TOPIC}.dlq`,
    groupId: 'g',
    producer: () => ({ send }) as unknown as Producer,
    logger: silentLogger,
    report: (error) => void reported.push(error),
  });
  return { sink, reported };
}

afterEach(() => jest.useRealTimers());

it('writes the original record with the dead-letter headers, acks from all replicas', async () => {
  const sent: ProducerRecord[] = [];
  const { sink } = writer(async (record) => void sent.push(record));
  await sink(position, kafkaMessage(41, 'oops', 'key-1'), reason, async () => undefined);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ topic: `${TOPIC}.dlq`, acks: -1 });
  expect(sent[0]!.messages[0]).toMatchObject({
    key: Buffer.from('key-1'),
    value: Buffer.from('oops'),
    headers: {
      [DLQ_HEADERS.errorCode]: 'DECODE_FAILED',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '41',
      [DLQ_HEADERS.consumerGroup]: 'g',
    },
  });
});

it('keeps heartbeating while a write is slow, and a heartbeat error does not fail the write', async () => {
  jest.useFakeTimers();
  let finish: () => void = () => undefined;
  const { sink } = writer(() => new Promise<void>((resolve) => (finish = resolve)));
  let beats = 0;
  const written = sink(position, kafkaMessage(41, 'oops'), reason, async () => {
    beats++;
    throw Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
  });
  await jest.advanceTimersByTimeAsync(3_500);
  expect(beats).toBe(3);
  finish();
  await expect(written).resolves.toBeUndefined();
  await jest.advanceTimersByTimeAsync(5_000);
  expect(beats).toBe(3); // no heartbeat after the write
});

it('reports and throws DEAD_LETTER_FAILED naming the record and the topic when the write fails', async () => {
  const { sink, reported } = writer(async () => {
    throw new Error('This server does not host this topic-partition');
  });
  const failed = sink(position, kafkaMessage(41, 'oops'), reason, async () => undefined);
  await expect(failed).rejects.toMatchObject({ code: 'DEAD_LETTER_FAILED' });
  await expect(failed).rejects.toThrow(`${TOPIC}[2]@41`);
  await expect(failed).rejects.toThrow(`${TOPIC}.dlq`);
  expect(reported.map((e) => e.code)).toEqual(['DEAD_LETTER_FAILED']);
});
