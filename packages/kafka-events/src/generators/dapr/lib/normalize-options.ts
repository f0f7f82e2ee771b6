import { getProjects, readJson, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { readDomainConfig, type DomainConfig } from '../../../utils/domain-config';
import { assertRelativePath } from '../../../utils/path-rules';
import { isPythonProject } from '../../../utils/project-language';
import { assertFlag, assertKebabName, fail, splitList } from '../../../utils/validation';
import type { DaprAuthType, DaprGeneratorSchema, DaprRetryPolicy } from '../schema';

export const AUTH_TYPES: readonly DaprAuthType[] = ['none', 'password', 'mtls', 'oidc'];
export const RETRY_POLICIES: readonly DaprRetryPolicy[] = ['exponential', 'constant'];
export const MAX_RETRIES_LIMIT = 100;
export const MAX_MESSAGE_BYTES = 2 ** 31 - 1;

/** How daprd redelivers an event whose handler threw: one Resiliency retry policy. */
export interface RetrySettings {
  policy: DaprRetryPolicy;
  /** Redeliveries after the first failure; bounded (never Dapr's unbounded -1). */
  maxRetries: number;
  /** Interval of the constant policy (a Go duration). */
  duration: string;
  /** Cap of the exponential policy's interval (a Go duration). */
  maxInterval: string;
}

export const DEFAULT_RETRY: RetrySettings = {
  policy: 'exponential',
  maxRetries: 5,
  duration: '1s',
  maxInterval: '10s',
};

/** One consumed domain: its recorded settings and how the app imports its library. */
export interface ConsumedDomain {
  config: DomainConfig;
  projectName: string;
  importPath: string;
}

export interface NormalizedDaprOptions {
  projectName: string;
  /** Dapr app id: scopes the manifests and names the Kafka group and client. */
  appId: string;
  projectRoot: string;
  sourceRoot: string;
  /** A Python app: manifests only, its handlers come from the `kafka-events:python` module. */
  python: boolean;
  domains: ConsumedDomain[];
  pubsubName: string;
  brokers: string[];
  /**
   * Set when --consumerGroup or --clientId is given: the app then has its own Component in its
   * manifests folder. Otherwise it shares `<componentsRoot>/<pubsubName>.yaml`, where both are
   * Dapr's `{appID}` template.
   */
  ownComponent: boolean;
  consumerGroup: string;
  clientId: string;
  authType: DaprAuthType;
  secretName: string;
  secretStore?: string;
  initialOffset: 'oldest' | 'newest';
  maxMessageBytes: number;
  /** Manifests folder relative to the app root (`dapr`). */
  manifestsDirectory: string;
  /** The same, relative to the workspace root (`apps/notifier/dapr`). */
  manifestsRoot: string;
  /** Folder of the shared Components, relative to the workspace root (`dapr/components`). */
  componentsRoot: string;
  retry: RetrySettings;
  skipFormat: boolean;
}

// Dapr component and Kubernetes secret names are DNS-1123 labels.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function assertDnsLabel(option: string, value: unknown): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > 63) {
    fail(
      option,
      value,
      'must be lowercase letters, digits and "-", starting and ending with a letter or digit (at most 63 characters)',
    );
  }
  return value;
}

// Kafka caps group and client ids at 255 characters (it stores them in short strings)
function assertKafkaId(option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]+$/.test(value))
    fail(option, value ?? '', 'may only contain letters, digits, ".", "_" and "-"');
  if (value.length > 255) fail(option, value, 'must be at most 255 characters');
  return value;
}

function parseBrokers(value: unknown): string[] {
  const brokers = (splitList('brokers', value) ?? []).filter((b) => b !== '');
  if (brokers.length === 0)
    fail('brokers', value, 'lists no broker; give host:port pairs such as "kafka:9092"');
  for (const broker of brokers) {
    // user:password@host would be a credential in plain text; the error names only the host.
    if (broker.includes('@')) {
      fail(
        'brokers',
        `<credentials>@${broker.slice(broker.lastIndexOf('@') + 1)}`,
        'a broker address must not carry credentials; choose --authType and keep them in the secret named by --secretName',
      );
    }
    const port = /^[A-Za-z0-9.-]+:(\d{1,5})$/.exec(broker)?.[1];
    if (port === undefined)
      fail('brokers', broker, 'each broker must be host:port (e.g. "kafka:9092")');
    if (Number(port) < 1 || Number(port) > 65535)
      fail('brokers', broker, 'the port must be from 1 to 65535');
  }
  return brokers;
}

// Go durations as Dapr parses them (time.ParseDuration): `500ms`, `1s`, `1m30s`, `1.5h`.
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

function assertDuration(option: string, value: unknown): string {
  if (typeof value !== 'string' || !GO_DURATION.test(value)) {
    fail(option, value ?? '', 'must be a Go duration such as "500ms", "1s" or "1m30s"');
  }
  if (!/[1-9]/.test(value)) fail(option, value, 'must be longer than zero');
  return value;
}

function retrySettings(schema: DaprGeneratorSchema): RetrySettings {
  const policy = schema.retryPolicy ?? DEFAULT_RETRY.policy;
  if (!RETRY_POLICIES.includes(policy))
    fail('retryPolicy', policy, `must be one of ${RETRY_POLICIES.join(', ')}`);
  const maxRetries = schema.retryMaxRetries ?? DEFAULT_RETRY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
    fail(
      'retryMaxRetries',
      maxRetries,
      `must be a whole number from 0 to ${MAX_RETRIES_LIMIT} (retries are bounded: an event that keeps failing goes to the dead-letter topic)`,
    );
  }
  // each interval belongs to one policy: refuse the other rather than ignore it silently
  if (policy !== 'constant' && schema.retryDuration !== undefined) {
    fail(
      'retryDuration',
      schema.retryDuration,
      'sets the interval of the constant policy; add --retryPolicy constant (the exponential policy takes --retryMaxInterval)',
    );
  }
  if (policy !== 'exponential' && schema.retryMaxInterval !== undefined) {
    fail(
      'retryMaxInterval',
      schema.retryMaxInterval,
      'caps the interval of the exponential policy; the constant policy takes --retryDuration',
    );
  }
  return {
    policy,
    maxRetries,
    duration: assertDuration('retryDuration', schema.retryDuration ?? DEFAULT_RETRY.duration),
    maxInterval: assertDuration(
      'retryMaxInterval',
      schema.retryMaxInterval ?? DEFAULT_RETRY.maxInterval,
    ),
  };
}

function findApp(tree: Tree, name: string | undefined): [string, ProjectConfiguration] {
  const projects = getProjects(tree);
  const apps = [...projects]
    .filter(([, p]) => p.projectType === 'application')
    .map(([n]) => n)
    .sort();
  if (typeof name !== 'string' || name.trim() === '') {
    fail(
      'project',
      name ?? '',
      `an app is required${apps.length ? ` (apps: ${apps.join(', ')})` : ''}`,
    );
  }
  const project = projects.get(name);
  if (!project) {
    fail(
      'project',
      name,
      `no such project in this workspace${apps.length ? `; apps: ${apps.join(', ')}` : '; create the app first'}`,
    );
  }
  // Libraries (and event libraries without a projectType) consume nothing at run time.
  if (project.projectType === 'library' || readDomainConfig(tree, project.root)) {
    fail(
      'project',
      name,
      `is a library (${project.root}); Dapr subscriptions belong to an application`,
    );
  }
  return [name, project];
}

/** Import path of a library: its tsconfig.base.json path mapping, else its package.json name. */
function importPathOf(tree: Tree, root: string): string | undefined {
  const paths: Record<string, string[]> = tree.exists('tsconfig.base.json')
    ? (readJson(tree, 'tsconfig.base.json').compilerOptions?.paths ?? {})
    : {};
  const mapped = Object.entries(paths).find(([, targets]) =>
    targets.some((target) => target.replace(/^\.\//, '').startsWith(`${root}/`)),
  );
  if (mapped) return mapped[0];
  return tree.exists(`${root}/package.json`)
    ? readJson(tree, `${root}/package.json`).name
    : undefined;
}

function findDomains(tree: Tree, value: unknown): ConsumedDomain[] {
  const names = splitList('domains', value) ?? [];
  if (names.length === 0 || names.every((n) => n === '')) {
    fail(
      'domains',
      value ?? '',
      'lists no domain; give the domains the app consumes, e.g. "tasks,reminders"',
    );
  }
  const available = new Map<string, ConsumedDomain>();
  for (const [projectName, project] of getProjects(tree)) {
    const config = readDomainConfig(tree, project.root);
    if (!config) continue;
    const importPath = importPathOf(tree, project.root);
    if (importPath) available.set(config.domain, { config, projectName, importPath });
  }
  const seen = new Set<string>();
  return names.map((name) => {
    assertKebabName('domains', name, 'tasks');
    if (seen.has(name)) fail('domains', names.join(','), `"${name}" is listed twice`);
    seen.add(name);
    const domain = available.get(name);
    if (!domain) {
      const known = [...available.keys()].sort();
      fail(
        'domains',
        name,
        `no event library for this domain${known.length ? ` (known: ${known.join(', ')})` : ''}; create it with "nx g kafka-events:domain ${name}"`,
      );
    }
    return domain;
  });
}

/** Applies defaults and checks every option; throws before anything is written. */
export function normalizeOptions(tree: Tree, schema: DaprGeneratorSchema): NormalizedDaprOptions {
  const [projectName, project] = findApp(tree, schema.project);
  const domains = findDomains(tree, schema.domains);
  const topics = new Map<string, string>();
  for (const { config } of domains) {
    const other = topics.get(config.topic);
    if (other)
      fail(
        'domains',
        `${other},${config.domain}`,
        `both publish on topic "${config.topic}"; Dapr allows one subscription per topic`,
      );
    topics.set(config.topic, config.domain);
  }
  const authType = schema.authType ?? 'none';
  if (!AUTH_TYPES.includes(authType))
    fail('authType', authType, `must be one of ${AUTH_TYPES.join(', ')}`);
  const initialOffset = schema.initialOffset ?? 'oldest';
  if (initialOffset !== 'oldest' && initialOffset !== 'newest')
    fail('initialOffset', initialOffset, 'must be oldest or newest');
  const maxMessageBytes = schema.maxMessageBytes ?? 1048576;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1)
    fail('maxMessageBytes', maxMessageBytes, 'must be a positive whole number of bytes');
  if (maxMessageBytes > MAX_MESSAGE_BYTES)
    fail(
      'maxMessageBytes',
      maxMessageBytes,
      `must be at most ${MAX_MESSAGE_BYTES} (Kafka sizes are 32-bit)`,
    );
  const appId = assertDnsLabel('appId', schema.appId ?? appIdOf(projectName));
  const manifestsDirectory = assertRelativePath(
    'manifestsDirectory',
    schema.manifestsDirectory ?? 'dapr',
    { base: 'the app root', example: 'dapr' },
  );
  const componentsRoot = assertRelativePath(
    'componentsDirectory',
    schema.componentsDirectory ?? 'dapr/components',
    { base: 'the workspace root', example: 'dapr/components' },
  );
  const ownComponent = schema.consumerGroup !== undefined || schema.clientId !== undefined;
  return {
    projectName,
    appId,
    projectRoot: project.root,
    sourceRoot: project.sourceRoot ?? `${project.root}/src`,
    python: isPythonProject(tree, project.root),
    domains,
    pubsubName: assertDnsLabel('pubsubName', schema.pubsubName ?? 'kafka-pubsub'),
    brokers: parseBrokers(schema.brokers ?? 'localhost:9092'),
    ownComponent,
    consumerGroup: assertKafkaId('consumerGroup', schema.consumerGroup ?? appId),
    clientId: assertKafkaId('clientId', schema.clientId ?? appId),
    authType,
    secretName: assertDnsLabel('secretName', schema.secretName ?? 'kafka-secrets'),
    secretStore:
      schema.secretStore === undefined
        ? undefined
        : assertDnsLabel('secretStore', schema.secretStore),
    initialOffset,
    maxMessageBytes,
    manifestsDirectory,
    manifestsRoot: `${project.root === '.' ? '' : `${project.root}/`}${manifestsDirectory}`,
    componentsRoot,
    retry: retrySettings(schema),
    skipFormat: assertFlag('skipFormat', schema.skipFormat, false),
  };
}

/**
 * The default Dapr app id of a project: its name without an npm scope (TS-solution workspaces name
 * projects `@acme/notifier`), lowercased to a DNS label as Dapr requires.
 */
export function appIdOf(projectName: string): string {
  return projectName
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
