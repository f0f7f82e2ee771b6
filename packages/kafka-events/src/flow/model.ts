/**
 * The event flow of a workspace: who produces and who consumes each event version, as derived
 * from source by the flow analysis. `kafka-events flow --json` prints it, the flow page renders
 * it, and events-compat reads it to name the consumers of a version being retired.
 */

/** How a project produces or consumes an event: the API or manifest the analysis found. */
export type FlowChannel =
  | 'kafkajs' // the generated producer/consumer (createTasksProducer, createTasksConsumer)
  | 'dapr' // the generated Dapr publisher or handler (createTasksDaprPublisher, createTasksDaprHandler)
  | 'dapr-routes' // a routes module written by `nx g kafka-events:dapr`
  | 'dapr-manifest' // a Dapr Subscription manifest's routes
  | 'python'; // the generated Python publish_*/delivery helpers

/** One place in a project's source that produces or consumes an event version. */
export interface FlowSite {
  project: string;
  role: 'producer' | 'consumer';
  channel: FlowChannel;
  /** Workspace-relative, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
}

/**
 * - produced-not-consumed: some project produces it, none consumes it;
 * - consumed-not-produced: some project consumes it, none produces it any more;
 * - old-version-consumed: a newer version exists and this one is still consumed (blocks retiring it);
 * - unused: neither produced nor consumed.
 */
export type EventVersionStatus =
  'produced-not-consumed' | 'consumed-not-produced' | 'old-version-consumed' | 'unused';

export interface FlowEvent {
  /** The versioned event type, e.g. 'task.created.v1'. */
  type: string;
  /** The unversioned name, e.g. 'task.created'. */
  name: string;
  version: number;
  /** True for the highest version of `name` in its library's contract. */
  latest: boolean;
  /** The Kafka topic of the domain, e.g. 'task-events'. */
  topic: string;
  /** The Nx project name of the event library, e.g. 'tasks-events'. */
  library: string;
  /** Project names, sorted. */
  producers: string[];
  /** Project names, sorted. */
  consumers: string[];
  /** Every site found, sorted by file then line. */
  sites: FlowSite[];
  /** Empty when the version is both produced and consumed and not an old consumed version. */
  status: EventVersionStatus[];
}

/** Something the analysis could not resolve (a computed event type, a handler map built elsewhere). */
export interface FlowUnresolved {
  project: string;
  /** Workspace-relative, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  reason: string;
}

export interface EventFlow {
  /** Sorted by library, then type. */
  events: FlowEvent[];
  /** Sorted by file, then line. */
  unresolved: FlowUnresolved[];
}
