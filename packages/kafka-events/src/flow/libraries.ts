/**
 * The event libraries of a workspace as the flow analysis needs them: each project with a
 * kafka-events.json, its contract (event versions, validated as the contract commands validate
 * it), the import specifiers code uses to reach it and the names it exports.
 */
import { parseDomainConfig } from '../contract/validate-domain-config';
import { eventVersions, type EventVersion } from '../contract/event-versions';
import { DOMAIN_CONFIG_FILE, type DomainConfig } from '../utils/domain-config';
import {
  libraryExportNames,
  versionedTypeKey,
  type LibraryExportNames,
} from '../utils/generated-names';
import { constant } from '../utils/naming';
import { inProject, type FlowWorkspace } from './workspace';

export interface FlowLibrary {
  project: string;
  root: string;
  config: DomainConfig;
  versions: EventVersion[];
  /** Specifiers that import the library: its package.json name, its tsconfig paths keys. */
  importPaths: string[];
  names: LibraryExportNames;
  /** `CREATED_V1` / `CREATED` -> the wire type that member of `<Entity>EventType` holds. */
  typeMembers: ReadonlyMap<string, string>;
}

/** Reads JSON with comments (tsconfig's syntax); undefined when absent or unreadable. */
export type ReadJsonc = (file: string) => unknown;

export function findFlowLibraries(workspace: FlowWorkspace, readJsonc: ReadJsonc): FlowLibrary[] {
  const aliases = pathAliases(readJsonc('tsconfig.base.json'));
  const libraries: FlowLibrary[] = [];
  for (const project of workspace.projects) {
    const configFile = inProject(project.root, DOMAIN_CONFIG_FILE);
    if (!project.files.some((f) => f.file === configFile)) continue;
    const text = workspace.readFile(configFile);
    if (text === undefined) continue;
    const config = parseDomainConfig(configFile, text);
    const pkg = readJsonc(inProject(project.root, 'package.json')) as
      { name?: unknown } | undefined;
    const importPaths = [
      ...(typeof pkg?.name === 'string' ? [pkg.name] : []),
      ...aliases.filter(([, target]) => isUnder(target, project.root)).map(([alias]) => alias),
    ];
    libraries.push({
      project: project.name,
      root: project.root,
      config,
      versions: eventVersions(config),
      importPaths: [...new Set(importPaths)].sort(),
      names: libraryExportNames(config),
      typeMembers: typeMembers(config),
    });
  }
  return libraries.sort((a, b) => a.project.localeCompare(b.project));
}

/** tsconfig `paths`: [alias, first target without ./] for aliases without a wildcard. */
function pathAliases(tsconfig: unknown): [string, string][] {
  const paths = (tsconfig as { compilerOptions?: { paths?: unknown } } | undefined)?.compilerOptions
    ?.paths;
  if (typeof paths !== 'object' || paths === null) return [];
  return Object.entries(paths as Record<string, unknown>).flatMap(([alias, targets]) =>
    !alias.includes('*') && Array.isArray(targets) && typeof targets[0] === 'string'
      ? [[alias, targets[0].replace(/^\.\//, '')] as [string, string]]
      : [],
  );
}

function isUnder(path: string, root: string): boolean {
  return root === '.' || path.startsWith(`${root}/`);
}

/** The members of the generated `<Entity>EventType` object (domain/files event-types.ts). */
function typeMembers(config: DomainConfig): Map<string, string> {
  const members = new Map<string, string>();
  for (const event of config.events) {
    // the plain type is the wire type only without versioning; with it, no handler key or
    // created event can carry it, so it resolves to nothing
    if (!config.versioning) members.set(constant(event.name), event.type);
    else
      for (const version of event.versions)
        members.set(versionedTypeKey(event.name, version), `${event.type}.v${version}`);
  }
  return members;
}

/**
 * The library with versions its kafka-events.json no longer lists (a change removes them), so the
 * code still handling them is found as consumers of these versions rather than as unknown types.
 * `versionedTypes`: `task.updated.v1`, as the removed snapshots name them.
 */
export function withRetiredVersions(library: FlowLibrary, versionedTypes: string[]): FlowLibrary {
  const listed = new Set(library.versions.map((v) => v.versionedType));
  const retired = versionedTypes.flatMap((versionedType) => {
    const match = /^(.+)\.v(\d+)$/.exec(versionedType);
    if (!match || listed.has(versionedType)) return [];
    const [, type, digits] = match;
    const version = Number(digits);
    const event = library.config.events.find((e) => e.type === type) ?? {
      name: type.slice(type.indexOf('.') + 1),
      type,
      versions: [version],
      key: '',
    };
    return eventVersions({ ...library.config, events: [{ ...event, versions: [version] }] });
  });
  return { ...library, versions: [...library.versions, ...retired] };
}
