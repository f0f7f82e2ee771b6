export * from './core/errors';
export * from './core/define-event';
export * from './core/define-domain';
export * from './core/domain-types';
export * from './core/upcast';
export * from './core/envelope';
export * from './core/create-options';
export * from './core/event-id';
export * from './core/deep-freeze';
export * from './cloudevents/cloud-event';
export * from './cloudevents/kafka-headers';
export * from './cloudevents/kafka-record';
export * from './dapr/errors';
export * from './dapr/defaults';
export {
  DEFAULT_DAPR_RETRY,
  type DaprRetryOptions,
  type DaprSidecarOptions,
} from './dapr/sidecar-http';
export * from './dapr/publisher';
export * from './dapr/subscriptions';
export * from './dapr/delivery';
export * from './dapr/handler';
export { DAPR_SUBSCRIBE_PATH, type DaprNodeListener } from './dapr/node-listener';
export { DAPR_API_TOKEN_HEADER } from './dapr/app-token';
export * from './kafka/errors';
export * from './kafka/logger';
export * from './kafka/retry';
export * from './kafka/dedupe';
export * from './kafka/dead-letter';
export * from './kafka/record-headers';
export * from './kafka/handlers';
export * from './kafka/producer';
export * from './kafka/consumer';
