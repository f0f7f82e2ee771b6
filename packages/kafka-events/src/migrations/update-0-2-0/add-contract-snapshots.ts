/**
 * 0.2.0: libraries made before contract snapshots existed get what the current domain
 * generator writes around them. Their kafka-events.json is completed (the fields the inference
 * plugin, the checker and the event generator read), the plugin that infers events-schemas and
 * events-compat is registered, and libraries without `schemas/` are listed: writing snapshots
 * means loading the payload modules with TypeScript and zod, which a migration running on a
 * Tree cannot do reliably, so the user runs the target once and commits the result.
 */
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { SNAPSHOT_DIR } from '../../contract/event-versions';
import { addKafkaEventsPlugin } from '../../generators/init/lib/add-plugin';
import {
  DOMAIN_CONFIG_FILE,
  DOMAIN_SETTING_KEYS,
  plainEventType,
  type DomainConfig,
} from '../../utils/domain-config';
import { domainLibraries, type DomainLibrary } from '../../utils/domain-libraries';
import { formatJson } from '../../utils/json-format';
import { kebab } from '../../utils/naming';
import type * as TS from 'typescript';
import { loadTypeScript, parseSource, propertyNamed, unwrap } from '../../utils/ts-ast';
import { pluginVersion } from '../../utils/versions';

type Json = Record<string, unknown>;

/** Key order of the current generator; keys it does not know are kept after these. */
const KEY_ORDER = [...DOMAIN_SETTING_KEYS, 'events', 'generatedBy'];

export default async function addContractSnapshots(tree: Tree): Promise<string[]> {
  const libraries = domainLibraries(tree);
  if (libraries.length === 0) return [];
  for (const library of libraries) completeDomainConfig(tree, library);
  addKafkaEventsPlugin(tree);
  await formatFiles(tree);

  const missing = libraries.filter((library) => !hasSnapshots(tree, library.root));
  if (missing.length === 0) return [];
  const projects = missing.map((l) => l.projectName).join(',');
  const nextSteps = [
    `Write the committed contract snapshots of ${missing.map((l) => l.root).join(', ')} ` +
      `and commit them: nx run-many -t events-schemas -p ${projects}`,
  ];
  for (const step of nextSteps) logger.info(step);
  return nextSteps;
}

/** Adds the fields an older kafka-events.json lacks; writes only when something was added. */
export function completeDomainConfig(tree: Tree, library: DomainLibrary): boolean {
  const raw = library.config as unknown as Json;
  const ordered = completedDomainConfig(tree, library);
  if (JSON.stringify(ordered) === JSON.stringify(raw)) return false;
  tree.write(`${library.root}/${DOMAIN_CONFIG_FILE}`, formatJson(ordered));
  return true;
}

/**
 * The library's kafka-events.json with every field the current generator writes, in its key
 * order (the file is not changed). Other 0.2.0 migrations read settings through this, so they
 * work whichever migration runs first.
 */
export function completedDomainConfig(tree: Tree, library: DomainLibrary): DomainConfig {
  const raw = library.config as unknown as Json;
  const entity = String(raw.entity);
  const completed: Json = {
    ...raw,
    // what the checker and the plugin assumed while the field was absent
    compatibility: raw.compatibility ?? 'BACKWARD',
    metadata: raw.metadata ?? metadataOf(tree, library.root),
    validation: raw.validation ?? true,
    versioning: raw.versioning ?? true,
    events: ((raw.events ?? []) as Json[]).map((event) =>
      completeEvent(tree, library.root, entity, event),
    ),
    generatedBy: raw.generatedBy ?? { plugin: 'kafka-events', version: pluginVersion() },
  };
  const ordered = Object.fromEntries(
    [...KEY_ORDER, ...Object.keys(completed).filter((k) => !KEY_ORDER.includes(k))]
      .filter((key) => completed[key] !== undefined)
      .map((key) => [key, completed[key]]),
  );
  return ordered as unknown as DomainConfig;
}

/** `{name, version: 1}` (older entries) -> `{name, type, versions, key}`. */
function completeEvent(tree: Tree, root: string, entity: string, event: Json): Json {
  const name = String(event.name);
  const { version, ...rest } = event;
  const versions =
    (event.versions as number[] | undefined) ??
    (typeof version === 'number' ? [version] : payloadVersionsOnDisk(tree, root, entity, name));
  return {
    name,
    type: event.type ?? plainEventType(entity, name),
    versions,
    ...Object.fromEntries(
      Object.entries(rest).filter(([k]) => !['name', 'type', 'versions'].includes(k)),
    ),
  };
}

/** Versions that have a payload module (`task-created.v2.ts`), ascending; [1] when none. */
function payloadVersionsOnDisk(tree: Tree, root: string, entity: string, name: string): number[] {
  const prefix = `${kebab(entity)}-${kebab(name)}.v`;
  const versions = tree
    .children(`${root}/src/lib/payloads`)
    .map((file) => (file.startsWith(prefix) ? /^(\d+)\.ts$/.exec(file.slice(prefix.length)) : null))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  return versions.length > 0 ? versions : [1];
}

/** `metadata: false` in the library's defineDomain call means no metadata; anything else, true. */
function metadataOf(tree: Tree, root: string): boolean {
  const file = `${root}/src/lib/domain.ts`;
  const text = tree.read(file, 'utf-8');
  if (text === null) return true;
  let parsed;
  try {
    parsed = parseSource(loadTypeScript(tree.root), file, text);
  } catch {
    return true; // unparsable: keep what readers assumed, never stop the migration
  }
  const { ts } = parsed;
  let metadata = true;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'defineDomain') {
      const config = node.arguments[0] && unwrap(ts, node.arguments[0]);
      const property =
        config && ts.isObjectLiteralExpression(config)
          ? propertyNamed(ts, config, 'metadata')
          : undefined;
      if (property && ts.isPropertyAssignment(property)) {
        metadata = property.initializer.kind !== ts.SyntaxKind.FalseKeyword;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed.source);
  return metadata;
}

function hasSnapshots(tree: Tree, root: string): boolean {
  return tree.children(`${root}/${SNAPSHOT_DIR}`).some((file) => file.endsWith('.json'));
}
