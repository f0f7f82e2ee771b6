/**
 * Pins the public surface of @kafka-events/runtime. A failure here means index.ts gained or lost a
 * name: if that is intended, update the list below in the same change, so the decision is visible
 * in review (and in the changelog when a name goes away).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const INDEX = join(__dirname, 'index.ts');

/** Names index.ts exports with `type` (a whole `export type {...}` or a `type X` specifier). */
function exportedTypeNames(): string[] {
  const source = ts.createSourceFile(INDEX, readFileSync(INDEX, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) {
      // Declarations in the index itself would escape this pin; the index only re-exports.
      throw new Error(`index.ts must only re-export names; found ${ts.SyntaxKind[statement.kind]}`);
    }
    const clause = statement.exportClause;
    if (clause === undefined || !ts.isNamedExports(clause)) {
      throw new Error('index.ts must name every export (no `export *`)');
    }
    for (const element of clause.elements) {
      if (statement.isTypeOnly || element.isTypeOnly) names.push(element.name.text);
    }
  }
  return names.sort();
}

const PUBLIC_VALUES = [
  'CLOUDEVENTS_JSON',
  'CREATE_TOPICS_HINT',
  'ConsumerCrashedError',
  'DAPR_API_TOKEN_HEADER',
  'DAPR_CLIENT_ERROR_CODES',
  'DAPR_SUBSCRIBE_PATH',
  'DEFAULT_BASE_PATH',
  'DEFAULT_DAPR_RETRY',
  'DEFAULT_PUBSUB_NAME',
  'DEFAULT_RETRY',
  'DLQ_HEADERS',
  'DaprPublishError',
  'DeadLetterError',
  'EVENT_HEADERS',
  'EventDecodeError',
  'EventValidationError',
  'HandlerFailedError',
  'InMemoryDedupeStore',
  'KafkaEventsError',
  'ProducerConfigError',
  'PublishError',
  'TopicCreateError',
  'TopicMismatchError',
  'TopicMissingError',
  'TopicNotReadyError',
  'TopicSpecError',
  'UnhandledEventTypeError',
  'UnknownEventTypeError',
  'combineDaprHandlers',
  'consoleLogger',
  'createConsumer',
  'createDaprHandler',
  'createDaprPublisher',
  'createProducer',
  'daprRoutePath',
  'daprSubscriptions',
  'deadLetterTopicOf',
  'decodeKafkaRecord',
  'defineDomain',
  'defineEvent',
  'defineUpcasters',
  'domainNamespace',
  'encodeKafkaRecord',
  'ensureTopics',
  'findMissingTopics',
  'fromCloudEvent',
  'newEventId',
  'silentLogger',
  'toCloudEvent',
];

const PUBLIC_TYPES = [
  'AnyEventDefinition',
  'AnyEventDomain',
  'CloudEventJson',
  'CommonCreateOptions',
  'ConsumerError',
  'ConsumerOptions',
  'ConsumerStats',
  'CreateEventOptions',
  'DaprBulkFailedEntry',
  'DaprBulkPublishResult',
  'DaprDeliveryBody',
  'DaprDeliveryContext',
  'DaprDeliveryRequest',
  'DaprDeliveryResponse',
  'DaprEventHandler',
  'DaprEventHandlers',
  'DaprHandler',
  'DaprHandlerOptions',
  'DaprKafkaMetadata',
  'DaprLogger',
  'DaprNodeListener',
  'DaprPublishErrorDetails',
  'DaprPublishOptions',
  'DaprPublisher',
  'DaprPublisherOptions',
  'DaprRetryOptions',
  'DaprRouteRule',
  'DaprSidecarOptions',
  'DaprStatus',
  'DaprSubscription',
  'DaprSubscriptionOptions',
  'DaprTraceContext',
  'DedupeStore',
  'DeepReadonly',
  'DomainCloudEvent',
  'DomainConfig',
  'DomainConsumer',
  'DomainEventOf',
  'DomainProducer',
  'DomainTransaction',
  'EncodedKafkaRecord',
  'EnsureTopicsOptions',
  'EnsureTopicsResult',
  'EnvelopeBase',
  'EnvelopeMetadata',
  'EventCause',
  'EventDefinition',
  'EventDefinitionInput',
  'EventDomain',
  'EventEnvelope',
  'EventHandler',
  'EventIssue',
  'EventLogger',
  'EventTypeOf',
  'ExhaustiveHandlerMap',
  'HandlerMap',
  'IdempotencyKey',
  'InMemoryDedupeStoreOptions',
  'KafkaContentMode',
  'KafkaHeaderValue',
  'KafkaHeadersInput',
  'KafkaRecordInput',
  'KeyField',
  'LogFields',
  'MessageContext',
  'MetadataCreateOptions',
  'PartitionMismatch',
  'PayloadInputOf',
  'PayloadOf',
  'PayloadSchema',
  'ProducerOptions',
  'PublishOptions',
  'RecordPosition',
  'RetryOptions',
  'SafeValidateResult',
  'TopicSpec',
  'UpcastEventOf',
  'UpcasterSteps',
];

describe('public API of @kafka-events/runtime', () => {
  it('exports exactly the pinned values', () => {
    // require, not import: the runtime object as a CommonJS consumer of dist sees it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const values = Object.keys(require('./index') as object).sort();
    expect(values).toEqual([...PUBLIC_VALUES].sort());
  });

  it('exports exactly the pinned types', () => {
    expect(exportedTypeNames()).toEqual([...PUBLIC_TYPES].sort());
  });

  it('keeps the helpers the modules share internal', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const values = Object.keys(require('./index') as object);
    for (const internal of [
      'errorText',
      'errorCode',
      'checkHandlers',
      'deadLetterMessage',
      'waitWithHeartbeats',
      'resolveRetry',
      'backoffMs',
      'resolveDedupeStore',
      'eventHeaders',
      'deepFreeze',
      'decodeConsumedRecord',
      'decodeDaprDelivery',
      'readKafkaHeaders',
    ]) {
      expect(values).not.toContain(internal);
    }
  });
});
