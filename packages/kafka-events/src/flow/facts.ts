/**
 * What one file says about the event flow, before it is matched against the libraries' contracts:
 * the unit the analysis caches per file hash. An event is named as the code names it (a literal
 * type or a member of `<Entity>EventType`) and its library by the import specifier the code uses,
 * so a contract change (a new version) does not invalidate what was read from a file.
 */
import type { FlowChannel } from './model';

/** `'task.created.v1'` as written, or `TaskEventType.CREATED_V1` (member `CREATED_V1`). */
export type EventRef = { type: string } | { member: string };

export interface FactSite {
  /** How the file reaches the library: its import specifier, or `topic:<topic>` for a manifest. */
  library: string;
  role: 'producer' | 'consumer';
  channel: FlowChannel;
  event: EventRef;
  /**
   * Python producers: the payload's model as written (`TaskCreatedV1Payload`, `{}` for a dict),
   * which picks the version of an event built with a plain type.
   */
  payload?: string;
  /** 1-based. */
  line: number;
}

export interface FactUnresolved {
  /** 1-based. */
  line: number;
  reason: string;
}

export interface FileFacts {
  sites: FactSite[];
  unresolved: FactUnresolved[];
}

export const NO_FACTS: FileFacts = { sites: [], unresolved: [] };

/** The `library` of a site found in a Dapr Subscription manifest: the topic it subscribes to. */
export function topicLibraryKey(topic: string): string {
  return `topic:${topic}`;
}
