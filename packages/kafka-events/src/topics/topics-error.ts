/**
 * `kafka-events topics` could not do its work with the cluster: the broker is unreachable,
 * kafkajs or @kafka-events/runtime is not installed, or the cluster refused (a topic with another
 * partition count than declared, a replication factor above the broker count).
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

export class TopicsCommandError extends KafkaEventsPluginError {
  override name = 'TopicsCommandError';
  constructor(message: string, options?: ErrorOptions) {
    super('TOPICS', message, options);
  }
}
