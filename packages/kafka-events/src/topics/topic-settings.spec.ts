import { ContractInputError } from '../contract/errors';
import { DEFAULT_TOPIC_SETTINGS, domainTopicSpecs } from './topic-settings';

const FILE = 'libs/tasks/kafka-events.json';

describe('domainTopicSpecs', () => {
  it('without "topics": the events topic and <topic>.dlq with the dev defaults', () => {
    expect(domainTopicSpecs(FILE, { topic: 'task-events' })).toEqual([
      {
        role: 'events',
        topic: 'task-events',
        partitions: 3,
        replicationFactor: 1,
        config: { 'retention.ms': '604800000' },
      },
      {
        role: 'dead-letter',
        topic: 'task-events.dlq',
        partitions: 3,
        replicationFactor: 1,
        config: { 'retention.ms': '2592000000' },
      },
    ]);
    expect(DEFAULT_TOPIC_SETTINGS.events.retentionMs).toBe(7 * 24 * 3600 * 1000);
  });

  it('declared settings win; the dead-letter topic follows the events partition count', () => {
    const [events, dlq] = domainTopicSpecs(FILE, {
      topic: 'task-events',
      topics: {
        events: {
          partitions: 12,
          replicationFactor: 3,
          retentionMs: -1,
          config: { 'min.insync.replicas': '2' },
        },
        deadLetter: { replicationFactor: 3 },
      },
    });
    expect(events).toEqual({
      role: 'events',
      topic: 'task-events',
      partitions: 12,
      replicationFactor: 3,
      config: { 'min.insync.replicas': '2', 'retention.ms': '-1' },
    });
    expect(dlq).toMatchObject({ partitions: 12, replicationFactor: 3 });
    expect(dlq!.config).toEqual({ 'retention.ms': '2592000000' });
  });

  const invalid: [string, unknown, string][] = [
    ['topics is an array', [], '"topics" must be an object'],
    [
      'an unknown topic role',
      { retry: {} },
      '"topics.retry" is not a setting (known: events, deadLetter)',
    ],
    [
      'a misspelt setting',
      { events: { partition: 3 } },
      '"topics.events.partition" is not a topic setting',
    ],
    [
      'zero partitions',
      { events: { partitions: 0 } },
      '"topics.events.partitions" must be a positive integer, got 0',
    ],
    [
      'a replication factor as a string',
      { deadLetter: { replicationFactor: '3' } },
      '"topics.deadLetter.replicationFactor" must be a positive integer, got "3"',
    ],
    [
      'retention below -1',
      { events: { retentionMs: -2 } },
      '"topics.events.retentionMs" must be milliseconds',
    ],
    [
      'retention as a fraction',
      { events: { retentionMs: 1.5 } },
      '"topics.events.retentionMs" must be milliseconds (an integer, -1 for ever), got 1.5',
    ],
    [
      'a config value that is a number',
      { events: { config: { 'min.insync.replicas': 2 } } },
      '"topics.events.config.min.insync.replicas" must be a string, got 2',
    ],
    [
      'retention set twice',
      { events: { config: { 'retention.ms': '1' } } },
      '"topics.events.config.retention.ms" is set through "topics.events.retentionMs"',
    ],
  ];
  it.each(invalid)('refuses %s, naming the file and the field', (_what, topics, message) => {
    const read = () => domainTopicSpecs(FILE, { topic: 'task-events', topics });
    expect(read).toThrow(ContractInputError);
    expect(read).toThrow(`${FILE}: ${message}`);
  });
});
