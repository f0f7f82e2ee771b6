/** Types of tools/kafka/broker.cjs: a real single-node Apache Kafka broker for tests and scripts. */

export class KafkaBrokerError extends Error {
  name: 'KafkaBrokerError';
}

export interface StartBrokerOptions {
  /** Where server.properties, the KRaft logs and broker.log live. Default: a new temp dir, removed by stop(). A given dir is kept. */
  dataDir?: string;
  /** Client (PLAINTEXT) port on 127.0.0.1. Default: a free port picked by the kernel. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default: a free port. */
  controllerPort?: number;
  /** The JVM's stdout/stderr (appended across restarts). Default: `<dataDir>/broker.log`. */
  logFile?: string;
  /** Kafka version to run. Default: $KAFKA_VERSION, else the one in tools/kafka/pom.xml. */
  version?: string;
  /** How long to wait for "Kafka Server started" plus a successful describeCluster. Default 90000. */
  readyTimeoutMs?: number;
  /** No owner: the JVM outlives this process (the CLI uses this). Default false: killed when this process exits. */
  detached?: boolean;
  /** Extra JVM arguments, e.g. `-Dorg.slf4j.simpleLogger.log.kafka.request.logger=debug` to log every request. */
  jvmArgs?: string[];
  /**
   * `auto.create.topics.enable`. Default true. Pass false to behave like a managed or production
   * cluster, where producing to (or dead-lettering into) a topic nobody created fails.
   */
  autoCreateTopics?: boolean;
}

/** A handle on a broker through its control file; every call re-reads it, so handles in other processes stay in sync. */
export class Broker {
  /** The control file (JSON) that describes this broker; KAFKA_BROKER_CONTROL names it in jest. */
  readonly controlFile: string;
  /** `['127.0.0.1:<port>']`, for kafkajs `brokers`. */
  readonly brokers: string[];
  /** `'127.0.0.1:<port>'` */
  readonly bootstrap: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly version: string;
  /** The current JVM's pid (a restart changes it). */
  readonly pid: number;
  /** True while the current JVM is alive. */
  isRunning(): boolean;
  /** SIGKILL the JVM (a crash) and wait until it is gone. Data and control file stay: restart() brings it back. */
  kill(): Promise<void>;
  /** Stop the JVM if running (graceful), start a new one on the same ports and data dir, wait until ready. */
  restart(options?: { readyTimeoutMs?: number; stopTimeoutMs?: number }): Promise<void>;
  /** SIGTERM, SIGKILL after `timeoutMs` (default 30000); removes the control file and, if this module created it (or `removeData`), the data dir. */
  stop(options?: { timeoutMs?: number; removeData?: boolean }): Promise<void>;
  /** The last `n` lines (default 50) of the broker log. */
  logTail(n?: number): string;
}

/** Downloads the broker jars with Maven on first use (tools/kafka/.cache/jars-<version>); returns that dir. */
export function ensureKafkaJars(options?: { version?: string }): string;
/** Starts a broker and resolves once it serves requests. */
export function startBroker(options?: StartBrokerOptions): Promise<Broker>;
/** A handle on an existing broker from its control file. */
export function attachBroker(controlFile: string): Broker;
/** In a jest worker: the broker of tools/kafka/jest-global-setup.cjs (KAFKA_BROKER_CONTROL), for kill()/restart() in fault tests. */
export function controlFromEnv(env?: NodeJS.ProcessEnv): Broker;
/** Kills brokers whose owning process died without stopping them; returns their records. startBroker() calls it. */
export function reapStaleBrokers(options?: {
  log?: (message: string) => void;
}): Array<{ pid: number; bootstrap: string; dataDir: string }>;
/** The Kafka version pinned in tools/kafka/pom.xml. */
export function defaultKafkaVersion(): string;
/** Path of a working Java 17+ (`$JAVA_HOME/bin/java` or `java`); throws a KafkaBrokerError saying what to install. */
export function findJava(env?: NodeJS.ProcessEnv): string;
/** `mvn` if it runs; throws a KafkaBrokerError saying what to install. */
export function findMaven(env?: NodeJS.ProcessEnv): string;
/** tools/kafka/.cache */
export const CACHE_DIR: string;
