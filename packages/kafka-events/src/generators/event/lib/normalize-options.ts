import type { Tree } from '@nx/devkit';
import {
  plainEventType,
  type DomainConfig,
  type DomainEventEntry,
} from '../../../utils/domain-config';
import { findDomainLibrary, type DomainLibrary } from '../../../utils/domain-libraries';
import { snake } from '../../../utils/naming';
import { assertEventName, assertFlag, fail } from '../../../utils/validation';
import type { EventGeneratorSchema } from '../schema';

export interface NormalizedEventOptions {
  library: DomainLibrary;
  config: DomainConfig;
  /** As recorded when the event exists (`status_changed` keeps its spelling), else as given. */
  name: string;
  /** `task.archived` */
  type: string;
  /** The version this run adds. */
  version: number;
  /** The event's entry in kafka-events.json, when the event exists. */
  existing?: DomainEventEntry;
  skipFormat: boolean;
}

/**
 * Resolves the domain library and the version to add. `--bump` means "latest + 1"; `--eventVersion N`
 * must be 1 for a new event or latest+1 for an existing one, except that naming a version that
 * already exists is accepted here: the generator then checks it was added identically (a re-run)
 * and changes nothing, or fails.
 */
export function normalizeOptions(tree: Tree, schema: EventGeneratorSchema): NormalizedEventOptions {
  const library = findDomainLibrary(tree, schema.domain);
  const { config } = library;
  if (typeof schema.name !== 'string') fail('name', schema.name ?? '', 'an event name is required');
  const name = assertEventName(schema.name, 'name');
  const existing = (config.events ?? []).find((e) => snake(e.name) === snake(name));
  const latest = existing ? Math.max(...existing.versions) : 0;
  const type = existing?.type ?? plainEventType(config.entity, name);

  const version = requestedVersion(schema, type, latest);
  if (version > latest + 1) {
    fail(
      'eventVersion',
      version,
      latest === 0
        ? `${type} does not exist yet, so its first version is 1`
        : `skips a version: the latest version of ${type} is ${latest}, so the next is ${latest + 1}`,
    );
  }
  if (version > 1 && config.versioning === false) {
    fail(
      'eventVersion',
      version,
      `domain "${config.domain}" was generated with --versioning=false: its event types carry no ` +
        `version (${type}), so two versions of ${type} cannot both be in the union`,
    );
  }
  return {
    library,
    config,
    name: existing?.name ?? name,
    type,
    version,
    existing,
    skipFormat: assertFlag('skipFormat', schema.skipFormat, false),
  };
}

function requestedVersion(schema: EventGeneratorSchema, type: string, latest: number): number {
  const { eventVersion: version } = schema;
  const bump = assertFlag('bump', schema.bump, false);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
    fail('eventVersion', version, 'must be a positive integer');
  }
  if (bump) {
    if (latest === 0) {
      fail('bump', true, `${type} does not exist yet; add it without --bump (its version 1)`);
    }
    if (version !== undefined && version !== latest + 1) {
      fail(
        'eventVersion',
        version,
        `--bump adds version ${latest + 1} of ${type} (latest is ${latest}); drop --eventVersion or pass ${latest + 1}`,
      );
    }
    return latest + 1;
  }
  return version ?? (latest === 0 ? 1 : latest);
}
