/**
 * The pytest file generated beside a Python module: a round trip per event version and the
 * rejections users expect (the same ones the TypeScript library's domain.spec.ts checks, plus
 * the wire rules a Python producer meets first), the idempotency-key id TypeScript derives
 * (computed here, so the file pins both languages to one value), CloudEvents, Dapr publish and
 * delivery, and the upcast steps.
 */
import { createHash } from 'node:crypto';
import type { Field, JsonValue } from '../payload-model';
import { pascal } from '../utils/naming';
import { wrapLines } from '../utils/wrap';
import { examplePayloadFor } from './examples';
import { GENERATED_MARKER } from './render-module';
import { call, pyString, pyValue, PY_INDENT, PY_LINE_LENGTH, statement } from './py-source';
import { pythonNames } from './python-names';
import type { PythonDomain, PythonEvent, PythonEventVersion } from './read-domain';

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const USER_ID = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';
const IDEMPOTENCY_KEY = 'import-42';

/** RFC 9562 uuid v5, as the `uuid` package computes it for the runtime's event ids. */
export function uuid5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

interface Sample {
  event: PythonEvent;
  version: PythonEventVersion;
  payload: Record<string, JsonValue>;
  missing: string[];
}

export function renderPythonTests(domain: PythonDomain, moduleName: string): string {
  const { config, library } = domain;
  const n = pythonNames(config);
  const T = `events.${n.eventType}`;
  const samples: Sample[] = domain.events.flatMap((event) =>
    event.versions.map((version) => ({
      event,
      version,
      ...examplePayloadFor(config, event, version.fields),
    })),
  );
  const first = samples.find(
    (s) => s.event === domain.events[0] && s.version === latestOf(s.event),
  )!;
  const other = samples.find((s) => s.event !== first.event);
  const fields = first.version.fields;
  const keyField: Field | undefined = fields[first.event.key];
  const requiredText = Object.entries(fields).find(
    ([, f]) => f.kind === 'string' && !f.optional && f.default === undefined && (f.min ?? 0) > 0,
  )?.[0];
  const sampleOf = (s: Sample) => `SAMPLES[${T}.${s.version.member}]`;
  const eventId = uuid5(IDEMPOTENCY_KEY, uuid5(config.domain, URL_NAMESPACE));
  const metadataArg = config.metadata ? ', user_id=USER_ID' : '';
  const lines: string[] = [
    `${GENERATED_MARKER} (nx g kafka-events:python): do not edit.`,
    ...wrapLines(
      `Tests of ${moduleName}.py against the contract of ${library.root}; regenerated with it.`,
      '# ',
      PY_LINE_LENGTH,
    ),
    `"""Round trips and the rejections users expect, for ${moduleName} (generated beside it)."""`,
    '',
    'import asyncio',
    'import base64',
    'import json',
    'import re',
    'from datetime import datetime',
    'from uuid import UUID, uuid4',
    '',
    'import pytest',
    'from pydantic import ValidationError',
    '',
    'try:',
    `    from . import ${moduleName} as events`,
    'except ImportError:',
    `    import ${moduleName} as events`,
    '',
    `USER_ID = ${pyString(USER_ID)}`,
    '',
    '# One valid payload per event version',
    'SAMPLES = {',
    ...samples.flatMap((s) => sampleEntry(T, s)),
    '}',
    `# The event most tests use`,
    `TYPE = ${T}.${first.version.member}`,
    '# (event type, schema version, record key field)',
    'VERSIONS = [',
    ...samples.map(
      (s) => `    (${T}.${s.version.member}, ${s.version.version}, ${pyString(s.event.key)}),`,
    ),
    ']',
    '',
    '',
    'def wire(sample_type=None):',
    '    """The JSON of an event (by default of TYPE), as a dict a test can break."""',
    `    event_type = sample_type or TYPE`,
    `    event = events.${n.create}(event_type, SAMPLES[event_type]${metadataArg})`,
    `    return json.loads(events.${n.serialize}(event))`,
    '',
    '',
    'def run(coroutine):',
    '    return asyncio.run(coroutine)',
    '',
    '',
    ...roundTrip(samples, n, T, metadataArg),
    '',
    '',
    'def test_the_plain_event_type_means_the_newest_version():',
    `    payload = events.${n.Entity}${pascal(first.event.name)}Payload(**SAMPLES[TYPE])`,
    statement(
      PY_INDENT,
      'event = ',
      call(`events.${n.event}`, `event_type=${T}.${first.event.member}`, 'payload=payload'),
    ),
    `    assert event.event_type == TYPE`,
    `    assert event.schema_version == ${first.version.version}`,
    `    assert events.${n.event}.model_validate_json(event.model_dump_json()) == event`,
    '',
    '',
    'def test_timestamps_are_utc_with_milliseconds_and_z():',
    '    assert re.fullmatch(r"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z", wire()["timestamp"])',
    '',
    '',
    'def test_the_idempotency_key_gives_the_id_typescript_derives():',
    `    expected = UUID(${pyString(eventId)})`,
    `    assert events.deterministic_event_id(${pyString(IDEMPOTENCY_KEY)}) == expected`,
    `    sample = SAMPLES[TYPE]`,
    `    key = ${pyString(IDEMPOTENCY_KEY)}`,
    `    event = events.${n.create}(TYPE, sample, idempotency_key=key)`,
    '    assert event.event_id == expected',
    ...(config.metadata
      ? [
          '',
          '',
          'def test_metadata_follows_the_cause():',
          '    cause = events.' + `${n.deserialize}(wire())`,
          `    event = events.${n.create}(`,
          `        TYPE, SAMPLES[TYPE], caused_by=cause`,
          '    )',
          '    assert event.correlation_id == cause.correlation_id == cause.event_id',
          '    assert event.causation_id == cause.event_id',
          '    assert event.user_id is None',
        ]
      : []),
    '',
    '',
    ...(keyField?.kind === 'uuid'
      ? [
          `def test_rejects_a_${first.event.key}_that_is_not_a_uuid():`,
          '    bad = wire()',
          `    bad["payload"][${pyString(first.event.key)}] = "not-a-uuid"`,
          '    with pytest.raises(ValidationError):',
          `        events.${n.deserialize}(bad)`,
          '',
          '',
        ]
      : []),
    ...(requiredText
      ? [
          `def test_rejects_an_empty_${requiredText}():`,
          '    with pytest.raises(ValidationError):',
          `        events.${first.version.payloadClass}(**{**SAMPLES[TYPE], ${pyString(requiredText)}: ""})`,
          '',
          '',
        ]
      : []),
    `def test_rejects_a_missing_${first.event.key}():`,
    '    bad = wire()',
    `    del bad["payload"][${pyString(first.event.key)}]`,
    '    with pytest.raises(ValidationError):',
    `        events.${n.deserialize}(bad)`,
    '',
    '',
    'def test_rejects_an_unknown_event_type():',
    `    bad = {**wire(), "event_type": ${pyString(`${config.entity}.unknown.v1`)}}`,
    '    with pytest.raises(ValidationError):',
    `        events.${n.deserialize}(bad)`,
    '',
    '',
    '@pytest.mark.parametrize(',
    '    "timestamp",',
    '    [',
    '        "2026-11-27T10:15:30",',
    '        "2026-11-27T10:15:30+02:00",',
    '        "2026-11-27T10:15:30.000+00:00",',
    '        "2026-11-27 10:15:30Z",',
    '        1764238530,',
    '    ],',
    ')',
    'def test_rejects_a_timestamp_that_is_not_utc_with_z(timestamp):',
    '    with pytest.raises(ValidationError):',
    `        events.${n.deserialize}({**wire(), "timestamp": timestamp})`,
    '',
    '',
    'def test_rejects_a_naive_datetime():',
    '    with pytest.raises(ValidationError):',
    `        events.${n.create}(`,
    `            TYPE, SAMPLES[TYPE], timestamp=datetime(2026, 11, 27)`,
    '        )',
    '',
    '',
    '@pytest.mark.parametrize("field", ["event_id", "timestamp", "schema_version", "payload"])',
    'def test_the_wire_needs_every_envelope_field(field):',
    '    bad = wire()',
    '    del bad[field]',
    '    with pytest.raises(ValidationError):',
    `        events.${n.deserialize}(bad)`,
    '',
    '',
    'def test_unknown_keys_are_dropped_as_zod_strips_them():',
    '    sent = wire()',
    '    sent["payload"]["not_in_the_schema"] = 1',
    '    sent["not_in_the_envelope"] = 2',
    `    event = events.${n.deserialize}(sent)`,
    '    written = json.loads(event.model_dump_json())',
    '    assert "not_in_the_schema" not in written["payload"]',
    '    assert "not_in_the_envelope" not in written',
    '',
    '',
    ...(config.versioning
      ? [
          'def test_a_plain_event_type_with_its_schema_version_is_read_as_the_versioned_type():',
          '    sent = wire()',
          `    sent["event_type"] = ${pyString(first.event.type)}`,
          `    event = events.${n.deserialize}(sent)`,
          '    assert event.event_type == TYPE',
          `    sent["schema_version"] = ${first.version.version + 100}`,
          '    with pytest.raises(ValidationError):',
          `        events.${n.deserialize}(sent)`,
          '',
          '',
        ]
      : []),
    ...(other
      ? [
          'def test_rejects_a_payload_of_another_event_type():',
          `    payload = events.${other.version.payloadClass}(**${sampleOf(other)})`,
          '    with pytest.raises(ValidationError):',
          `        events.${n.event}(event_type=TYPE, payload=payload)`,
          '',
          '',
        ]
      : []),
    'def test_rejects_text_that_is_not_json():',
    '    with pytest.raises(events.EventDecodeError):',
    `        events.${n.deserialize}('{"event_id"')`,
    '',
    '',
    'def test_the_cloud_event_is_what_the_typescript_publisher_sends():',
    `    event = events.${n.deserialize}(wire())`,
    `    cloud_event = events.${n.cloudEvent}(event)`,
    '    assert cloud_event["specversion"] == "1.0"',
    '    assert cloud_event["id"] == str(event.event_id)',
    `    assert cloud_event["source"] == events.${n.ENTITY}_SOURCE`,
    '    assert cloud_event["type"] == event.event_type.value',
    `    assert cloud_event["subject"] == events.${n.keyOf}(event)`,
    '    assert cloud_event["time"] == wire_timestamp(event)',
    '    assert cloud_event["datacontenttype"] == "application/json"',
    '    assert cloud_event["data"] == json.loads(event.model_dump_json())',
    '',
    '',
    'def wire_timestamp(event):',
    '    return json.loads(event.model_dump_json())["timestamp"]',
    '',
    '',
    'def test_publishes_the_cloud_event_with_the_record_key_as_partition_key(monkeypatch):',
    '    httpx = pytest.importorskip("httpx")',
    '    monkeypatch.setenv("DAPR_API_TOKEN", "token-1")',
    `    event = events.${n.deserialize}(wire())`,
    '    seen = []',
    '',
    '    def sidecar(request):',
    '        seen.append(request)',
    '        return httpx.Response(204)',
    '',
    '    async def publish():',
    '        async with httpx.AsyncClient(transport=httpx.MockTransport(sidecar)) as client:',
    `            await events.${n.publish}(event, client=client, dapr_http_port=3501)`,
    '',
    '    run(publish())',
    '    (request,) = seen',
    `    assert request.url.path == "/v1.0/publish/kafka-pubsub/" + events.${n.ENTITY}_TOPIC`,
    `    assert request.url.params["metadata.partitionKey"] == events.${n.keyOf}(event)`,
    '    assert request.url.port == 3501',
    '    assert request.headers["content-type"] == "application/cloudevents+json"',
    '    assert request.headers["dapr-api-token"] == "token-1"',
    `    assert json.loads(request.content) == events.${n.cloudEvent}(event)`,
    '',
    '',
    'def test_a_refused_publish_raises():',
    '    httpx = pytest.importorskip("httpx")',
    '    reply = {"errorCode": "ERR_PUBSUB_NOT_FOUND", "message": "pubsub kafka-pubsub not found"}',
    `    event = events.${n.deserialize}(wire())`,
    '',
    '    async def publish():',
    '        transport = httpx.MockTransport(lambda request: httpx.Response(400, json=reply))',
    '        async with httpx.AsyncClient(transport=transport) as client:',
    `            await events.${n.publish}(event, client=client)`,
    '',
    '    with pytest.raises(events.DaprPublishError) as error:',
    '        run(publish())',
    '    assert error.value.status == 400',
    '    assert error.value.error_code == "ERR_PUBSUB_NOT_FOUND"',
    '',
    '',
    'def test_the_api_token_stays_out_of_publish_errors(monkeypatch):',
    '    httpx = pytest.importorskip("httpx")',
    '    secret = "s3cr3t-" + str(uuid4())',
    '    monkeypatch.setenv("DAPR_API_TOKEN", secret)',
    `    event = events.${n.deserialize}(wire())`,
    '',
    '    def echoing_sidecar(request):',
    '        return httpx.Response(500, text="rejected: " + request.headers["dapr-api-token"])',
    '',
    '    async def publish(token=None):',
    '        transport = httpx.MockTransport(echoing_sidecar)',
    '        async with httpx.AsyncClient(transport=transport) as client:',
    `            await events.${n.publish}(event, client=client, api_token=token, attempts=1)`,
    '',
    '    with pytest.raises(events.DaprPublishError) as echoed:',
    '        run(publish())',
    '    assert "[redacted]" in str(echoed.value)',
    '    with pytest.raises(ValueError) as refused:',
    '        run(publish(secret + "\\n"))',
    '    assert "api_token" in str(refused.value)',
    '    for error in (echoed.value, refused.value):',
    '        assert secret not in str(error) and secret not in repr(error)',
    '',
    '',
    'def deliveries(event):',
    `    cloud_event = events.${n.cloudEvent}(event)`,
    '    attributes = {k: v for k, v in cloud_event.items() if k != "data"}',
    '    data = json.dumps(cloud_event["data"])',
    '    return {',
    '        "object": cloud_event,',
    '        "bytes": json.dumps(cloud_event).encode(),',
    '        "data as a JSON string": {**attributes, "data": data},',
    '        "data_base64": {**attributes, "data_base64": base64.b64encode(data.encode()).decode()},',
    '    }',
    '',
    '',
    '@pytest.mark.parametrize("shape", ["object", "bytes", "data as a JSON string", "data_base64"])',
    'def test_a_delivery_is_decoded_and_acknowledged(shape):',
    `    event = events.${n.deserialize}(wire())`,
    '    received = []',
    `    reply = run(events.${n.handleDelivery}(deliveries(event)[shape], received.append))`,
    '    assert reply == {"status": "SUCCESS"}',
    '    assert received == [event]',
    '',
    '',
    'def fail(event):',
    '    raise RuntimeError("database down")',
    '',
    '',
    'async def drop(event):',
    '    return events.DaprStatus.DROP',
    '',
    '',
    '@pytest.mark.parametrize(',
    '    "handler, status",',
    '    [',
    '        (fail, "RETRY"),',
    '        (drop, "DROP"),',
    '        (lambda event: "LATER", "RETRY"),',
    '        ({}, "SUCCESS"),',
    '    ],',
    ')',
    'def test_the_handler_decides_the_status(handler, status):',
    `    delivery = deliveries(events.${n.deserialize}(wire()))["object"]`,
    `    reply = run(events.${n.handleDelivery}(delivery, handler))`,
    '    assert reply == {"status": status}',
    '',
    '',
    // a mapping keyed as users write it: the versioned type, its string, the plain type
    `@pytest.mark.parametrize("key", [TYPE, TYPE.value${config.versioning ? `, ${T}.${first.event.member}` : ''}])`,
    'def test_a_mapping_of_handlers_is_keyed_by_event_type(key):',
    `    delivery = deliveries(events.${n.deserialize}(wire()))["object"]`,
    '    received = []',
    `    reply = run(events.${n.handleDelivery}(delivery, {key: received.append}))`,
    '    assert reply == {"status": "SUCCESS"}',
    '    assert len(received) == 1',
    '',
    '',
    'def test_a_handler_key_that_is_no_event_type_raises():',
    `    delivery = deliveries(events.${n.deserialize}(wire()))["object"]`,
    '    with pytest.raises(ValueError, match="no event type"):',
    `        run(events.${n.handleDelivery}(delivery, {"no.such.event": fail}))`,
    '',
    '',
    '@pytest.mark.parametrize(',
    '    "body",',
    '    [b"not json", b"", {"specversion": "1.0", "id": "1"}, {"specversion": "0.3", "data": {}}],',
    ')',
    'def test_what_is_no_valid_event_is_dropped(body):',
    `    reply = run(events.${n.handleDelivery}(body, fail))`,
    '    assert reply == {"status": "DROP"}',
    '',
    '',
    'def test_a_bare_envelope_needs_raw_payload():',
    `    assert run(events.${n.handleDelivery}(wire(), fail)) == {"status": "DROP"}`,
    `    reply = run(events.${n.handleDelivery}(wire(), lambda event: None, raw_payload=True))`,
    '    assert reply == {"status": "SUCCESS"}',
    '',
    '',
    'def test_the_app_token_is_checked_when_set(monkeypatch):',
    '    monkeypatch.setenv("APP_API_TOKEN", "secret")',
    '    assert events.dapr_app_token_ok({"Dapr-Api-Token": "secret"})',
    '    assert not events.dapr_app_token_ok({"dapr-api-token": "guess"})',
    '    monkeypatch.delenv("APP_API_TOKEN")',
    '    assert events.dapr_app_token_ok({})',
    ...upcastTests(domain, samples, n, T, metadataArg),
  ];
  return `${lines.join('\n').replace(/\n{3,}$/, '\n')}\n`.replace(/\n+$/, '\n');
}

function latestOf(event: PythonEvent): PythonEventVersion {
  return event.versions[event.versions.length - 1];
}

function sampleEntry(T: string, sample: Sample): string[] {
  const key = `    ${T}.${sample.version.member}: `;
  const inline = `${key}${pyValue(sample.payload)},`;
  if (inline.length <= PY_LINE_LENGTH) return [inline];
  return [
    `${key}{`,
    ...Object.entries(sample.payload).map(([k, v]) => {
      const line = `        ${pyString(k)}: ${pyValue(v)},`;
      return line.length <= PY_LINE_LENGTH ? line : expanded(k, v);
    }),
    '    },',
  ];
}

/** A long nested value one entry per line (dicts) or item per line (lists). */
function expanded(key: string, value: JsonValue): string {
  const indent = '        ';
  const inner = `${indent}${PY_INDENT}`;
  if (Array.isArray(value)) {
    return [
      `${indent}${pyString(key)}: [`,
      ...value.map((v) => `${inner}${pyValue(v)},`),
      `${indent}],`,
    ].join('\n');
  }
  if (value && typeof value === 'object') {
    return [
      `${indent}${pyString(key)}: {`,
      ...Object.entries(value).map(([k, v]) => `${inner}${pyString(k)}: ${pyValue(v)},`),
      `${indent}},`,
    ].join('\n');
  }
  return `${indent}${pyString(key)}: ${pyValue(value)},`;
}

function roundTrip(
  samples: Sample[],
  n: ReturnType<typeof pythonNames>,
  T: string,
  meta: string,
): string[] {
  const skipped = samples.filter((s) => s.missing.length > 0);
  return [
    ...skipped.flatMap((s) => [
      `# ${s.version.wireType}: no valid example for ${s.missing.join(', ')} (a pattern kafka-events`,
      '# cannot write a sample for); its round trip is skipped',
    ]),
    '@pytest.mark.parametrize("event_type, version, key", VERSIONS, ids=lambda value: str(value))',
    'def test_round_trip(event_type, version, key):',
    ...(skipped.length
      ? [
          `    if event_type in (${skipped.map((s) => `${T}.${s.version.member}`).join(', ')},):`,
          '        pytest.skip("no valid example payload")',
        ]
      : []),
    '    sample = SAMPLES[event_type]',
    `    event = events.${n.create}(event_type, sample${meta})`,
    '    assert event.event_type == event_type',
    '    assert event.schema_version == version',
    `    assert events.${n.keyOf}(event) == str(sample[key])`,
    `    text = events.${n.serialize}(event)`,
    `    assert events.${n.deserialize}(text) == event`,
    `    assert events.${n.deserialize}(text.encode()) == event`,
    `    assert events.${n.event}.model_validate_json(event.model_dump_json()) == event`,
    '    sent = json.loads(text)',
    '    assert sent["event_type"] == event_type.value',
    '    assert sent["payload"] == json.loads(event.payload.model_dump_json())',
  ];
}

function upcastTests(
  domain: PythonDomain,
  samples: Sample[],
  n: ReturnType<typeof pythonNames>,
  T: string,
  meta: string,
): string[] {
  return domain.upcasters.flatMap((step) => {
    const sample = samples.find((s) => s.version === step.from);
    const newest = latestOf(step.event);
    const name = `${step.from.wireType.replace(/\W/g, '_')}`;
    const create = [
      `    sample = SAMPLES[${T}.${step.from.member}]`,
      `    event = events.${n.create}(${T}.${step.from.member}, sample${meta})`,
    ];
    if (!sample) return [];
    if (step.set === undefined) {
      return [
        '',
        '',
        `def test_${name}_is_upcast_by_hand():`,
        ...create,
        '    with pytest.raises(events.UpcastError):',
        `        events.${n.upcast}(event)`,
      ];
    }
    return [
      '',
      '',
      `def test_${name}_is_upcast_to_the_newest_version():`,
      ...create,
      `    newest = events.${n.upcast}(event)`,
      `    assert newest.event_type == ${T}.${newest.member}`,
      `    assert newest.schema_version == ${newest.version}`,
      '    assert (newest.event_id, newest.timestamp) == (event.event_id, event.timestamp)',
      `    assert events.${n.upcast}(newest) == newest`,
    ];
  });
}
