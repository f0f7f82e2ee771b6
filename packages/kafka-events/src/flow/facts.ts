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

/**
 * What the parser alone cannot tell: the expression at [start, end) of the file holds an event,
 * a list of events, a handler map or a consumer's options made elsewhere. The type checker reads
 * the event types from its type (typed-facts.ts); when it cannot, `reason` is reported.
 */
export interface DeferredSite extends Omit<FactSite, 'event'> {
  holds: 'event' | 'events' | 'handlers' | 'options';
  start: number;
  end: number;
  /** '' when nothing is reported if the types do not tell either. */
  reason: string;
  /**
   * A publish on a receiver the parser did not trace to a producer: the event's library (empty
   * until then) and the channel come from the types, a generated producer's or Dapr publisher's.
   */
  receiver?: { start: number; end: number };
}

export interface FileFacts {
  sites: FactSite[];
  unresolved: FactUnresolved[];
  deferred?: DeferredSite[];
}

export const NO_FACTS: FileFacts = { sites: [], unresolved: [] };

/** The `library` of a site found in a Dapr Subscription manifest: the topic it subscribes to. */
export function topicLibraryKey(topic: string): string {
  return `topic:${topic}`;
}

/** The facts of deferred sites no type checker read: each reported with its reason, if any. */
export function deferredAsReported(deferred: DeferredSite[]): FileFacts {
  return {
    sites: [],
    unresolved: deferred.filter((d) => d.reason).map(({ line, reason }) => ({ line, reason })),
  };
}
