import type { CompatibilityMode } from '../../utils/domain-config';

export interface DomainGeneratorSchema {
  /** Domain name, plural kebab-case: `tasks`. `--domain` is accepted as an alias. */
  name: string;
  /** Comma-separated event names; default: the domain's seed preset, else created,updated,deleted. */
  events?: string | string[];
  /** Library folder relative to the workspace root. */
  directory?: string;
  /** Singular prefix of event types; default: the singular of the name. */
  entity?: string;
  /** Kafka topic; default `<entity>-events`. */
  topic?: string;
  /** CloudEvents source; default `/<name>`. */
  source?: string;
  /** Envelope carries correlation_id, causation_id and user_id. */
  metadata?: boolean;
  /** Payload constraints (lengths, patterns, bounds). */
  validation?: boolean;
  /** Event types carry their version (`task.created.v1`). */
  versioning?: boolean;
  /** Comma-separated extra project tags. */
  tags?: string;
  /** Import path; default `@<npm scope>/<name>-events`. */
  importPath?: string;
  /** Schema compatibility rule checked on changes. */
  compatibility?: CompatibilityMode;
  skipFormat?: boolean;
}
