/** Topic specs are checked before any request reaches the cluster; the errors name what is wrong. */
import type { Admin } from 'kafkajs';
import { KafkaEventsError } from '../core/errors';
import { TopicMismatchError, TopicMissingError, TopicSpecError } from './topic-errors';
import { ensureTopics, type TopicSpec } from './topics';

/** An admin that fails the spec if ensureTopics sends any request with it. */
const untouchedAdmin = new Proxy({} as Admin, {
  get(_target, property) {
    throw new Error(`admin.${String(property)} was used before the specs were checked`);
  },
});

describe('ensureTopics refuses bad specs before touching the cluster', () => {
  const cases: [string, TopicSpec[], string][] = [
    ['an empty name', [{ topic: '' }], 'topic name "" is not a legal Kafka topic name'],
    ['a name with a slash', [{ topic: 'a/b' }], 'topic name "a/b" is not a legal'],
    ['a name of 250 characters', [{ topic: 'x'.repeat(250) }], 'is not a legal Kafka topic name'],
    ['the name ".."', [{ topic: '..' }], 'topic name ".." is not a legal'],
    ['a topic listed twice', [{ topic: 'a' }, { topic: 'a' }], 'topic "a" is listed twice'],
    [
      'zero partitions',
      [{ topic: 'a', partitions: 0 }],
      'topic "a": partitions must be a positive integer, got 0',
    ],
    [
      '1.5 partitions',
      [{ topic: 'a', partitions: 1.5 }],
      'partitions must be a positive integer, got 1.5',
    ],
    [
      'a replication factor of -1',
      [{ topic: 'a', replicationFactor: -1 }],
      'topic "a": replicationFactor must be a positive integer, got -1',
    ],
    [
      'a number as a config value',
      [{ topic: 'a', config: { 'retention.ms': 5 as unknown as string } }],
      'topic "a": config retention.ms must be a string (Kafka configs are strings), got 5',
    ],
  ];
  it.each(cases)('%s', async (_what, specs, message) => {
    const attempt = ensureTopics(untouchedAdmin, specs);
    await expect(attempt).rejects.toThrow(TopicSpecError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toMatchObject({ code: 'TOPIC_SPEC_INVALID' });
  });
});

describe('topic errors', () => {
  it('TopicMissingError names each topic and how to create it', () => {
    const one = new TopicMissingError(['task-events.dlq']);
    expect(one).toBeInstanceOf(KafkaEventsError);
    expect(one.code).toBe('TOPIC_MISSING');
    expect(one.message).toBe(
      'Topic "task-events.dlq" does not exist; create it with `npx kafka-events topics --ensure` ' +
        '(or the `events-topics` Nx target of the domain library), or with ensureTopics() from ' +
        '@kafka-events/runtime',
    );
    const two = new TopicMissingError(['a', 'b'], 'ask the platform team');
    expect(two.message).toBe('Topics "a", "b" do not exist; ask the platform team');
    expect(two.topics).toEqual(['a', 'b']);
  });

  it('TopicMismatchError gives both counts of every mismatching topic', () => {
    const error = new TopicMismatchError([
      { topic: 'a', declared: 3, actual: 1 },
      { topic: 'b', declared: 1, actual: 6 },
    ]);
    expect(error.code).toBe('TOPIC_MISMATCH');
    expect(error.message).toMatch(
      /^topic "a" has 1 partition, declared 3; topic "b" has 6 partitions, declared 1\. Existing topics are left as they are/,
    );
  });
});
