/**
 * Helpers of the `*.kafka.spec.ts` specs: clients for the broker that tools/kafka's jest global
 * setup started (KAFKA_BROKERS), unique names, raw reads, offsets, broker control and Kafka's
 * own console tools from the broker's jars.
 */
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import {
  Kafka,
  logLevel,
  type Admin,
  type ConsumerConfig,
  type IHeaders,
  type ISocketFactory,
  type KafkaMessage,
} from 'kafkajs';
import type { EventLogger, LogFields } from '../logger';
import { createProducer } from '../producer';
import { ensureTopics } from '../topics';
import { taskSamples, tasks } from './seed-domains';

// tools/kafka is plain CommonJS without a build step; its broker.d.ts may not exist yet.
interface BrokerControl {
  readonly bootstrap: string;
  kill(): Promise<void>;
  restart(options?: { readyTimeoutMs?: number }): Promise<void>;
  isRunning(): boolean;
}
interface BrokerModule {
  controlFromEnv(): BrokerControl;
  ensureKafkaJars(): string;
  findJava(): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const brokerModule = require(
  path.resolve(__dirname, '../../../../../tools/kafka/broker.cjs'),
) as BrokerModule;

export function brokers(): string[] {
  const list = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  if (list.length === 0)
    throw new Error('KAFKA_BROKERS is not set: run with packages/runtime/jest.kafka.config.cjs');
  return list;
}

/** A quiet kafkajs client (KAFKAJS_LOG=debug|info|warn|error to see its logs). */
export function testKafka(name: string): Kafka {
  const level = process.env['KAFKAJS_LOG']?.toUpperCase() as keyof typeof logLevel | undefined;
  return new Kafka({
    clientId: `runtime-${name}`,
    brokers: brokers(),
    logLevel: level ? logLevel[level] : logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

/**
 * An admin client connected for the whole spec file: registers the spec's beforeAll/afterAll and
 * returns a getter (the client exists only once beforeAll ran).
 */
export function connectedAdmin(kafka: Kafka): () => Admin {
  let admin: Admin | undefined;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin?.disconnect());
  return () => {
    if (!admin) throw new Error('connectedAdmin: used before beforeAll ran');
    return admin;
  };
}

/** Publishes `count` task.created.v1 events with fresh task ids; resolves to their event ids in order. */
export async function publishTaskEvents(
  kafka: Kafka,
  topic: string,
  count: number,
  batchSize = 250,
): Promise<string[]> {
  const producer = createProducer(tasks, kafka, { topic });
  const events = Array.from({ length: count }, (_, i) =>
    tasks.create('task.created.v1', {
      ...taskSamples['task.created.v1'],
      task_id: crypto.randomUUID(),
      title: `t${i}`,
    }),
  );
  for (let i = 0; i < events.length; i += batchSize)
    await producer.publishMany(events.slice(i, i + batchSize));
  await producer.disconnect();
  return events.map((e) => e.event_id);
}

/**
 * A kafkajs client whose network a spec can cut. `unplug()` ends every open connection with an
 * error, as a reset link or a dead peer shows up (a bare destroy() would not do: kafkajs 2.2.4
 * listens for 'error' and 'end' but not 'close', so every request on such a socket would wait its
 * full requestTimeout); then new connections fail at once (`'fail'`) or hang unanswered until
 * `replug()` (`'hang'`, e.g. to catch the consumer in the middle of connecting).
 */
export function unpluggableKafka(clientId: string, options: { connectionTimeout?: number } = {}) {
  const sockets = new Set<net.Socket>();
  let mode: 'connected' | 'fail' | 'hang' = 'connected';
  let held: (() => void)[] = [];
  let opened = 0;
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    opened++;
    const socket = new net.Socket();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const connect = () => void socket.connect({ host, port }, onConnect);
    if (mode === 'connected') connect();
    else if (mode === 'hang') held.push(connect);
    else process.nextTick(() => socket.destroy(new Error('network cut by the spec')));
    return socket;
  };
  const client = new Kafka({
    clientId,
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
    socketFactory,
    connectionTimeout: options.connectionTimeout,
    retry: { initialRetryTime: 100, retries: 2 },
  });
  return {
    client,
    unplug(then: 'fail' | 'hang' = 'fail') {
      mode = then;
      held = [];
      for (const socket of sockets) socket.destroy(new Error('network cut by the spec'));
    },
    /** Lets the client reach the broker again, as after a restart of its process; held connects go on. */
    replug() {
      mode = 'connected';
      const pending = held;
      held = [];
      for (const connect of pending) connect();
    },
    /** Connections that are open or being opened now. */
    openSockets: () => sockets.size,
    /** Connections attempted so far. */
    socketsOpened: () => opened,
    /** Connections waiting for `replug()`. */
    heldConnects: () => held.length,
  };
}

/** Consumer settings that keep specs quick: short fetch waits, quick heartbeats. */
export const FAST_CONSUMER: Omit<ConsumerConfig, 'groupId'> = {
  maxWaitTimeInMs: 100,
  heartbeatInterval: 500,
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  retry: { initialRetryTime: 100, retries: 8 },
};

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Fresh topics (1 partition unless told), through the runtime's own ensureTopics: leaders awaited. */
export async function createTopics(
  admin: Admin,
  topics: readonly { topic: string; partitions?: number }[],
): Promise<void> {
  await ensureTopics(
    admin,
    topics.map(({ topic, partitions = 1 }) => ({ topic, partitions, replicationFactor: 1 })),
  );
}

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Collects log lines so specs can assert on them (and keep the test output clean). */
export function collectingLogger() {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) =>
    void lines.push({ level, message, fields });
  const logger: EventLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

/**
 * Runs assertions about what a consumer did; when one fails, its message ends with the consumer's
 * warnings and errors (rejoins, crashes, failed commits), which a CI log would otherwise lack.
 */
export function withConsumerLog(
  lines: ReturnType<typeof collectingLogger>['lines'],
  assertions: () => void,
): void {
  try {
    assertions();
  } catch (error) {
    const log = lines
      .filter((line) => line.level === 'warn' || line.level === 'error')
      .map((line) => `  ${line.level} ${line.message} ${JSON.stringify(line.fields ?? {})}`);
    if (error instanceof Error)
      error.message += `\n\nconsumer warnings and errors:\n${log.join('\n') || '  (none)'}`;
    throw error;
  }
}

export interface RawRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  readonly message: KafkaMessage;
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      result[name] = (Array.isArray(value) ? value[value.length - 1] : value).toString();
  }
  return result;
}

/** Reads `count` records of a topic with a throwaway group, then `settleMs` more to catch extras. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  settleMs = 300,
): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ ...FAST_CONSUMER, groupId: uniqueName('reader') });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersAsText(message.headers),
          message,
        });
      },
    });
    await waitFor(
      () => records.length >= count,
      `${count} records on ${topic} (got ${records.length})`,
    );
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Committed offset per partition of a group (-1 = nothing committed). */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, number>> {
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(result!.partitions.map((p) => [p.partition, Number(p.offset)]));
}

/** The high watermark (next offset) per partition. */
export async function topicEnds(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

/** The broker started by the jest global setup; undefined when KAFKA_BROKERS names another cluster. */
export function brokerControl(): BrokerControl | undefined {
  return process.env['KAFKA_BROKER_CONTROL'] ? brokerModule.controlFromEnv() : undefined;
}

/** Runs one of Kafka's own tools (`org.apache.kafka.tools...`) from the broker's jars. */
export function runKafkaTool(
  mainClass: string,
  args: readonly string[],
  stdin?: string,
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string }> {
  const jarsDir = brokerModule.ensureKafkaJars();
  // tools/kafka/pom.xml includes org.apache.kafka:kafka-tools beside the broker
  const classpath = path.join(jarsDir, '*');
  return new Promise((resolve, reject) => {
    const child = execFile(
      brokerModule.findJava(),
      ['-Xms64m', '-Xmx256m', '-cp', classpath, mainClass, ...args],
      { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${mainClass} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}
