'use strict';
/**
 * A stand-in for the Dapr sidecar (daprd) that implements the documented pub/sub contract on top
 * of a real Kafka broker with kafkajs. Test tooling only: daprd cannot be installed from the
 * package registries this project's CI reaches. What it implements and what it does not:
 * README.md.
 *
 *   const sidecar = await startSidecar({ appId, appUrl, brokers, components, subscriptionsYaml });
 *   // publish: POST `${sidecar.url}/v1.0/publish/kafka-pubsub/task-events`
 *   // deliveries: POST `${appUrl}${route}`; outcomes in sidecar.outcomes / 'outcome' events
 *   await sidecar.stop();
 */
const crypto = require('node:crypto');
const http = require('node:http');
const { EventEmitter } = require('node:events');
const { Kafka, logLevel } = require('kafkajs');
const {
  componentSettings,
  declarativeSubscriptions,
  kafkaComponent,
  parseManifests,
  programmaticSubscriptions,
} = require('./manifests.cjs');

const CLOUDEVENTS_JSON = 'application/cloudevents+json';
const DAPR_EVENT_TYPE = 'com.dapr.event.sent';
/** Publish metadata that steer the sidecar instead of becoming Kafka headers. */
const RESERVED_METADATA = new Set(['rawPayload', 'ttlInSeconds', 'partitionKey', '__key']);

// ---------------------------------------------------------------------------------------------
// Publishing: request -> Kafka record
// ---------------------------------------------------------------------------------------------

class DaprApiError extends Error {
  constructor(status, errorCode, message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

const traceparent = () => `00-${crypto.randomBytes(16).toString('hex')}-${crypto.randomBytes(8).toString('hex')}-01`;

function isCloudEventsContentType(contentType) {
  return (contentType ?? '').toLowerCase().startsWith(CLOUDEVENTS_JSON);
}

function isJsonContentType(contentType) {
  return /^application\/(.+\+)?json\b/i.test(contentType ?? '') || /^text\/json\b/i.test(contentType ?? '');
}

/** Dapr adds routing and tracing attributes to every CloudEvent it publishes. */
function withDaprAttributes(cloudEvent, { pubsubName, topic, ttlInSeconds }) {
  const trace = typeof cloudEvent.traceparent === 'string' ? cloudEvent.traceparent : traceparent();
  const result = {
    ...cloudEvent,
    topic,
    pubsubname: pubsubName,
    traceid: trace,
    traceparent: trace,
  };
  if (ttlInSeconds !== undefined) {
    const seconds = Number(ttlInSeconds);
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new DaprApiError(400, 'ERR_PUBSUB_REQUEST_METADATA', `metadata.ttlInSeconds must be a non-negative integer, got ${JSON.stringify(ttlInSeconds)}`);
    }
    result.expiration = new Date(Date.now() + seconds * 1000).toISOString();
  }
  return result;
}

/**
 * The record value Dapr writes for one published body: the CloudEvent as sent
 * (`application/cloudevents+json`), the bytes as they are (`rawPayload`), or the body wrapped in
 * a `com.dapr.event.sent` CloudEvent whose datacontenttype is the request's content type.
 */
function recordValue({ body, contentType, metadata, pubsubName, topic, appId, errorCode = 'ERR_PUBSUB_CLOUD_EVENTS_SER' }) {
  if (metadata.rawPayload === 'true') return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const ttlInSeconds = metadata.ttlInSeconds;
  if (isCloudEventsContentType(contentType)) {
    let cloudEvent = body;
    if (Buffer.isBuffer(body) || typeof body === 'string') {
      try {
        cloudEvent = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new DaprApiError(400, errorCode, `body is not a JSON CloudEvent: ${error.message}`);
      }
    }
    if (typeof cloudEvent !== 'object' || cloudEvent === null || Array.isArray(cloudEvent)) {
      throw new DaprApiError(400, errorCode, 'a CloudEvent must be a JSON object');
    }
    return Buffer.from(JSON.stringify(withDaprAttributes(cloudEvent, { pubsubName, topic, ttlInSeconds })));
  }
  const datacontenttype = contentType || 'text/plain';
  const cloudEvent = {
    specversion: '1.0',
    id: crypto.randomUUID(),
    source: appId,
    type: DAPR_EVENT_TYPE,
    datacontenttype,
    time: new Date().toISOString(),
  };
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  if (!Buffer.isBuffer(body) && typeof body !== 'string') cloudEvent.data = body;
  else if (isJsonContentType(datacontenttype)) {
    try {
      cloudEvent.data = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new DaprApiError(400, errorCode, `content-type ${datacontenttype} but the body is not JSON: ${error.message}`);
    }
  } else if (/^text\//i.test(datacontenttype)) cloudEvent.data = bytes.toString('utf8');
  else cloudEvent.data_base64 = bytes.toString('base64');
  return Buffer.from(JSON.stringify(withDaprAttributes(cloudEvent, { pubsubName, topic, ttlInSeconds })));
}

/** `metadata.x=y` query parameters -> {x: y}. */
function queryMetadata(searchParams) {
  const metadata = {};
  for (const [name, value] of searchParams) {
    if (name.startsWith('metadata.')) metadata[name.slice('metadata.'.length)] = value;
  }
  return metadata;
}

function kafkaHeaders(metadata) {
  const headers = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (!RESERVED_METADATA.has(name)) headers[name] = String(value);
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------
// The sidecar
// ---------------------------------------------------------------------------------------------

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, text ? { 'content-type': 'application/json' } : {});
  res.end(text);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function defaultLogger(appId) {
  const out = process.env.DAPR_SIDECAR_LOG ? (level, message, details) => process.stderr.write(`[dapr-standin ${appId}] ${level} ${message} ${details ? JSON.stringify(details) : ''}\n`) : () => {};
  return { info: (m, d) => out('info', m, d), warn: (m, d) => out('warn', m, d), error: (m, d) => out('error', m, d) };
}

/**
 * Starts the stand-in.
 * @param {object} options
 * @param {string} options.appId Dapr app id: default consumer group and client id, source of wrapped events, matched against Subscription scopes.
 * @param {string} [options.appUrl] Base URL of the app (deliveries and GET /dapr/subscribe). Without it nothing is consumed.
 * @param {string[]} options.brokers Kafka bootstrap servers (override the component's `brokers`).
 * @param {Array<{name: string, metadata?: object}>} [options.components] pubsub.kafka components (default one named kafka-pubsub).
 * @param {string[]} [options.manifests] YAML texts: Component and Subscription manifests.
 * @param {boolean} [options.programmatic=true] Ask the app for GET /dapr/subscribe.
 * @param {{maxAttempts: number, backoffMs: number}} [options.retry] Delivery attempts per message (default 4, 100 ms doubling).
 * @param {number} [options.deliveryTimeoutMs=10000] Per delivery attempt.
 * @param {string} [options.apiToken] Require this `dapr-api-token` on the API.
 * @param {number} [options.port=0] 0 = any free port on 127.0.0.1.
 */
async function startSidecar(options) {
  const appId = options.appId;
  if (typeof appId !== 'string' || appId === '') throw new Error('startSidecar: appId is required');
  if (!Array.isArray(options.brokers) || options.brokers.length === 0) throw new Error('startSidecar: brokers is required');
  const logger = options.logger ?? defaultLogger(appId);
  const retry = options.retry ?? { maxAttempts: 4, backoffMs: 100 };
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 10_000;
  const documents = (options.manifests ?? []).flatMap((text, i) => parseManifests(text, `manifest ${i + 1}`));
  const componentList = [
    ...(options.components ?? []),
    ...documents.filter((d) => d?.kind === 'Component').map(kafkaComponent).filter((c) => !Array.isArray(c.scopes) || c.scopes.length === 0 || c.scopes.includes(appId)),
  ];
  if (componentList.length === 0) componentList.push({ name: 'kafka-pubsub', metadata: {} });
  const pubsubs = new Map(componentList.map((c) => [c.name, componentSettings(c, appId)]));

  const kafkaFor = (settings) =>
    new Kafka({
      clientId: settings.clientId,
      brokers: options.brokers ?? settings.brokers,
      logLevel: process.env.KAFKAJS_LOG ? logLevel[process.env.KAFKAJS_LOG.toUpperCase()] : logLevel.NOTHING,
    });
  const producers = new Map();
  async function producerFor(settings) {
    if (!producers.has(settings.name)) {
      const producer = kafkaFor(settings).producer({ allowAutoTopicCreation: true, idempotent: false });
      producers.set(settings.name, producer.connect().then(() => producer));
    }
    return producers.get(settings.name);
  }

  const events = new EventEmitter();
  const outcomes = [];
  const published = [];
  function record(outcome) {
    outcomes.push(outcome);
    events.emit('outcome', outcome);
  }

  function pubsubOr404(name) {
    if (!name) throw new DaprApiError(404, 'ERR_PUBSUB_EMPTY', 'pubsub name is empty');
    const settings = pubsubs.get(name);
    if (!settings) throw new DaprApiError(404, 'ERR_PUBSUB_NOT_FOUND', `pubsub ${name} not found`);
    return settings;
  }

  function checkTopic(settings, topic) {
    if (!topic) throw new DaprApiError(404, 'ERR_TOPIC_EMPTY', `topic is empty in pubsub ${settings.name}`);
    if (settings.allowedTopics && !settings.allowedTopics.includes(topic)) {
      throw new DaprApiError(403, 'ERR_PUBSUB_FORBIDDEN', `topic ${topic} is not allowed for app id ${appId}`);
    }
  }

  function checkSize(settings, value) {
    if (value.length > settings.maxMessageBytes) {
      throw new DaprApiError(500, 'ERR_PUBSUB_PUBLISH_MESSAGE', `kafka: message of ${value.length} bytes is larger than maxMessageBytes ${settings.maxMessageBytes}`);
    }
  }

  async function publish(req, res, pubsubName, topic, searchParams) {
    const settings = pubsubOr404(pubsubName);
    checkTopic(settings, topic);
    const metadata = queryMetadata(searchParams);
    const body = await readBody(req);
    const value = recordValue({ body, contentType: req.headers['content-type'], metadata, pubsubName, topic, appId });
    checkSize(settings, value);
    const message = { key: metadata.partitionKey ?? metadata.__key ?? null, value, headers: kafkaHeaders(metadata) };
    try {
      await (await producerFor(settings)).send({ topic, acks: -1, messages: [message] });
    } catch (error) {
      throw new DaprApiError(500, 'ERR_PUBSUB_PUBLISH_MESSAGE', `error when publishing to topic ${topic} in pubsub ${pubsubName}: ${error.message}`);
    }
    published.push({ pubsubName, topic, key: message.key, value: value.toString('utf8') });
    logger.info('published', { pubsubName, topic, key: message.key });
    sendJson(res, 204);
  }

  async function publishBulk(req, res, pubsubName, topic, searchParams) {
    const settings = pubsubOr404(pubsubName);
    checkTopic(settings, topic);
    const requestMetadata = queryMetadata(searchParams);
    let entries;
    try {
      entries = JSON.parse((await readBody(req)).toString('utf8'));
    } catch (error) {
      throw new DaprApiError(400, 'ERR_PUBSUB_EVENTS_SER', `bulk body is not JSON: ${error.message}`);
    }
    if (!Array.isArray(entries)) throw new DaprApiError(400, 'ERR_PUBSUB_EVENTS_SER', 'bulk body must be a JSON array of entries');
    const ids = new Set();
    for (const [i, entry] of entries.entries()) {
      if (typeof entry?.entryId !== 'string' || entry.entryId === '') throw new DaprApiError(400, 'ERR_PUBSUB_EVENTS_SER', `entry ${i}: entryId is required`);
      if (ids.has(entry.entryId)) throw new DaprApiError(400, 'ERR_PUBSUB_EVENTS_SER', `entry ${i}: entryId ${entry.entryId} is not unique`);
      if (entry.event === undefined) throw new DaprApiError(400, 'ERR_PUBSUB_EVENTS_SER', `entry ${entry.entryId}: event is required`);
      ids.add(entry.entryId);
    }
    const failedEntries = [];
    const ready = [];
    for (const entry of entries) {
      const metadata = { ...requestMetadata, ...(entry.metadata ?? {}) };
      try {
        // A string event under a JSON content type is the serialized JSON; other bodies are bytes.
        const body = typeof entry.event === 'string' && !isCloudEventsContentType(entry.contentType) && !isJsonContentType(entry.contentType) ? Buffer.from(entry.event) : entry.event;
        const value = recordValue({ body, contentType: entry.contentType, metadata, pubsubName, topic, appId });
        checkSize(settings, value);
        ready.push({ entry, message: { key: metadata.partitionKey ?? metadata.__key ?? null, value, headers: kafkaHeaders(metadata) } });
      } catch (error) {
        failedEntries.push({ entryId: entry.entryId, error: error.message });
      }
    }
    if (ready.length > 0) {
      try {
        await (await producerFor(settings)).send({ topic, acks: -1, messages: ready.map((r) => r.message) });
        for (const { message } of ready) published.push({ pubsubName, topic, key: message.key, value: message.value.toString('utf8') });
      } catch (error) {
        for (const { entry } of ready) failedEntries.push({ entryId: entry.entryId, error: error.message });
      }
    }
    logger.info('bulk published', { pubsubName, topic, entries: entries.length, failed: failedEntries.length });
    if (failedEntries.length > 0) sendJson(res, 500, { failedEntries, errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' });
    else sendJson(res, 204);
  }

  async function route(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (options.apiToken !== undefined && req.headers['dapr-api-token'] !== options.apiToken) {
      throw new DaprApiError(401, 'ERR_API_UNAUTHORIZED', 'missing or wrong dapr-api-token');
    }
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (req.method === 'GET' && url.pathname === '/v1.0/healthz') return sendJson(res, 204);
    if (req.method === 'POST' && parts[0] === 'v1.0' && parts[1] === 'publish' && parts.length >= 3) {
      return publish(req, res, parts[2], parts.slice(3).join('/'), url.searchParams);
    }
    if (req.method === 'POST' && parts[0] === 'v1.0-alpha1' && parts[1] === 'publish' && parts[2] === 'bulk' && parts.length >= 4) {
      return publishBulk(req, res, parts[3], parts.slice(4).join('/'), url.searchParams);
    }
    sendJson(res, 404, { errorCode: 'ERR_DIRECT_INVOKE', message: `the stand-in does not implement ${req.method} ${url.pathname}` });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error) => {
      if (error instanceof DaprApiError) {
        logger.warn('API error', { status: error.status, errorCode: error.errorCode, message: error.message });
        sendJson(res, error.status, { errorCode: error.errorCode, message: error.message });
      } else {
        logger.error('internal error', { message: error.message });
        sendJson(res, 500, { errorCode: 'ERR_INTERNAL', message: error.message });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = server.address().port;

  // -------------------------------------------------------------------------------------------
  // Subscribing: Kafka record -> app delivery -> outcome -> commit
  // -------------------------------------------------------------------------------------------

  const consumers = [];
  let subscriptions = [];

  async function loadSubscriptions() {
    const list = declarativeSubscriptions(documents, appId);
    if (options.appUrl && options.programmatic !== false) {
      const response = await fetch(`${options.appUrl}/dapr/subscribe`, { signal: AbortSignal.timeout(deliveryTimeoutMs) });
      if (response.ok) list.push(...programmaticSubscriptions(await response.json()));
      else if (response.status !== 404) throw new Error(`GET /dapr/subscribe answered HTTP ${response.status}`);
    }
    const seen = new Set();
    for (const sub of list) {
      if (!pubsubs.has(sub.pubsubName)) throw new Error(`subscription to ${sub.topic}: pubsub ${sub.pubsubName} not found`);
      const id = `${sub.pubsubName}/${sub.topic}`;
      if (seen.has(id)) throw new Error(`two subscriptions for ${id}: Dapr allows one per pubsub and topic`);
      seen.add(id);
    }
    return list;
  }

  /** The record as the CloudEvent the app receives, or undefined when it cannot be one. */
  function cloudEventOf(sub, topic, message) {
    if (sub.rawPayload) {
      return {
        specversion: '1.0',
        id: crypto.randomUUID(),
        source: topic,
        type: DAPR_EVENT_TYPE,
        datacontenttype: 'application/octet-stream',
        data_base64: (message.value ?? Buffer.alloc(0)).toString('base64'),
        topic,
        pubsubname: sub.pubsubName,
      };
    }
    try {
      const value = JSON.parse((message.value ?? Buffer.alloc(0)).toString('utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      return { ...value, topic, pubsubname: sub.pubsubName };
    } catch {
      return undefined;
    }
  }

  function routeFor(sub, cloudEvent, where) {
    for (const rule of sub.rules) {
      try {
        if (rule.matches(cloudEvent)) return rule.path;
      } catch (error) {
        logger.warn('route rule evaluation failed; trying the next rule', { ...where, match: rule.match, error: error.message });
      }
    }
    return sub.defaultRoute;
  }

  function deliveryHeaders(sub, topic, partition, message, cloudEvent) {
    const headers = {
      'content-type': CLOUDEVENTS_JSON,
      pubsubname: sub.pubsubName,
      __topic: topic,
      __partition: String(partition),
      __offset: String(message.offset),
    };
    if (message.key !== null && message.key !== undefined) headers.__key = message.key.toString('utf8');
    if (typeof cloudEvent.traceparent === 'string') headers.traceparent = cloudEvent.traceparent;
    // Record headers travel as HTTP headers too, when they are valid ones.
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
      if (/^[A-Za-z0-9_-]+$/.test(name) && /^[\x20-\x7e]*$/.test(text) && !(name.toLowerCase() in headers)) headers[name.toLowerCase()] = text;
    }
    return headers;
  }

  /** One POST to the app -> 'SUCCESS' | 'RETRY' | 'DROP' | 'NOT_FOUND', plus what was seen. */
  async function deliverOnce(path, cloudEvent, headers) {
    let response;
    let text;
    try {
      response = await fetch(`${options.appUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(cloudEvent), signal: AbortSignal.timeout(deliveryTimeoutMs) });
      text = await response.text();
    } catch (error) {
      return { decision: 'RETRY', detail: `app unreachable: ${error.message}` };
    }
    if (response.status === 404) return { decision: 'NOT_FOUND', detail: 'HTTP 404', httpStatus: 404 };
    if (response.status < 200 || response.status >= 300) return { decision: 'RETRY', detail: `HTTP ${response.status}`, httpStatus: response.status };
    if (text.trim() === '') return { decision: 'SUCCESS', detail: 'empty body', httpStatus: response.status };
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return { decision: 'SUCCESS', detail: 'non-JSON 2xx body', httpStatus: response.status };
    }
    const status = typeof body?.status === 'string' ? body.status.toUpperCase() : undefined;
    if (status === undefined || status === '' || status === 'SUCCESS') return { decision: 'SUCCESS', detail: status ?? 'no status', httpStatus: response.status };
    if (status === 'DROP') return { decision: 'DROP', detail: 'DROP', httpStatus: response.status };
    // RETRY and any unknown status value are retried, as Dapr does.
    return { decision: 'RETRY', detail: status, httpStatus: response.status };
  }

  async function deadLetter(sub, message, where) {
    const settings = pubsubs.get(sub.pubsubName);
    await (await producerFor(settings)).send({
      topic: sub.deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers: message.headers }],
    });
    logger.warn('sent to the dead-letter topic', { ...where, deadLetterTopic: sub.deadLetterTopic });
  }

  /** Runs one record to its final outcome (delivered, dead-lettered or dropped); commit follows. */
  async function processRecord(sub, topic, partition, message) {
    const where = { topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null };
    const outcome = { ...where, subscription: `${sub.pubsubName}/${sub.topic}`, attempts: 0, deadLettered: false };
    const finish = async (status, detail, toDeadLetter) => {
      if (toDeadLetter && sub.deadLetterTopic) {
        await deadLetter(sub, message, where);
        outcome.deadLettered = true;
      } else if (toDeadLetter) {
        logger.error('message dropped: no deadLetterTopic on the subscription', { ...where, status, detail });
      }
      Object.assign(outcome, { status, detail });
      (status === 'SUCCESS' ? logger.info : logger.warn)(`outcome ${status}`, outcome);
      record(outcome);
    };

    const cloudEvent = cloudEventOf(sub, topic, message);
    if (cloudEvent === undefined) return finish('UNDESERIALIZABLE', 'record value is not a JSON object', true);
    if (typeof cloudEvent.expiration === 'string' && Date.parse(cloudEvent.expiration) < Date.now()) {
      return finish('EXPIRED', `expired at ${cloudEvent.expiration}`, false);
    }
    const path = routeFor(sub, cloudEvent, where);
    outcome.path = path;
    if (!path) return finish('UNROUTED', 'no rule matched and there is no default route', false);
    const headers = deliveryHeaders(sub, topic, partition, message, cloudEvent);
    let last;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      outcome.attempts = attempt;
      last = await deliverOnce(path, cloudEvent, headers);
      outcome.httpStatus = last.httpStatus;
      if (last.decision === 'SUCCESS') return finish('SUCCESS', last.detail, false);
      if (last.decision === 'DROP') return finish('DROP', last.detail, true);
      if (last.decision === 'NOT_FOUND') return finish('NOT_FOUND', `${path} answered 404: dropped`, false);
      logger.warn('delivery will be retried', { ...where, path, attempt, detail: last.detail });
      if (attempt < retry.maxAttempts) await sleep(retry.backoffMs * 2 ** (attempt - 1));
    }
    return finish('RETRY_EXHAUSTED', last.detail, true);
  }

  async function startConsumers() {
    subscriptions = await loadSubscriptions();
    const byPubsub = new Map();
    for (const sub of subscriptions) byPubsub.set(sub.pubsubName, [...(byPubsub.get(sub.pubsubName) ?? []), sub]);
    for (const [pubsubName, subs] of byPubsub) {
      const settings = pubsubs.get(pubsubName);
      const consumer = kafkaFor(settings).consumer({ groupId: settings.consumerGroup, allowAutoTopicCreation: true, maxWaitTimeInMs: 100, sessionTimeout: 30_000, heartbeatInterval: 1_000 });
      consumers.push(consumer);
      await consumer.connect();
      const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
      await consumer.subscribe({ topics: subs.map((s) => s.topic), fromBeginning: settings.initialOffset === 'oldest' });
      const byTopic = new Map(subs.map((s) => [s.topic, s]));
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          const timer = setInterval(() => heartbeat().catch(() => {}), 1_000);
          try {
            await processRecord(byTopic.get(topic), topic, partition, message);
          } finally {
            clearInterval(timer);
          }
          // Only now is the outcome final (delivered, dead-lettered or deliberately dropped).
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
      // the deadline timer is cleared once the group joined, so it cannot keep the process alive
      let deadline;
      const timedOut = new Promise((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`consumer group ${settings.consumerGroup} did not join within 30 s`)),
          30_000,
        );
      });
      try {
        await Promise.race([joined, timedOut]);
      } finally {
        clearTimeout(deadline);
      }
    }
    logger.info('subscriptions active', { subscriptions: subscriptions.map((s) => `${s.pubsubName}/${s.topic}`) });
  }

  try {
    if (options.appUrl) await startConsumers();
  } catch (error) {
    await stop();
    throw error;
  }

  async function stop() {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await Promise.allSettled([...producers.values()].map(async (p) => (await p).disconnect()));
    await new Promise((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the outcomes once `predicate(outcomes)` holds (or rejects after timeoutMs). */
  async function waitForOutcomes(predicate, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(outcomes)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for outcomes; have ${JSON.stringify(outcomes)}`);
      await sleep(50);
    }
    return outcomes;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    appId,
    get subscriptions() {
      return subscriptions;
    },
    outcomes,
    published,
    events,
    waitForOutcomes,
    stop,
  };
}

module.exports = { startSidecar, recordValue, DaprApiError };
