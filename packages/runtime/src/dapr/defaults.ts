/** The pub/sub component name the generator writes and the helpers assume. */
export const DEFAULT_PUBSUB_NAME = 'kafka-pubsub';

/** Dead-letter topic of a topic, as the generator and the subscriptions name it. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
