/**
 * The public API of @kafka-events/runtime: what generated libraries, the generated Dapr routes,
 * the docs and applications use. Every name is listed on purpose; helpers the modules share with
 * each other stay internal (specs import them from their modules). public-api.spec.ts pins this
 * list, so adding or removing a name is a decision made in review, not a side effect.
 */

// Events and domains
export {
  EventDecodeError,
  EventValidationError,
  KafkaEventsError,
  UnknownEventTypeError,
  type EventIssue,
} from './core/errors';
export {
  defineEvent,
  type AnyEventDefinition,
  type EventDefinition,
  type EventDefinitionInput,
  type KeyField,
  type PayloadSchema,
} from './core/define-event';
export { defineDomain } from './core/define-domain';
export type {
  AnyEventDomain,
  DomainConfig,
  DomainEventOf,
  EventDomain,
  EventTypeOf,
  PayloadInputOf,
  PayloadOf,
  SafeValidateResult,
} from './core/domain-types';
export { defineUpcasters, type UpcastEventOf, type UpcasterSteps } from './core/upcast';
export type { EnvelopeBase, EnvelopeMetadata, EventEnvelope } from './core/envelope';
export type {
  CommonCreateOptions,
  CreateEventOptions,
  EventCause,
  MetadataCreateOptions,
} from './core/create-options';
// Deterministic ids for events created outside a domain's `create` (e.g. ids derived from a key).
export { domainNamespace, newEventId, type IdempotencyKey } from './core/event-id';
export type { DeepReadonly } from './core/deep-freeze';

// CloudEvents and Kafka records
export {
  fromCloudEvent,
  toCloudEvent,
  type CloudEventJson,
  type DomainCloudEvent,
} from './cloudevents/cloud-event';
export type { KafkaHeadersInput, KafkaHeaderValue } from './cloudevents/kafka-headers';
export {
  decodeKafkaRecord,
  encodeKafkaRecord,
  type EncodedKafkaRecord,
  type KafkaContentMode,
  type KafkaRecordInput,
} from './cloudevents/kafka-record';

// Dapr
export {
  DAPR_CLIENT_ERROR_CODES,
  DaprPublishError,
  type DaprPublishErrorDetails,
} from './dapr/errors';
export { DEFAULT_PUBSUB_NAME, deadLetterTopicOf } from './dapr/defaults';
export {
  DEFAULT_DAPR_RETRY,
  type DaprRetryOptions,
  type DaprSidecarOptions,
} from './dapr/sidecar-http';
export {
  CLOUDEVENTS_JSON,
  createDaprPublisher,
  type DaprBulkFailedEntry,
  type DaprBulkPublishResult,
  type DaprPublisher,
  type DaprPublisherOptions,
  type DaprPublishOptions,
} from './dapr/publisher';
export {
  DEFAULT_BASE_PATH,
  daprRoutePath,
  daprSubscriptions,
  type DaprRouteRule,
  type DaprSubscription,
  type DaprSubscriptionOptions,
} from './dapr/subscriptions';
export type { DaprDeliveryBody } from './dapr/delivery';
export {
  combineDaprHandlers,
  createDaprHandler,
  type DaprDeliveryContext,
  type DaprDeliveryRequest,
  type DaprDeliveryResponse,
  type DaprEventHandler,
  type DaprEventHandlers,
  type DaprHandler,
  type DaprHandlerOptions,
  type DaprKafkaMetadata,
  type DaprLogger,
  type DaprStatus,
  type DaprTraceContext,
} from './dapr/handler';
export { DAPR_SUBSCRIBE_PATH, type DaprNodeListener } from './dapr/node-listener';
export { DAPR_API_TOKEN_HEADER } from './dapr/app-token';

// kafkajs producer and consumer
export {
  ConsumerCrashedError,
  DeadLetterError,
  HandlerFailedError,
  ProducerConfigError,
  PublishError,
  UnhandledEventTypeError,
  type ConsumerError,
  type RecordPosition,
} from './kafka/errors';
export { consoleLogger, silentLogger, type EventLogger, type LogFields } from './kafka/logger';
export { DEFAULT_RETRY, type RetryOptions } from './kafka/retry';
export {
  InMemoryDedupeStore,
  type DedupeStore,
  type InMemoryDedupeStoreOptions,
} from './kafka/dedupe';
// The header names of dead-lettered records and of every published record, for tools that read them.
export { DLQ_HEADERS } from './kafka/dead-letter';
export { EVENT_HEADERS } from './kafka/record-headers';
export type {
  EventHandler,
  ExhaustiveHandlerMap,
  HandlerMap,
  MessageContext,
} from './kafka/handlers';
export {
  createProducer,
  type DomainProducer,
  type DomainTransaction,
  type ProducerOptions,
  type PublishOptions,
} from './kafka/producer';
export {
  createConsumer,
  type ConsumerOptions,
  type ConsumerStats,
  type DomainConsumer,
} from './kafka/consumer';
export {
  ensureTopics,
  findMissingTopics,
  type EnsureTopicsOptions,
  type EnsureTopicsResult,
  type TopicSpec,
} from './kafka/topics';
export {
  CREATE_TOPICS_HINT,
  TopicCreateError,
  TopicMismatchError,
  TopicMissingError,
  TopicNotReadyError,
  TopicSpecError,
  type PartitionMismatch,
} from './kafka/topic-errors';
