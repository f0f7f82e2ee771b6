/** Types of sidecar.cjs for the TypeScript specs that drive it. */
import type { EventEmitter } from 'node:events';

export interface SidecarLogger {
  info(message: string, details?: object): void;
  warn(message: string, details?: object): void;
  error(message: string, details?: object): void;
}

export interface SidecarComponent {
  name: string;
  /** pubsub.kafka metadata: consumerGroup, clientID, initialOffset, maxMessageBytes, allowedTopics. */
  metadata?: Record<string, string>;
}

export interface SidecarOptions {
  appId: string;
  appUrl?: string;
  brokers: string[];
  components?: SidecarComponent[];
  /** YAML texts holding Component and Subscription manifests. */
  manifests?: string[];
  programmatic?: boolean;
  retry?: { maxAttempts: number; backoffMs: number };
  deliveryTimeoutMs?: number;
  apiToken?: string;
  port?: number;
  logger?: SidecarLogger;
}

export type SidecarOutcomeStatus =
  | 'SUCCESS'
  | 'DROP'
  | 'RETRY_EXHAUSTED'
  | 'NOT_FOUND'
  | 'UNDESERIALIZABLE'
  | 'EXPIRED'
  | 'UNROUTED';

export interface SidecarOutcome {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  subscription: string;
  path?: string;
  status: SidecarOutcomeStatus;
  detail: string;
  attempts: number;
  httpStatus?: number;
  deadLettered: boolean;
}

export interface NormalizedSubscription {
  pubsubName: string;
  topic: string;
  rules: { match: string; path: string }[];
  defaultRoute?: string;
  rawPayload: boolean;
  deadLetterTopic?: string;
}

export interface Sidecar {
  readonly url: string;
  readonly port: number;
  readonly appId: string;
  readonly subscriptions: NormalizedSubscription[];
  readonly outcomes: SidecarOutcome[];
  readonly published: { pubsubName: string; topic: string; key: string | null; value: string }[];
  readonly events: EventEmitter;
  waitForOutcomes(predicate: (outcomes: SidecarOutcome[]) => boolean, timeoutMs?: number): Promise<SidecarOutcome[]>;
  stop(): Promise<void>;
}

export function startSidecar(options: SidecarOptions): Promise<Sidecar>;
