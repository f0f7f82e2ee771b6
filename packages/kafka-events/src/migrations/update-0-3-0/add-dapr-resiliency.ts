/**
 * 0.3.0: against a real daprd, an event whose handler throws (the runtime answers RETRY) is not
 * redelivered unless a Resiliency policy says so: daprd dead-letters it at the first failure. The
 * dapr generator now writes `<manifestsDirectory>/resiliency.yaml` per app, and its routes modules
 * say what really happens. This gives apps set up by 0.2.0 the same: a Resiliency with the
 * default policy (the generator's own renderer) beside each generator-written Component that has
 * none, and the corrected sentences in routes modules where 0.2.0's text is still there
 * byte-for-byte. Everything else, including routes modules the app changed there, stays as it is.
 */
import { formatFiles, getProjects, logger, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import {
  APP_ID_TEMPLATE,
  GENERATOR_MARK,
  isGeneratorWritten,
  RETRY_POLICY_NAME,
  resiliencyFile,
} from '../../generators/dapr/lib/manifests';
import {
  DEFAULT_RETRY,
  RETRY_POLICIES,
  type RetrySettings,
} from '../../generators/dapr/lib/normalize-options';
import {
  handlerTodoLines,
  headerDeliveryLines,
  type RedeliveryFacts,
} from '../../generators/dapr/lib/routes-module';

/** 0.2.0's comment in each handler body: a type and a topic vary. */
const OLD_TODO =
  /^ {6}\/\/ TODO: handle ([^\s;]+); _event\.payload is typed\. Throw to have Dapr redeliver,\n {6}\/\/ return 'DROP' to send the event to ([A-Za-z0-9._-]+)\.dlq\.$/gm;
/** 0.2.0's module comment, from the end of its express line. */
const OLD_HEADER =
  ' in express. Invalid events and unknown types are\n * answered DROP (they go to the dead-letter topic), a handler that throws RETRY.\n';
const HEADER_TOPIC = /^ \* Dapr deliveries of the \S+ domain \(topic ([A-Za-z0-9._-]+)\) to /m;
const HEADER_MANIFESTS =
  /^ \* (\S+)\/subscriptions\/[^\s/]+\.yaml routes each event type to its path;/m;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML manifest of any shape
type Doc = Record<string, any>;

interface GeneratedManifest {
  file: string;
  doc: Doc;
}

export default async function addDaprResiliency(tree: Tree): Promise<string[]> {
  const warnings: string[] = [];
  const written = addResiliencyManifests(tree, warnings);
  const updated = updateRoutesModules(tree);
  if (written.length > 0 || updated.length > 0) await formatFiles(tree);
  for (const file of updated)
    logger.info(`${file}: the comments on RETRY and DROP now say what daprd does.`);
  for (const warning of warnings) logger.warn(warning);
  const deploy =
    written.length === 0
      ? []
      : [
          `Deploy the new Resiliency manifests with the apps' other Dapr manifests (${written.join(', ')}): ` +
            'without one daprd dead-letters an event at the first failure of its handler.',
        ];
  return [...deploy, ...warnings];
}

/** Writes the missing Resiliency manifests; returns their paths, adds what it skipped to `warnings`. */
function addResiliencyManifests(tree: Tree, warnings: string[]): string[] {
  const components: GeneratedManifest[] = [];
  const subscriptions: GeneratedManifest[] = [];
  visitNotIgnoredFiles(tree, '', (file) => {
    if (!/\.ya?ml$/.test(file)) return;
    const text = tree.read(file, 'utf-8') ?? '';
    if (!text.includes(GENERATOR_MARK) || !isGeneratorWritten(text)) return;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      warnings.push(
        `${file} is not valid YAML (${(error as Error).message.split('\n')[0]}): skipped.`,
      );
      return;
    }
    if (!isObject(doc)) return;
    if (doc['kind'] === 'Component') components.push({ file, doc });
    if (doc['kind'] === 'Subscription') subscriptions.push({ file, doc });
  });

  const planned = new Map<string, string>(); // manifests folder -> `app/pubsub`
  for (const { file, doc } of components) {
    const pubsubName = doc['metadata']?.name;
    if (typeof pubsubName !== 'string' || !Array.isArray(doc['scopes'])) {
      warnings.push(`${file} has no metadata.name or no scopes: no Resiliency added for it.`);
      continue;
    }
    for (const appId of doc['scopes'].filter((s: unknown): s is string => typeof s === 'string')) {
      const folders = manifestsFolders(file, doc, appId, subscriptions);
      if (folders.length === 0) {
        warnings.push(
          `No manifests folder found for app ${appId} of ${file}: add its Resiliency with nx g kafka-events:dapr.`,
        );
      }
      for (const folder of folders) {
        const target = `${folder}/resiliency.yaml`;
        const owner = `${appId}/${pubsubName}`;
        if (planned.has(folder) && planned.get(folder) !== owner) {
          warnings.push(
            `${target} already gets a Resiliency for ${planned.get(folder)}; add pub/sub ${pubsubName} of ${appId} to its targets by hand.`,
          );
          continue;
        }
        if (tree.exists(target)) continue;
        planned.set(folder, owner);
        tree.write(target, resiliencyFile({ appId, pubsubName, retry: DEFAULT_RETRY }));
      }
    }
  }
  return [...planned.keys()].map((folder) => `${folder}/resiliency.yaml`);
}

/**
 * The app's manifests folders: for 0.2.0's Component of its own, the folder holding its
 * `components/` folder; for a shared one (`{appID}`), the folders of the app's Subscriptions.
 */
function manifestsFolders(
  file: string,
  doc: Doc,
  appId: string,
  subscriptions: GeneratedManifest[],
): string[] {
  const metadata: unknown[] = Array.isArray(doc['spec']?.metadata) ? doc['spec'].metadata : [];
  const shared = metadata.some(
    (e) => isObject(e) && e['name'] === 'consumerGroup' && e['value'] === APP_ID_TEMPLATE,
  );
  const parts = file.split('/');
  if (!shared && parts.length >= 2 && parts[parts.length - 2] === 'components') {
    return [parts.slice(0, -2).join('/')].filter((folder) => folder !== '');
  }
  const folders = subscriptions
    .filter(
      ({ doc: s }) =>
        s['spec']?.pubsubname === doc['metadata'].name &&
        Array.isArray(s['scopes']) &&
        s['scopes'].includes(appId),
    )
    .map(({ file: f }) => f.split('/').slice(0, -2).join('/'))
    .filter((folder) => folder !== '');
  return [...new Set(folders)];
}

/** Replaces 0.2.0's exact sentences in the routes modules; returns the files it changed. */
function updateRoutesModules(tree: Tree): string[] {
  const updated: string[] = [];
  for (const [, project] of getProjects(tree)) {
    const folder = `${project.sourceRoot ?? `${project.root}/src`}/dapr`.replace(/^\.\//, '');
    if (!tree.exists(folder) || tree.isFile(folder)) continue;
    for (const name of tree
      .children(folder)
      .filter((n) => n.endsWith('.routes.ts'))
      .sort()) {
      const file = `${folder}/${name}`;
      const text = tree.read(file, 'utf-8') ?? '';
      const next = correctedRoutesModule(tree, project.root, text);
      if (next !== text) {
        tree.write(file, next);
        updated.push(file);
      }
    }
  }
  return updated;
}

/** `text` with 0.2.0's sentences replaced by what the generator writes now; else unchanged. */
export function correctedRoutesModule(tree: Tree, projectRoot: string, text: string): string {
  const manifestsDirectory = HEADER_MANIFESTS.exec(text)?.[1] ?? 'dapr';
  const retry = readRetry(
    tree,
    `${projectRoot === '.' ? '' : `${projectRoot}/`}${manifestsDirectory}/resiliency.yaml`,
  );
  const facts = (topic: string): RedeliveryFacts => ({ manifestsDirectory, topic, retry });
  let next = text.replace(OLD_TODO, (_old, type: string, topic: string) =>
    handlerTodoLines(type, facts(topic)),
  );
  const topic = HEADER_TOPIC.exec(text)?.[1];
  if (topic && next.includes(OLD_HEADER)) {
    next = next.replace(OLD_HEADER, ` in express.\n${headerDeliveryLines(facts(topic))}\n`);
  }
  return next;
}

/** The retry policy of a generator-written resiliency.yaml, to quote it; undefined otherwise. */
function readRetry(tree: Tree, file: string): RetrySettings | undefined {
  const text = tree.exists(file) ? (tree.read(file, 'utf-8') ?? '') : '';
  if (!isGeneratorWritten(text)) return undefined;
  try {
    const policy = parse(text)?.spec?.policies?.retries?.[RETRY_POLICY_NAME];
    if (
      !isObject(policy) ||
      !RETRY_POLICIES.includes(policy['policy']) ||
      !Number.isInteger(policy['maxRetries']) ||
      policy['maxRetries'] < 0
    ) {
      return undefined;
    }
    return {
      policy: policy['policy'],
      maxRetries: policy['maxRetries'],
      duration: String(policy['duration'] ?? DEFAULT_RETRY.duration),
      maxInterval: String(policy['maxInterval'] ?? DEFAULT_RETRY.maxInterval),
    };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
