/**
 * The event flow of a workspace: every file of every project read for facts (or taken from the
 * cache when its hash is unchanged), the facts matched against the event libraries' contracts,
 * and each event version's producers, consumers and status.
 */
import type { FactsCache } from './cache';
import type { DeferredFile, ResolveDeferred } from './deferred-facts';
import { deferredAsReported, type FactSite, type FileFacts } from './facts';
import type { FlowLibrary } from './libraries';
import { manifestFacts } from './manifest-facts';
import type { EventFlow, FlowEvent, FlowSite, FlowUnresolved } from './model';
import { mayHaveFacts, type LibraryImports } from './source-facts';
import { isPythonSource, pythonFacts } from './python-facts';
import { pythonNameIndex, type PythonNameIndex } from './python-names';
import { pythonResolver } from './python-resolve';
import { statusOf } from './status';
import { mayBeSubscription } from './subscription-text';
import type { FlowWorkspace } from './workspace';

/** Reads the facts of one TypeScript file (source-facts.ts); injectable so specs count parses. */
export type ParseSource = (file: string, text: string, libraries: LibraryImports) => FileFacts;

export interface FlowAnalysisOptions {
  libraries: FlowLibrary[];
  parseSource: ParseSource;
  cache: FactsCache;
  /** The type checker's reading of what the parser deferred; without it, the parser's reasons
   * are reported. */
  resolveDeferred?: ResolveDeferred;
}

/** Production code only: specs and tests publish and consume events of their own. */
const SOURCE_FILE = /\.(?:[cm]?ts|tsx)$/;
const NOT_SOURCE = /\.d\.[cm]?ts$|\.(?:spec|test)\.[cm]?tsx?$/;

export function analyzeFlow(workspace: FlowWorkspace, options: FlowAnalysisOptions): EventFlow {
  const { libraries, parseSource, cache, resolveDeferred } = options;
  const imports: LibraryImports = new Map(
    libraries.flatMap((l) => l.importPaths.map((path) => [path, l.names] as const)),
  );
  const events = new Map<string, FlowEvent>();
  for (const library of libraries) {
    const latest = new Map(library.config.events.map((e) => [e.type, Math.max(...e.versions)]));
    for (const version of library.versions) {
      events.set(eventKey(library, version.wireType, version.version), {
        type: version.versionedType,
        name: version.event.type,
        version: version.version,
        latest: latest.get(version.event.type) === version.version,
        topic: library.config.topic,
        library: library.project,
        producers: [],
        consumers: [],
        sites: [],
        status: [],
      });
    }
  }
  const unresolved: FlowUnresolved[] = [];
  const resolve = resolver(libraries);
  const python = pythonNameIndex(libraries);
  // a library defines its events (its own kafka.ts and dapr.ts call the runtime's factories)
  const libraryProjects = new Set(libraries.map((l) => l.project));
  const record = (project: string, file: string, facts: FileFacts) => {
    for (const u of facts.unresolved) unresolved.push({ project, file, ...u });
    for (const site of facts.sites) {
      const found = resolve(site);
      if (typeof found === 'string') {
        if (found) unresolved.push({ project, file, line: site.line, reason: found });
        continue;
      }
      const { role, channel, line } = site;
      for (const key of found) events.get(key)!.sites.push({ project, role, channel, file, line });
    }
  };
  const deferring: (DeferredFile & { project: string })[] = [];
  for (const project of workspace.projects) {
    if (libraryProjects.has(project.name)) continue;
    for (const { file, hash } of project.files) {
      const read = readerOf(file, { imports, python, parseSource });
      if (!read) continue;
      const facts = cache.facts(file, hash, () => {
        const text = workspace.readFile(file);
        return text === undefined ? { sites: [], unresolved: [] } : read(text);
      });
      record(project.name, file, facts);
      if (facts.deferred)
        deferring.push({ project: project.name, file, hash, deferred: facts.deferred });
    }
  }
  const typed = resolveDeferred?.(deferring);
  for (const { project, file, deferred } of deferring)
    record(project, file, typed?.get(file) ?? deferredAsReported(deferred));
  cache.save();
  return {
    events: [...events.values()].map(finish).sort(byLibraryThenType),
    unresolved: unresolved.sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.reason.localeCompare(b.reason),
    ),
  };
}

/** How a file is read for facts, or undefined when it cannot have any. */
function readerOf(
  file: string,
  {
    imports,
    python,
    parseSource,
  }: { imports: LibraryImports; python: PythonNameIndex; parseSource: ParseSource },
): ((text: string) => FileFacts) | undefined {
  if (SOURCE_FILE.test(file) && !NOT_SOURCE.test(file) && !file.includes('node_modules/'))
    return (text) =>
      mayHaveFacts(text, imports)
        ? parseSource(file, text, imports)
        : { sites: [], unresolved: [] };
  if (/\.ya?ml$/.test(file))
    return (text) =>
      mayBeSubscription(file, text) ? manifestFacts(text) : { sites: [], unresolved: [] };
  if (file.endsWith('.py') && python.size > 0)
    return (text) =>
      isPythonSource(file, text) ? pythonFacts(text, python) : { sites: [], unresolved: [] };
  return undefined;
}

/** `tasks-events` + `task.created.v1` + 1 */
function eventKey(library: FlowLibrary, wireType: string, version: number): string {
  return `${library.project}\0${wireType}\0${version}`;
}

/**
 * The event versions a site names, or why it names none ('' when the site is not about an event
 * library at all: a manifest subscribing to a topic no library publishes on).
 */
function resolver(libraries: FlowLibrary[]): (site: FactSite) => string[] | string {
  const bySpecifier = new Map(libraries.flatMap((l) => l.importPaths.map((p) => [p, l] as const)));
  const byTopic = new Map<string, FlowLibrary[]>();
  for (const library of libraries) {
    const list = byTopic.get(`topic:${library.config.topic}`) ?? [];
    byTopic.set(`topic:${library.config.topic}`, [...list, library]);
  }
  const python = pythonResolver(libraries);
  return (site) => {
    if (site.channel === 'python') {
      const match = python(site);
      return typeof match === 'string'
        ? match
        : match.versions.map((v) => eventKey(match.library, v.wireType, v.version));
    }
    const candidates = byTopic.get(site.library) ?? [bySpecifier.get(site.library)!];
    if (candidates.length === 0 || !candidates[0]) return '';
    const found: string[] = [];
    for (const library of candidates) {
      const wire =
        'type' in site.event ? site.event.type : library.typeMembers.get(site.event.member);
      for (const version of library.versions)
        if (version.wireType === wire) found.push(eventKey(library, wire, version.version));
    }
    if (found.length > 0) return found;
    const named =
      'type' in site.event
        ? `"${site.event.type}"`
        : `${candidates[0].names.typesConst}.${site.event.member}`;
    const where = candidates.map((l) => l.project).join(', ');
    return `${named} is no event type of ${where} (known: ${candidates
      .flatMap((l) => l.versions.map((v) => v.wireType))
      .join(', ')})`;
  };
}

function finish(event: FlowEvent): FlowEvent {
  const sites = event.sites.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.role.localeCompare(b.role) ||
      a.channel.localeCompare(b.channel),
  );
  const projects = (role: FlowSite['role']) =>
    [...new Set(sites.filter((s) => s.role === role).map((s) => s.project))].sort();
  const done = {
    ...event,
    sites,
    producers: projects('producer'),
    consumers: projects('consumer'),
  };
  return { ...done, status: statusOf(done) };
}

function byLibraryThenType(a: FlowEvent, b: FlowEvent): number {
  return (
    a.library.localeCompare(b.library) || a.name.localeCompare(b.name) || a.version - b.version
  );
}
