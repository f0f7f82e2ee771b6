/**
 * Where the app's pubsub.kafka Component lives and what else changes with it. Planned (read and
 * checked) before anything is written, so a refusal leaves the workspace as it was.
 *
 * - Shared (the default): one Component per pub/sub at `<componentsDirectory>/<pubsubName>.yaml`
 *   with consumerGroup and clientID `{appID}`; the app joins its scopes. An app's 0.2.0-style
 *   Component in its own manifests folder is the generator's and is deleted: daprd must not load
 *   two Components with one name.
 * - Own (--consumerGroup or --clientId given): the app's Component in its manifests folder, and
 *   the app leaves the shared Component's scopes.
 */
import { logger, type Tree } from '@nx/devkit';
import { parse, parseDocument } from 'yaml';
import { jsonEqual } from '../../../compat/canonical-json';
import { fail } from '../../../utils/validation';
import { APP_ID_TEMPLATE, componentFile, componentManifest, isGeneratorWritten } from './manifests';
import type { NormalizedDaprOptions } from './normalize-options';

/** A file to write (text) or delete (null), with what to log about it. */
export interface PlannedFile {
  path: string;
  content: string | null;
  note?: string;
}

interface ExistingComponent {
  text: string;
  generated: boolean;
  doc: Record<string, unknown>;
  scopes: string[];
}

export function planComponent(tree: Tree, options: NormalizedDaprOptions): PlannedFile[] {
  const sharedFile = `${options.componentsRoot}/${options.pubsubName}.yaml`;
  const appFile = `${options.manifestsRoot}/components/${options.pubsubName}.yaml`;
  return options.ownComponent
    ? planOwnComponent(tree, options, sharedFile, appFile)
    : planSharedComponent(tree, options, sharedFile, appFile);
}

function planSharedComponent(
  tree: Tree,
  options: NormalizedDaprOptions,
  sharedFile: string,
  appFile: string,
): PlannedFile[] {
  const existing = readComponent(tree, sharedFile, true);
  if (existing && !existing.generated) {
    fail(
      'pubsubName',
      options.pubsubName,
      `${sharedFile} exists and was not written by \`nx g kafka-events:dapr\` (it has no generator header); ` +
        'move it away, or give another --pubsubName or --componentsDirectory',
    );
  }
  if (existing) assertSameSettings(options, sharedFile, existing);
  const scopes = [...new Set([...(existing?.scopes ?? []), options.appId])].sort();
  const planned: PlannedFile[] = [{ path: sharedFile, content: componentFile(options, scopes) }];
  if (appFile !== sharedFile && tree.exists(appFile)) {
    if (isGeneratorWritten(tree.read(appFile, 'utf-8') ?? '')) {
      planned.push({
        path: appFile,
        content: null,
        note: `${appFile} deleted: ${options.appId} now uses the shared Component ${sharedFile}.`,
      });
    } else {
      logger.warn(
        `${appFile} also defines a Component (not written by the generator, left as it is); ` +
          `daprd must not load it beside ${sharedFile}, which has the same name.`,
      );
    }
  }
  return planned;
}

function planOwnComponent(
  tree: Tree,
  options: NormalizedDaprOptions,
  sharedFile: string,
  appFile: string,
): PlannedFile[] {
  const planned: PlannedFile[] = [
    { path: appFile, content: componentFile(options, [options.appId]) },
  ];
  const shared = sharedFile === appFile ? undefined : readComponent(tree, sharedFile, false);
  if (!shared?.generated || !shared.scopes.includes(options.appId)) return planned;
  const scopes = shared.scopes.filter((scope) => scope !== options.appId);
  const note = `${options.appId} removed from the scopes of ${sharedFile}: it has its own Component.`;
  if (scopes.length === 0) {
    // an empty scopes list would hand the Component to every app: the last app takes it along
    planned.unshift({
      path: sharedFile,
      content: null,
      note: `${sharedFile} deleted: no app uses it any more.`,
    });
  } else {
    const document = parseDocument(shared.text);
    document.set('scopes', scopes);
    planned.unshift({
      path: sharedFile,
      content: document.toString({ lineWidth: 0, singleQuote: true }),
      note,
    });
  }
  return planned;
}

/**
 * The Component in `file`, if any. `strict`: a generator file that is not a readable Component
 * fails (the app is about to join it); otherwise such a file is passed over with a warning.
 */
function readComponent(tree: Tree, file: string, strict: boolean): ExistingComponent | undefined {
  if (!tree.exists(file)) return undefined;
  const text = tree.read(file, 'utf-8') ?? '';
  const generated = isGeneratorWritten(text);
  if (!generated) return { text, generated, doc: {}, scopes: [] };
  let problem: string;
  try {
    const doc = parse(text) as Record<string, unknown> | null;
    const scopes = doc?.['scopes'] ?? [];
    if (
      doc?.['kind'] === 'Component' &&
      Array.isArray(scopes) &&
      scopes.every((s) => typeof s === 'string')
    ) {
      return { text, generated, doc, scopes };
    }
    problem = 'is not a Component with a list of app ids in scopes';
  } catch (error) {
    problem = `is not valid YAML (${(error as Error).message.split('\n')[0]})`;
  }
  if (strict)
    fail('componentsDirectory', file, `${problem}; fix or delete it and run the generator again`);
  logger.warn(`${file} ${problem}: left as it is.`);
  return undefined;
}

type Entry = { name: string; value?: unknown; secretKeyRef?: { name?: unknown } };

/** The option that decides each metadata entry of the Component, and its value in this run. */
function optionOf(options: NormalizedDaprOptions, entry: string): [string, unknown] | undefined {
  const given: Record<string, [string, unknown]> = {
    brokers: ['brokers', options.brokers.join(',')],
    authType: ['authType', options.authType],
    saslMechanism: ['authType', options.authType],
    consumerGroup: ['consumerGroup', APP_ID_TEMPLATE],
    clientID: ['clientId', APP_ID_TEMPLATE],
    initialOffset: ['initialOffset', options.initialOffset],
    maxMessageBytes: ['maxMessageBytes', options.maxMessageBytes],
  };
  return given[entry];
}

/** The shared Component must have exactly the settings this run would write, scopes aside. */
function assertSameSettings(
  options: NormalizedDaprOptions,
  file: string,
  existing: ExistingComponent,
): void {
  const wanted = componentManifest(options, existing.scopes) as Record<string, unknown>;
  const refuse = (option: string, value: unknown, what: string, has: unknown): never =>
    fail(
      option,
      value,
      `the shared Component ${file} has ${what} ${JSON.stringify(has)}; every app of pub/sub ` +
        `"${options.pubsubName}" must give the same settings (give that value, edit the file, or use ` +
        'another --pubsubName or --componentsDirectory)',
    );
  const entries = (doc: Record<string, unknown>) => {
    const metadata = (doc['spec'] as { metadata?: unknown } | null | undefined)?.metadata;
    const list = (Array.isArray(metadata) ? metadata : []) as Entry[];
    return new Map(list.map((entry, i) => [String(entry?.name ?? `#${i}`), entry]));
  };
  const want = entries(wanted);
  const have = entries(existing.doc);
  for (const name of new Set([...want.keys(), ...have.keys()])) {
    const [w, h] = [want.get(name), have.get(name)];
    if (jsonEqual(w, h)) continue;
    if (w?.secretKeyRef && h?.secretKeyRef)
      refuse('secretName', options.secretName, `${name} from secret`, h.secretKeyRef.name);
    const option = optionOf(options, name);
    if (w?.value !== undefined && option) refuse(option[0], option[1], name, h?.value ?? '(none)');
    // a credential only one side has: another auth type; anything else was added by hand
    if (w?.secretKeyRef || h?.secretKeyRef)
      refuse('authType', options.authType, 'the credential', name);
    refuse(
      'pubsubName',
      options.pubsubName,
      'a metadata entry the generator does not write:',
      name,
    );
  }
  const auth = (doc: Record<string, unknown>) =>
    (doc['auth'] as { secretStore?: unknown } | undefined)?.secretStore;
  if (auth(wanted) !== auth(existing.doc)) {
    refuse(
      'secretStore',
      options.secretStore ?? '(default)',
      'secret store',
      auth(existing.doc) ?? '(default)',
    );
  }
  const rest = (doc: Record<string, unknown>) => {
    const { scopes: _scopes, auth: _auth, spec, ...others } = doc;
    const { metadata: _metadata, ...settings } = (spec ?? {}) as Record<string, unknown>;
    return { ...others, spec: settings };
  };
  if (!jsonEqual(rest(wanted), rest(existing.doc))) {
    refuse('pubsubName', options.pubsubName, 'resource fields', rest(existing.doc));
  }
}
