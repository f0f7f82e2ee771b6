import { KafkaEventsError } from '../core/errors';

/**
 * Codes the client itself assigns when the sidecar never answered; every other `errorCode` is the
 * one Dapr replied with (ERR_PUBSUB_NOT_FOUND, ERR_PUBSUB_PUBLISH_MESSAGE, ...).
 */
export const DAPR_CLIENT_ERROR_CODES = {
  unreachable: 'ERR_DAPR_UNREACHABLE',
  timeout: 'ERR_DAPR_TIMEOUT',
  unexpectedReply: 'ERR_DAPR_UNEXPECTED_REPLY',
} as const;

export interface DaprPublishErrorDetails {
  /** Dapr's `errorCode` (or one of DAPR_CLIENT_ERROR_CODES when there was no usable reply). */
  readonly errorCode: string;
  /** HTTP status of the reply; undefined when the sidecar never answered. */
  readonly status?: number;
  readonly pubsubName: string;
  readonly topic: string;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts: number;
  readonly cause?: unknown;
}

/** The sidecar refused or failed a publish; `errorCode` and `status` say why. */
export class DaprPublishError extends KafkaEventsError {
  declare readonly code: 'DAPR_PUBLISH_FAILED';
  readonly errorCode: string;
  readonly status?: number;
  readonly pubsubName: string;
  readonly topic: string;
  readonly attempts: number;

  constructor(message: string, details: DaprPublishErrorDetails) {
    const status = details.status === undefined ? 'no reply' : `HTTP ${details.status}`;
    super(
      'DAPR_PUBLISH_FAILED',
      `Dapr publish to ${details.pubsubName}/${details.topic} failed (${status}, ${details.errorCode}` +
        `, ${details.attempts} attempt${details.attempts === 1 ? '' : 's'}): ${message}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'DaprPublishError';
    this.errorCode = details.errorCode;
    this.status = details.status;
    this.pubsubName = details.pubsubName;
    this.topic = details.topic;
    this.attempts = details.attempts;
  }

  /** 5xx replies and no reply at all are transient; 4xx means the request itself is wrong. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500;
  }
}
