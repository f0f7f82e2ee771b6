import type { Tree } from '@nx/devkit';
import { defaultEventNames, seedEvent, type EventModel } from '../../../payload-model';
import { COMPATIBILITY_MODES, type DomainSettings } from '../../../utils/domain-config';
import { singular, snake } from '../../../utils/naming';
import {
  assertEventName,
  assertImportPath,
  assertKebabName,
  assertSource,
  assertTags,
  assertTopic,
  assertFlag,
  assertOneOf,
  fail,
  splitList,
} from '../../../utils/validation';
import {
  customCondition,
  detectWorkspaceStyle,
  librariesFolder,
  npmScope,
  type WorkspaceStyle,
} from '../../../utils/workspace';
import type { DomainGeneratorSchema } from '../schema';
import { assertLibraryFolder } from './library-location';

export interface NormalizedDomainOptions extends DomainSettings {
  /** v1 model of every event, in the order given. */
  events: EventModel[];
  tags: string[];
  style: WorkspaceStyle;
  projectRoot: string;
  projectName: string;
  importPath: string;
  /** TS-solution source condition (`@wsts/source`), if the workspace defines one. */
  customCondition?: string;
  skipFormat: boolean;
}

/** Applies defaults and checks every option; throws before anything is written. */
export function normalizeOptions(
  tree: Tree,
  options: DomainGeneratorSchema,
): NormalizedDomainOptions {
  const raw = options as DomainGeneratorSchema & { domain?: string };
  const domain = assertKebabName('name', raw.name ?? raw.domain, 'tasks');
  const entity = assertKebabName('entity', raw.entity ?? singular(domain), 'task');
  const topic = assertTopic(raw.topic ?? `${entity}-events`);
  const source = assertSource(raw.source ?? `/${domain}`);
  const compatibility = assertOneOf(
    'compatibility',
    raw.compatibility ?? 'BACKWARD',
    COMPATIBILITY_MODES,
  );
  const eventNames = parseEventNames(raw.events, domain);
  const style = detectWorkspaceStyle(tree);
  const projectName = `${domain}-events`;
  const projectRoot = assertLibraryFolder(
    tree,
    raw.directory ?? `${librariesFolder(tree, style)}/${projectName}`,
  );
  const scope = npmScope(tree);
  const importPath = assertImportPath(
    raw.importPath ?? (scope ? `@${scope}/${projectName}` : projectName),
  );
  const extraTags = assertTags((splitList('tags', raw.tags) ?? []).filter(Boolean));
  return {
    domain,
    entity,
    topic,
    source,
    compatibility,
    metadata: assertFlag('metadata', raw.metadata, true),
    validation: assertFlag('validation', raw.validation, true),
    versioning: assertFlag('versioning', raw.versioning, true),
    events: eventNames.map((name) => seedEvent(domain, entity, name)),
    tags: [...new Set(['type:events', `domain:${domain}`, ...extraTags])],
    style,
    projectRoot,
    projectName,
    importPath,
    customCondition: style === 'ts-solution' ? customCondition(tree) : undefined,
    skipFormat: assertFlag('skipFormat', raw.skipFormat, false),
  };
}

function parseEventNames(value: unknown, domain: string): string[] {
  const names = splitList('events', value) ?? defaultEventNames(domain);
  if (names.length === 0 || (names.length === 1 && names[0] === '')) {
    fail('events', value, 'lists no events; give at least one name such as "created"');
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    assertEventName(name);
    // `status-changed` and `status_changed` would produce the same constants and files
    const previous = seen.get(snake(name));
    if (previous !== undefined) {
      fail(
        'events',
        names.join(','),
        `"${name}" is listed twice${previous !== name ? ` (as "${previous}")` : ''}`,
      );
    }
    seen.set(snake(name), name);
  }
  return names;
}
