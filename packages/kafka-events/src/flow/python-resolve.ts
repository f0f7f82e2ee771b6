/**
 * Which event versions a Python fact names, as the generated module decides at run time
 * (python-model/module-runtime.py, `_Domain.resolve` and `_handlers_by_type`):
 * - a versioned member (`CREATED_V1`) or type (`task.created.v1`) is that version;
 * - with versioning, a plain member (`CREATED`) or type (`task.created`) is, as a handler key,
 *   every version of the event; for a built event, the version of its payload model
 *   (`TaskCreatedV1Payload`), the newest for the `TaskCreatedPayload` alias or a dict, and
 *   unknown for a payload built elsewhere unless the event has a single version.
 */
import type { EventVersion } from '../contract/event-versions';
import { pythonNames } from '../python-model/python-names';
import { versionedTypeKey } from '../utils/generated-names';
import { constant, pascal } from '../utils/naming';
import type { FactSite } from './facts';
import type { FlowLibrary } from './libraries';
import { pythonLibraryKey } from './python-names';

export interface PythonMatch {
  library: FlowLibrary;
  versions: EventVersion[];
}

/** The versions a Python site names, or why it names none. */
export function pythonResolver(libraries: FlowLibrary[]): (site: FactSite) => PythonMatch | string {
  const byKey = new Map<string, FlowLibrary[]>();
  for (const library of libraries) {
    const key = pythonLibraryKey(pythonNames(library.config));
    byKey.set(key, [...(byKey.get(key) ?? []), library]);
  }
  return (site) => {
    const candidates = byKey.get(site.library) ?? [];
    if (candidates.length !== 1)
      return candidates.length === 0
        ? ''
        : `the Python helpers of ${site.library.slice('python:'.length)} are generated from ${candidates.map((l) => l.project).join(' and ')}: which one this module is cannot be told`;
    const [library] = candidates;
    const names = pythonNames(library.config);
    const written =
      'type' in site.event ? `"${site.event.type}"` : `${names.eventType}.${site.event.member}`;
    const value =
      'type' in site.event ? site.event.type : enumMembers(library).get(site.event.member);
    const exact = library.versions.filter((v) => v.wireType === value);
    if (exact.length > 0) return { library, versions: exact };
    const plain = library.versions.filter((v) => v.event.type === value);
    if (plain.length === 0)
      return `${written} is no event type of ${library.project} (known: ${library.versions
        .map((v) => v.wireType)
        .join(', ')})`;
    if (site.role === 'consumer' || plain.length === 1) return { library, versions: plain };
    const version = builtVersion(library, plain, site.payload);
    if (typeof version === 'string') return `${written}: ${version}`;
    return { library, versions: [version] };
  };
}

/** The version an event of plain type gets from its payload (`_Domain.resolve`), or why unknown. */
function builtVersion(
  library: FlowLibrary,
  versions: EventVersion[],
  payload: string | undefined,
): EventVersion | string {
  const listed = library.config.events.find((e) => e.type === versions[0].event.type);
  const newest = versions.find((v) => v.version === Math.max(...(listed?.versions ?? [])));
  const alias = `${pascal(library.config.entity)}${pascal(versions[0].event.name)}Payload`;
  if ((payload === '{}' || payload === alias) && newest) return newest;
  const own = versions.find((v) => v.symbol === payload);
  if (own) return own;
  const models = versions.map((v) => v.symbol).join(', ');
  return payload === undefined
    ? `its version is that of its payload's model (${models}), which is not built in the call`
    : `its payload ${payload} is none of its models (${models})`;
}

/** `<Entity>EventType` member -> its value: plain members, and versioned ones with versioning. */
function enumMembers(library: FlowLibrary): Map<string, string> {
  const members = new Map<string, string>();
  for (const version of library.versions) {
    members.set(constant(version.event.name), version.event.type);
    if (library.config.versioning)
      members.set(versionedTypeKey(version.event.name, version.version), version.wireType);
  }
  return members;
}
