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
  fail,
  normalizeDirectory,
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
  const compatibility = raw.compatibility ?? 'BACKWARD';
  if (!COMPATIBILITY_MODES.includes(compatibility)) {
    fail('compatibility', compatibility, `must be one of ${COMPATIBILITY_MODES.join(', ')}`);
  }
  const eventNames = parseEventNames(raw.events, domain);
  const style = detectWorkspaceStyle(tree);
  const projectName = `${domain}-events`;
  const projectRoot = normalizeDirectory(
    raw.directory ?? `${librariesFolder(tree, style)}/${projectName}`,
  );
  const scope = npmScope(tree);
  const importPath = assertImportPath(
    raw.importPath ?? (scope ? `@${scope}/${projectName}` : projectName),
  );
  const extraTags = assertTags((splitList(raw.tags) ?? []).filter(Boolean));
  return {
    domain,
    entity,
    topic,
    source,
    compatibility,
    metadata: flag('metadata', raw.metadata),
    validation: flag('validation', raw.validation),
    versioning: flag('versioning', raw.versioning),
    events: eventNames.map((name) => seedEvent(domain, entity, name)),
    tags: [...new Set(['type:events', `domain:${domain}`, ...extraTags])],
    style,
    projectRoot,
    projectName,
    importPath,
    customCondition: style === 'ts-solution' ? customCondition(tree) : undefined,
    skipFormat: raw.skipFormat ?? false,
  };
}

function parseEventNames(value: string | string[] | undefined, domain: string): string[] {
  const names = splitList(value) ?? defaultEventNames(domain);
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

function flag(option: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') fail(option, value, 'must be true or false');
  return value;
}
