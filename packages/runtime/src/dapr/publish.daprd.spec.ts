/**
 * Publishing through the real daprd (tools/dapr) to the real Kafka broker: what lands on the
 * topic, bulk publishing with a failing entry, Dapr's error replies as DaprPublishError, the API
 * token, and a component whose broker does not exist.
 */
import { CloudEvent } from 'cloudevents';
import type { Kafka } from 'kafkajs';
import {
  connectedAdmin,
  createTopics,
  readTopic,
  testKafka,
  uniqueName,
  waitFor,
  type RawRecord,
} from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks, USER_ID } from '../kafka/__fixtures__/seed-domains';
import { decodeKafkaRecord } from '../cloudevents/kafka-record';
import { freePort } from './__fixtures__/free-port';
import { daprdScope, type Daprd } from './__fixtures__/daprd-harness';
import { kafkaComponent } from './__fixtures__/manifests';
import { createDaprPublisher } from './publisher';
import { DaprPublishError } from './errors';

const OTHER_TASK_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const kafka: Kafka = testKafka('dapr-publish');
const admin = connectedAdmin(kafka);
const scope = daprdScope();

const json = (record: RawRecord) => JSON.parse(record.value!) as Record<string, unknown>;
const publisherVia = (
  daprd: Daprd,
  topic: string,
  extra: Partial<Parameters<typeof createDaprPublisher>[1]> = {},
) =>
  createDaprPublisher(tasks, {
    host: '127.0.0.1',
    port: daprd.httpPort,
    topic,
    retry: { attempts: 2, backoffMs: 50 },
    ...extra,
  });

async function topic(prefix = 'task-events'): Promise<string> {
  const name = uniqueName(prefix);
  await createTopics(admin(), [{ topic: name }]);
  return name;
}

describe('publishing through daprd', () => {
  it('writes each event as a CloudEvent keyed by its entity id; bulk names the entry that failed', async () => {
    const name = await topic();
    // A small maxMessageBytes makes one bulk entry fail inside Dapr's Kafka component.
    const daprd = await scope.sidecar({
      appId: 'task-service',
      manifests: [kafkaComponent({ maxMessageBytes: '3000' })],
    });
    const publisher = publisherVia(daprd, name);

    const created = tasks.create('task.created.v1', taskSamples['task.created.v1'], {
      userId: USER_ID,
    });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], {
      causedBy: created,
      userId: USER_ID,
    });
    const updated = tasks.create('task.updated.v1', {
      ...taskSamples['task.updated.v1'],
      task_id: OTHER_TASK_ID,
    });
    const huge = tasks.create('task.created.v1', {
      ...taskSamples['task.created.v1'],
      task_id: OTHER_TASK_ID,
      description: 'x'.repeat(2000),
      tags: Array.from({ length: 20 }, () => 'y'.repeat(50)),
    });

    await publisher.publish(created);
    const bulk = await publisher.publishBulk([completed, huge, updated]);
    expect(bulk.failedEntries).toEqual([{ entryId: '1', event: huge, error: expect.any(String) }]);

    // A body that is not a CloudEvent is wrapped by Dapr.
    const plain = await fetch(
      `${daprd.url}/v1.0/publish/kafka-pubsub/${name}?metadata.partitionKey=plain-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hello: 'world' }),
      },
    );
    expect(plain.status).toBe(204);

    const records = await readTopic(kafka, name, 4);
    expect(records.map((r) => r.key)).toEqual([
      created.payload.task_id,
      completed.payload.task_id,
      OTHER_TASK_ID,
      'plain-key',
    ]);
    const decoded = records
      .slice(0, 3)
      .map((r) => decodeKafkaRecord(tasks, { value: r.value, headers: r.message.headers }));
    expect(decoded).toEqual([created, completed, updated]);
    expect(json(records[1]!)).toMatchObject({
      specversion: '1.0',
      id: completed.event_id,
      type: 'task.completed.v1',
      source: '/tasks',
      time: completed.timestamp,
      subject: completed.payload.task_id,
      correlationid: created.event_id,
      causationid: created.event_id,
      topic: name,
      pubsubname: 'kafka-pubsub',
    });
    // Every record is a valid CloudEvent by the cloudevents SDK's strict check.
    for (const record of records)
      expect(new CloudEvent({ ...json(record) }, true).validate()).toBe(true);
    expect(json(records[3]!)).toMatchObject({
      type: 'com.dapr.event.sent',
      datacontenttype: 'application/json',
      data: { hello: 'world' },
    });
  });

  it("turns Dapr's error replies into DaprPublishError, without retrying a refused request", async () => {
    const name = await topic();
    const daprd = await scope.sidecar({
      appId: 'task-service',
      manifests: [kafkaComponent({ allowedTopics: name })],
    });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    await publisherVia(daprd, name).publish(event);

    const missing = publisherVia(daprd, name, { pubsubName: 'nope' });
    const notFound = await missing.publish(event).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(DaprPublishError);
    expect(notFound).toMatchObject({ errorCode: 'ERR_PUBSUB_NOT_FOUND', status: 404, attempts: 1 });
    expect((notFound as Error).message).toContain('pubsub nope is not found');

    const forbidden = await publisherVia(daprd, 'other-topic')
      .publishBulk([event])
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(DaprPublishError);
    expect(forbidden).toMatchObject({
      errorCode: 'ERR_PUBSUB_FORBIDDEN',
      status: 403,
      attempts: 1,
    });
  });

  it('sends DAPR_API_TOKEN; daprd refuses a publish without it', async () => {
    const name = await topic();
    const daprd = await scope.sidecar({
      appId: 'task-service',
      apiToken: 'publisher-s3cret',
      manifests: [kafkaComponent()],
    });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);

    const refused = await publisherVia(daprd, name)
      .publish(event)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DaprPublishError);
    expect(refused).toMatchObject({ status: 401, attempts: 1 });

    await publisherVia(daprd, name, { apiToken: 'publisher-s3cret' }).publish(event);
    process.env['DAPR_API_TOKEN'] = 'publisher-s3cret';
    try {
      await publisherVia(daprd, name).publish(event);
    } finally {
      delete process.env['DAPR_API_TOKEN'];
    }
    const records = await readTopic(kafka, name, 2);
    expect(records.map((r) => decodeKafkaRecord(tasks, { value: r.value }).event_id)).toEqual([
      event.event_id,
      event.event_id,
    ]);
  });

  it('a component pointing at a broker that does not exist gives the publisher a clear error, not a hang', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    const daprd = await scope.sidecar({
      appId: 'lost-service',
      manifests: [kafkaComponent()],
      brokers: [nobody],
      waitForReady: false,
    });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const started = Date.now();
    const error = await publisherVia(daprd, 'task-events', {
      retry: { attempts: 3, backoffMs: 500 },
      timeoutMs: 5_000,
    })
      .publish(event)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaprPublishError);
    expect(error).toMatchObject({ errorCode: 'ERR_DAPR_UNREACHABLE', attempts: 3 });
    expect((error as Error).message).toMatch(
      /cannot reach the Dapr sidecar at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Is daprd running/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    // Real daprd refuses to run with a component it cannot initialise: it exits, naming both.
    await daprd.waitForLog(
      new RegExp(`INIT_COMPONENT_FAILURE.*kafka-pubsub.*${nobody.replace(/\./g, '\\.')}`),
    );
    await waitFor(() => !daprd.running, 'daprd to exit');
  });
});
