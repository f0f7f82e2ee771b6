/**
 * Every event version of a domain and where its contract lives: payload module and symbol (the
 * generator's naming, shared through payload-model), snapshot file, wire type.
 */
import { payloadFileName, payloadSymbol } from '../payload-model/render-zod';
import { wireEventType, type DomainConfig, type DomainEventEntry } from '../utils/domain-config';

export const SNAPSHOT_DIR = 'schemas';
export const ASYNCAPI_FILE = 'asyncapi.yaml';
export const PAYLOADS_DIR = 'src/lib/payloads';

export interface EventVersion {
  event: DomainEventEntry;
  version: number;
  /** On the wire: `task.created.v1`, or `task.created` in a domain without versioning. */
  wireType: string;
  /**
   * Always versioned (`task.created.v1`): names the snapshot file and message, so versions of
   * a domain without versioning still get one snapshot each.
   */
  versionedType: string;
  /** Relative to the project root: `src/lib/payloads/task-created.v1.ts`. */
  payloadFile: string;
  /** `TaskCreatedV1Payload` */
  symbol: string;
  /** Relative to the project root: `schemas/task.created.v1.json`. */
  snapshotFile: string;
}

/** In kafka-events.json order: events as listed, versions ascending. */
export function eventVersions(config: DomainConfig): EventVersion[] {
  return config.events.flatMap((event) =>
    event.versions.map((version) => {
      const versionedType = `${event.type}.v${version}`;
      return {
        event,
        version,
        wireType: wireEventType(config, event.type, version),
        versionedType,
        payloadFile: `${PAYLOADS_DIR}/${payloadFileName(config.entity, { name: event.name, version })}.ts`,
        symbol: payloadSymbol(config.entity, { name: event.name, version }),
        snapshotFile: snapshotFileOf(versionedType),
      };
    }),
  );
}

export function snapshotFileOf(versionedType: string): string {
  return `${SNAPSHOT_DIR}/${versionedType}.json`;
}
