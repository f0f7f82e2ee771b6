/**
 * The typed kafkajs producer of a domain: accepts only the domain's events, validates them,
 * keys them by entity and writes them under the CloudEvents Kafka binding.
 */
import type {
  CompressionTypes,
  Kafka,
  Message,
  Producer,
  ProducerConfig,
  RecordMetadata,
  Sender,
  Transaction,
  TopicOffsets,
} from 'kafkajs';
import type { AnyEventDomain, DomainEventOf } from '../core/domain-types';
import { encodeKafkaRecord, type KafkaContentMode } from '../cloudevents/kafka-record';
import { ProducerConfigError, PublishError } from './errors';
import { eventHeaders } from './record-headers';
import { consoleLogger, type EventLogger } from './logger';

export interface ProducerOptions {
  /**
   * CloudEvents content mode. Default `binary`: the value is the plain envelope JSON that
   * Pydantic and other non-CloudEvents consumers read unchanged, the attributes ride in `ce_*`
   * headers. `structured` writes the CloudEvent JSON as the value (what Dapr expects).
   */
  readonly mode?: KafkaContentMode;
  /** Default: the domain's topic. */
  readonly topic?: string;
  /** Validate every event against its schema before sending. Default true. */
  readonly validate?: boolean;
  /** Idempotent producer (acks all, one request in flight, no duplicates on retry). Default true. */
  readonly idempotent?: boolean;
  /** Turns on transactions (implies idempotent). `publish` outside `transaction()` then runs in its own. */
  readonly transactionalId?: string;
  /** Default -1 (all in-sync replicas); an idempotent producer requires -1. */
  readonly acks?: -1 | 0 | 1;
  readonly compression?: CompressionTypes;
  /** Broker-side wait for acks, ms (kafkajs default 30 000). */
  readonly timeout?: number;
  /** Anything else for `kafka.producer(...)`. */
  readonly producerConfig?: Omit<ProducerConfig, 'idempotent' | 'transactionalId'>;
  readonly logger?: EventLogger;
}

export interface PublishOptions {
  /** Overrides the producer's topic for this call. */
  readonly topic?: string;
  /** Extra headers for every record of this call (cannot replace the event headers). */
  readonly headers?: Readonly<Record<string, string | Buffer>>;
}

/** Publishing inside a transaction; `sendOffsets` makes consume-transform-produce atomic. */
export interface DomainTransaction<D extends AnyEventDomain> {
  publish(event: DomainEventOf<D>, options?: PublishOptions): Promise<RecordMetadata[]>;
  publishMany(
    events: readonly DomainEventOf<D>[],
    options?: PublishOptions,
  ): Promise<RecordMetadata[]>;
  sendOffsets(offsets: { consumerGroupId: string; topics: TopicOffsets[] }): Promise<void>;
}

export interface DomainProducer<D extends AnyEventDomain> {
  readonly domain: D;
  readonly topic: string;
  readonly mode: KafkaContentMode;
  /** The kafkajs producer underneath (events, metrics). */
  readonly producer: Producer;
  /** Optional: the first publish connects. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  publish(event: DomainEventOf<D>, options?: PublishOptions): Promise<RecordMetadata[]>;
  /** Validates all events first (nothing is sent if one is invalid), then sends them in one request. */
  publishMany(
    events: readonly DomainEventOf<D>[],
    options?: PublishOptions,
  ): Promise<RecordMetadata[]>;
  /** Runs `fn` in a Kafka transaction: committed when it resolves, aborted when it throws. */
  transaction<T>(fn: (tx: DomainTransaction<D>) => Promise<T>): Promise<T>;
  /** The record `publish` would send (key, value, headers), for tests and custom senders. */
  encode(event: DomainEventOf<D>): Message;
}

const identity = <T>(value: T): T => value;

function resolveConfig(domain: AnyEventDomain, options: ProducerOptions) {
  const transactional = options.transactionalId !== undefined;
  const idempotent = options.idempotent ?? true;
  if (transactional && options.idempotent === false) {
    throw new ProducerConfigError(
      `createProducer(${domain.domain}): transactions require idempotent: true`,
    );
  }
  const acks = options.acks ?? -1;
  if ((idempotent || transactional) && acks !== -1) {
    throw new ProducerConfigError(
      `createProducer(${domain.domain}): an idempotent producer requires acks -1 (all), got ${acks}`,
    );
  }
  const mode = options.mode ?? 'binary';
  if (mode !== 'binary' && mode !== 'structured') {
    throw new ProducerConfigError(
      `createProducer(${domain.domain}): mode must be "binary" or "structured", got ${String(mode)}`,
    );
  }
  return { transactional, idempotent: idempotent || transactional, acks, mode };
}

export function createProducer<D extends AnyEventDomain>(
  domain: D,
  kafka: Kafka,
  options: ProducerOptions = {},
): DomainProducer<D> {
  const { transactional, idempotent, acks, mode } = resolveConfig(domain, options);
  const topic = options.topic ?? domain.topic;
  const logger = options.logger ?? consoleLogger;
  // toCloudEvent validates through domain.validate; with validate:false it gets a pass-through.
  const encodingDomain: D =
    options.validate === false ? (Object.freeze({ ...domain, validate: identity }) as D) : domain;

  const producer = kafka.producer({
    ...options.producerConfig,
    idempotent,
    // One request in flight keeps per-partition order even when a retry happens.
    ...(idempotent ? { maxInFlightRequests: 1 } : {}),
    ...(transactional ? { transactionalId: options.transactionalId } : {}),
  });

  let connecting: Promise<void> | undefined;
  const connect = () => {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined; // let the next call try again
      throw error;
    });
    return connecting;
  };

  function encode(event: DomainEventOf<D>, extra?: PublishOptions['headers']): Message {
    const record = encodeKafkaRecord(encodingDomain, event, mode);
    return {
      key: record.key,
      value: record.value,
      headers: { ...extra, ...record.headers, ...eventHeaders(event) },
    };
  }

  async function sendWith(
    sender: Sender | Transaction,
    events: readonly DomainEventOf<D>[],
    publishOptions: PublishOptions = {},
  ): Promise<RecordMetadata[]> {
    // Encoding validates: everything is checked before anything is sent.
    const messages = events.map((event) => encode(event, publishOptions.headers));
    if (messages.length === 0) return [];
    const target = publishOptions.topic ?? topic;
    try {
      return await sender.send({
        topic: target,
        messages,
        acks,
        ...(options.compression !== undefined ? { compression: options.compression } : {}),
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      });
    } catch (error) {
      throw new PublishError(
        target,
        events.map((event) => event.event_id),
        error,
      );
    }
  }

  async function transaction<T>(fn: (tx: DomainTransaction<D>) => Promise<T>): Promise<T> {
    if (!transactional) {
      throw new ProducerConfigError(
        `Producer of ${domain.domain} has no transactionalId: pass createProducer(domain, kafka, { transactionalId })`,
      );
    }
    await connect();
    const tx = await producer.transaction();
    const scope: DomainTransaction<D> = {
      publish: (event, publishOptions) => sendWith(tx, [event], publishOptions),
      publishMany: (events, publishOptions) => sendWith(tx, events, publishOptions),
      sendOffsets: (offsets) => tx.sendOffsets(offsets),
    };
    try {
      const result = await fn(scope);
      await tx.commit();
      return result;
    } catch (error) {
      await tx
        .abort()
        .catch((abortError: unknown) =>
          logger.error('aborting the transaction failed', { topic, error: String(abortError) }),
        );
      throw error;
    }
  }

  async function publishMany(events: readonly DomainEventOf<D>[], publishOptions?: PublishOptions) {
    if (transactional) return transaction((tx) => tx.publishMany(events, publishOptions));
    await connect();
    return sendWith(producer, events, publishOptions);
  }

  return Object.freeze({
    domain,
    topic,
    mode,
    producer,
    connect,
    async disconnect() {
      if (connecting === undefined) return;
      connecting = undefined;
      await producer.disconnect();
    },
    publish: (event: DomainEventOf<D>, publishOptions?: PublishOptions) =>
      publishMany([event], publishOptions),
    publishMany,
    transaction,
    encode: (event: DomainEventOf<D>) => encode(event),
  });
}
