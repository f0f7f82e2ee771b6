/**
 * `kafka-events topics [projectRoot...] [--ensure]`: each domain's topic and dead-letter topic,
 * as kafka-events.json declares them, reported against the cluster or created there.
 */
import { readDomainConfigFile } from '../contract/domain-config-file';
import { findDomainLibraries } from '../topics/find-domain-libraries';
import { loadKafkaTools, type KafkaAdmin, type KafkaTools } from '../topics/kafka-tools';
import { domainTopicSpecs, type DomainTopicSpec } from '../topics/topic-settings';
import { TopicsCommandError } from '../topics/topics-error';
import { EXIT_INCOMPATIBLE, EXIT_OK, UsageError, type CliIO, type Command } from './command';
import { DEBUG_ENV } from './failure';

export const BROKERS_ENV = 'KAFKA_BROKERS';

interface DomainTopics {
  readonly domain: string;
  readonly projectRoot: string;
  readonly specs: readonly DomainTopicSpec[];
}

export const topicsCommand: Command = {
  name: 'topics',
  synopsis: 'topics [projectRoot...] [--ensure]',
  summary: "report each domain's topic and dead-letter topic;\n--ensure creates the missing ones",
  help: `Usage: kafka-events topics [projectRoot...] [--ensure] [--brokers host:port,...] [--domain name]

Reads kafka-events.json of each domain library (the given project roots, or every library under
the current folder) and checks its topic and dead-letter topic (<topic>.dlq) on the cluster.
With --ensure, creates the missing ones with the declared partitions, replication factor and
retention; existing topics are never changed, and one whose partition count differs from the
declared one fails the command before anything is created.

Declared in kafka-events.json (every field optional; defaults suit a one-broker dev cluster):
  "topics": {
    "events":     { "partitions": 3, "replicationFactor": 1, "retentionMs": 604800000 },
    "deadLetter": { "replicationFactor": 1, "retentionMs": 2592000000, "config": {} }
  }
The dead-letter topic has the events topic's partition count unless it declares its own.
Production clusters usually want "replicationFactor": 3 and
"config": { "min.insync.replicas": "2" } in both.

Options:
      --ensure             create missing topics (idempotent)
      --brokers <list>     comma-separated host:port (default: $${BROKERS_ENV})
      --domain <name>      only this domain (kafka-events.json "domain")
  -h, --help               show this help

Exit status: 0 all topics there (or created), 1 a topic is missing or has another partition
count (without --ensure), 2 bad input, unreachable cluster, or a topic the cluster refused
(one line on stderr; ${DEBUG_ENV}=1 adds the stack trace).
`,
  options: {
    ensure: { type: 'boolean', default: false },
    brokers: { type: 'string' },
    domain: { type: 'string' },
  },
  async run(positionals, values, io) {
    const domains = selectDomains(positionals, values.domain as string | undefined);
    const brokers = brokerList(values.brokers as string | undefined, process.env);
    const tools = loadKafkaTools(domains[0]!.projectRoot);
    const admin = tools.admin(brokers);
    await clusterCall(`cannot reach Kafka at ${brokers.join(',')}`, () => admin.connect());
    try {
      const session = { tools, admin, domains, io };
      return values.ensure ? await ensure(session) : await report(session);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },
};

function selectDomains(positionals: string[], only: string | undefined): DomainTopics[] {
  const roots = positionals.length > 0 ? positionals : findDomainLibraries('.');
  if (roots.length === 0) {
    throw new UsageError(
      'no domain library (kafka-events.json) under the current folder; pass project roots',
    );
  }
  const all = roots.map((root) => {
    const projectRoot = root.replace(/[\\/]+$/, '') || '.';
    const { file, config } = readDomainConfigFile(projectRoot);
    return { domain: config.domain, projectRoot, specs: domainTopicSpecs(file, config) };
  });
  refuseSharedTopics(all);
  if (only === undefined) return all;
  const chosen = all.filter((d) => d.domain === only);
  if (chosen.length === 0) {
    throw new UsageError(
      `--domain ${only}: no such domain (found: ${all.map((d) => d.domain).join(', ')})`,
    );
  }
  return chosen;
}

/** Two libraries declaring one topic would create it with whichever settings came first. */
function refuseSharedTopics(domains: readonly DomainTopics[]): void {
  const owner = new Map<string, string>();
  for (const { projectRoot, specs } of domains) {
    for (const { topic } of specs) {
      const first = owner.get(topic);
      if (first !== undefined)
        throw new UsageError(`${first} and ${projectRoot} both declare topic "${topic}"`);
      owner.set(topic, projectRoot);
    }
  }
}

function brokerList(option: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const raw = option ?? env[BROKERS_ENV];
  if (raw === undefined || raw.trim() === '') {
    throw new UsageError(
      `no Kafka cluster given: pass --brokers host:port or set ${BROKERS_ENV} (e.g. ${BROKERS_ENV}=localhost:9092)`,
    );
  }
  const brokers = raw.split(',').map((b) => b.trim());
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker))
      throw new UsageError(`broker ${JSON.stringify(broker)} is not host:port`);
  }
  return brokers;
}

/** Runs a request to the cluster; any failure becomes one line naming what was attempted. */
async function clusterCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new TopicsCommandError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

const partitions = (n: number) => `${n} partition${n === 1 ? '' : 's'}`;

function describe(spec: DomainTopicSpec): string {
  const configs = Object.entries(spec.config).map(([name, value]) => `${name}=${value}`);
  return [
    partitions(spec.partitions),
    `replication factor ${spec.replicationFactor}`,
    ...configs,
  ].join(', ');
}

/** What one run of the command works with. */
interface Session {
  readonly tools: KafkaTools;
  readonly admin: KafkaAdmin;
  readonly domains: readonly DomainTopics[];
  readonly io: CliIO;
}

/** One line per topic, domain by domain: `tasks: task-events: <state>`. */
function printStates(session: Session, stateOf: (spec: DomainTopicSpec) => string): void {
  for (const { domain, specs } of session.domains) {
    for (const spec of specs) session.io.stdout(`${domain}: ${spec.topic}: ${stateOf(spec)}\n`);
  }
}

async function ensure(session: Session): Promise<number> {
  // one call: a partition mismatch anywhere fails it before any topic is created
  const specs = session.domains.flatMap((d) => d.specs);
  const { created } = await clusterCall('could not ensure the topics', () =>
    session.tools.ensureTopics(session.admin, specs),
  );
  printStates(session, (spec) =>
    created.includes(spec.topic) ? `created (${describe(spec)})` : 'existing',
  );
  session.io.stdout(`${created.length} created, ${specs.length - created.length} existing\n`);
  return EXIT_OK;
}

async function report(session: Session): Promise<number> {
  const { tools, admin, io } = session;
  const specs = session.domains.flatMap((d) => d.specs);
  const missing = new Set(
    await clusterCall('could not list the topics', () =>
      tools.findMissingTopics(
        admin,
        specs.map((s) => s.topic),
      ),
    ),
  );
  const present = specs.filter((s) => !missing.has(s.topic)).map((s) => s.topic);
  const { topics } = present.length
    ? await clusterCall('could not read topic metadata', () =>
        admin.fetchTopicMetadata({ topics: present }),
      )
    : { topics: [] };
  const partitionCounts = new Map(topics.map((t) => [t.name, t.partitions.length]));
  let problems = 0;
  printStates(session, (spec) => {
    const actual = partitionCounts.get(spec.topic);
    if (actual === spec.partitions) return `ok (${partitions(actual)})`;
    problems++;
    return actual === undefined
      ? 'missing'
      : `mismatch: has ${partitions(actual)}, declared ${spec.partitions}`;
  });
  if (problems === 0) return EXIT_OK;
  io.stdout(
    `${problems} of ${specs.length} topics missing or mismatched; \`kafka-events topics --ensure\` creates missing ones (it never changes existing topics)\n`,
  );
  return EXIT_INCOMPATIBLE;
}
