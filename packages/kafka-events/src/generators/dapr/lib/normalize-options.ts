import { getProjects, readJson, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { readDomainConfig, type DomainConfig } from '../../../utils/domain-config';
import { assertKebabName, fail, splitList } from '../../../utils/validation';
import type { DaprAuthType, DaprGeneratorSchema } from '../schema';

export const AUTH_TYPES: readonly DaprAuthType[] = ['none', 'password', 'mtls', 'oidc'];

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
  domains: ConsumedDomain[];
  pubsubName: string;
  brokers: string[];
  consumerGroup: string;
  clientId: string;
  authType: DaprAuthType;
  secretName: string;
  secretStore?: string;
  initialOffset: 'oldest' | 'newest';
  maxMessageBytes: number;
  manifestsRoot: string;
  skipFormat: boolean;
}

// Dapr component and Kubernetes secret names are DNS-1123 labels.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function assertDnsLabel(option: string, value: string): string {
  if (!DNS_LABEL.test(value) || value.length > 63) {
    fail(option, value, 'must be lowercase letters, digits and "-", starting and ending with a letter or digit (at most 63 characters)');
  }
  return value;
}

function assertKafkaId(option: string, value: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) fail(option, value, 'may only contain letters, digits, ".", "_" and "-"');
  return value;
}

function parseBrokers(value: string): string[] {
  const brokers = (splitList(value) ?? []).filter((b) => b !== '');
  if (brokers.length === 0) fail('brokers', value, 'lists no broker; give host:port pairs such as "kafka:9092"');
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker)) fail('brokers', broker, 'each broker must be host:port (e.g. "kafka:9092")');
  }
  return brokers;
}

function relativeFolder(value: string): string {
  const dir = value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (dir === '' || dir.startsWith('/') || dir.split('/').some((p) => p === '..' || p === '')) {
    fail('manifestsDirectory', value, 'must be a folder inside the app, relative to its root (e.g. "dapr")');
  }
  return dir;
}

function findApp(tree: Tree, name: string | undefined): [string, ProjectConfiguration] {
  const projects = getProjects(tree);
  const apps = [...projects].filter(([, p]) => p.projectType === 'application').map(([n]) => n);
  if (typeof name !== 'string' || name.trim() === '') {
    fail('project', name ?? '', `an app is required${apps.length ? ` (apps: ${apps.join(', ')})` : ''}`);
  }
  const project = projects.get(name);
  if (!project) {
    fail('project', name, `no such project in this workspace${apps.length ? `; apps: ${apps.join(', ')}` : '; create the app first'}`);
  }
  // Libraries (and event libraries without a projectType) consume nothing at run time.
  if (project.projectType === 'library' || readDomainConfig(tree, project.root)) {
    fail('project', name, `is a library (${project.root}); Dapr subscriptions belong to an application`);
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
  return tree.exists(`${root}/package.json`) ? readJson(tree, `${root}/package.json`).name : undefined;
}

function findDomains(tree: Tree, value: string | string[] | undefined): ConsumedDomain[] {
  const names = splitList(value) ?? [];
  if (names.length === 0 || names.every((n) => n === '')) {
    fail('domains', value ?? '', 'lists no domain; give the domains the app consumes, e.g. "tasks,reminders"');
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
      fail('domains', name, `no event library for this domain${known.length ? ` (known: ${known.join(', ')})` : ''}; create it with "nx g kafka-events:domain ${name}"`);
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
    if (other) fail('domains', `${other},${config.domain}`, `both publish on topic "${config.topic}"; Dapr allows one subscription per topic`);
    topics.set(config.topic, config.domain);
  }
  const authType = schema.authType ?? 'none';
  if (!AUTH_TYPES.includes(authType)) fail('authType', authType, `must be one of ${AUTH_TYPES.join(', ')}`);
  const initialOffset = schema.initialOffset ?? 'oldest';
  if (initialOffset !== 'oldest' && initialOffset !== 'newest') fail('initialOffset', initialOffset, 'must be oldest or newest');
  const maxMessageBytes = schema.maxMessageBytes ?? 1048576;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1) fail('maxMessageBytes', maxMessageBytes, 'must be a positive whole number of bytes');
  const appId = assertDnsLabel('appId', schema.appId ?? appIdOf(projectName));
  const manifestsRoot = `${project.root === '.' ? '' : `${project.root}/`}${relativeFolder(schema.manifestsDirectory ?? 'dapr')}`;
  return {
    projectName,
    appId,
    projectRoot: project.root,
    sourceRoot: project.sourceRoot ?? `${project.root}/src`,
    domains,
    pubsubName: assertDnsLabel('pubsubName', schema.pubsubName ?? 'kafka-pubsub'),
    brokers: parseBrokers(schema.brokers ?? 'localhost:9092'),
    consumerGroup: assertKafkaId('consumerGroup', schema.consumerGroup ?? appId),
    clientId: assertKafkaId('clientId', schema.clientId ?? appId),
    authType,
    secretName: assertDnsLabel('secretName', schema.secretName ?? 'kafka-secrets'),
    secretStore: schema.secretStore === undefined ? undefined : assertDnsLabel('secretStore', schema.secretStore),
    initialOffset,
    maxMessageBytes,
    manifestsRoot,
    skipFormat: schema.skipFormat ?? false,
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
