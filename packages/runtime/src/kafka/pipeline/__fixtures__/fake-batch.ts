/**
 * kafkajs' eachBatch payload without a broker, for the pipeline's unit specs: records as kafkajs
 * delivers them and an offset book that behaves as kafkajs' OffsetManager does for one member
 * (resolveOffset stores offset + 1, uncommittedOffsets lists what differs from the last commit,
 * a commit makes those offsets the committed ones). Kafka itself is tested on the real broker.
 */
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { encodeKafkaRecord } from '../../../cloudevents/kafka-record';
import { taskSamples, tasks } from '../../__fixtures__/seed-domains';

export const TOPIC = 'task-events';

export function kafkaMessage(
  offset: number,
  value: string | null,
  key = 'k',
  headers: Record<string, string> = {},
): KafkaMessage {
  return {
    key: Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: '1764460800000',
    offset: String(offset),
    attributes: 0,
  };
}

/** A valid task.created.v1 record whose title is `title`. */
export function taskRecord(offset: number, title: string): KafkaMessage {
  const event = tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title });
  const encoded = encodeKafkaRecord(tasks, event, 'binary');
  return kafkaMessage(offset, encoded.value, encoded.key, encoded.headers);
}

/** The group's offsets as kafkajs keeps them for this member: resolved and committed. */
export class OffsetBook {
  readonly resolved = new Map<number, string>();
  readonly committed = new Map<number, string>();
  /** Every commit sent, as partition -> offset. */
  readonly commits: Record<number, string>[] = [];

  resolve(partition: number, offset: string): void {
    this.resolved.set(partition, String(Number(offset) + 1));
  }

  uncommitted(): ReturnType<EachBatchPayload['uncommittedOffsets']> {
    const partitions = [...this.resolved]
      .filter(([partition, offset]) => this.committed.get(partition) !== offset)
      .map(([partition, offset]) => ({ partition, offset }));
    return { topics: partitions.length === 0 ? [] : [{ topic: TOPIC, partitions }] };
  }

  commit(offsets: ReturnType<EachBatchPayload['uncommittedOffsets']>): void {
    const sent: Record<number, string> = {};
    for (const { partitions } of offsets.topics) {
      for (const { partition, offset } of partitions) {
        this.committed.set(partition, offset);
        sent[partition] = offset;
      }
    }
    this.commits.push(sent);
  }
}

export interface FakeBatchOptions {
  readonly partition?: number;
  /** The group's offsets. */
  readonly book?: OffsetBook;
  /** kafkajs' heartbeat; by default it succeeds. */
  readonly heartbeat?: () => Promise<void>;
  readonly isRunning?: () => boolean;
}

export function fakeBatch(messages: KafkaMessage[], options: FakeBatchOptions = {}) {
  const partition = options.partition ?? 0;
  const book = options.book ?? new OffsetBook();
  const payload = {
    batch: { topic: TOPIC, partition, messages },
    resolveOffset: (offset: string) => book.resolve(partition, offset),
    heartbeat: options.heartbeat ?? (async () => undefined),
    commitOffsetsIfNecessary: async (offsets?: ReturnType<OffsetBook['uncommitted']>) => {
      book.commit(offsets ?? book.uncommitted());
    },
    uncommittedOffsets: () => book.uncommitted(),
    isRunning: options.isRunning ?? (() => true),
    isStale: () => false,
    pause: () => () => undefined,
  } as unknown as EachBatchPayload;
  return { payload, book };
}

/** An error as kafkajs throws it for a protocol error code (the fields the consumer reads). */
export function kafkaProtocolError(type: string): Error {
  return Object.assign(new Error(`The group is rebalancing (${type})`), {
    name: 'KafkaJSProtocolError',
    type,
    retriable: false,
  });
}
