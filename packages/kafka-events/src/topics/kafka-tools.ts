/**
 * kafkajs and @kafka-events/runtime as the workspace installed them (its domain libraries depend
 * on both); the plugin itself depends on neither, so generators and targets never load Kafka code.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { TopicsCommandError } from './topics-error';

export interface TopicSpecInput {
  readonly topic: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly config?: Readonly<Record<string, string>>;
}

/** The part of a kafkajs Admin the command uses. */
export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicMetadata(request: {
    topics: string[];
  }): Promise<{ topics: { name: string; partitions: unknown[] }[] }>;
}

export interface KafkaTools {
  admin(brokers: readonly string[]): KafkaAdmin;
  ensureTopics(
    admin: KafkaAdmin,
    specs: readonly TopicSpecInput[],
  ): Promise<{ created: string[]; existing: string[] }>;
  findMissingTopics(admin: KafkaAdmin, topics: readonly string[]): Promise<string[]>;
}

interface KafkaJsModule {
  Kafka: new (config: Record<string, unknown>) => { admin(): KafkaAdmin };
  logLevel: { NOTHING: number };
}

const INSTALL = 'npm install kafkajs @kafka-events/runtime';

/** Resolves both packages the way Node resolves them from `fromDir` (a domain library's root). */
export function loadKafkaTools(fromDir: string): KafkaTools {
  const requireFrom = createRequire(join(resolve(fromDir), 'package.json'));
  const load = <T>(name: string): T => {
    try {
      return requireFrom(name) as T;
    } catch (error) {
      throw new TopicsCommandError(
        `kafka-events topics needs ${name} in the workspace, but it cannot be loaded from ${fromDir} ` +
          `(${(error as Error).message.split('\n')[0]}); install it: ${INSTALL}`,
        { cause: error },
      );
    }
  };
  const { Kafka, logLevel } = load<KafkaJsModule>('kafkajs');
  const runtime = load<Partial<KafkaTools>>('@kafka-events/runtime');
  const { ensureTopics, findMissingTopics } = runtime;
  if (typeof ensureTopics !== 'function' || typeof findMissingTopics !== 'function') {
    throw new TopicsCommandError(
      `the installed @kafka-events/runtime has no ensureTopics (it predates kafka-events topics); upgrade it: ${INSTALL}@latest`,
    );
  }
  return {
    admin: (brokers) =>
      new Kafka({
        clientId: 'kafka-events-cli',
        brokers: [...brokers],
        logLevel: logLevel.NOTHING,
        // a command line answers in seconds: an unreachable broker is reported, not waited for
        connectionTimeout: 3000,
        retry: { initialRetryTime: 300, retries: 3 },
      }).admin(),
    ensureTopics,
    findMissingTopics,
  };
}
