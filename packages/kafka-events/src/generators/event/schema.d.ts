export interface EventGeneratorSchema {
  /** Domain (`tasks`) or project name of its library (`tasks-events`). */
  domain: string;
  /** Event name without entity or version: `archived`, `status-changed`. */
  name: string;
  /** Add the next version of an existing event. */
  bump?: boolean;
  /** The version to add (1 for a new event, latest+1 for the next); repeatable form of --bump. */
  eventVersion?: number;
  skipFormat?: boolean;
}
