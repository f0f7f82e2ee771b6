# ---------------------------------------------------------------------------------------------
# Wire rules shared with the TypeScript runtime (zod 4)

# z.uuid(): RFC 9562 versions 1-8 with the RFC variant, or the nil and max uuids.
_UUID = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
    r"|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)\Z"
)
# z.iso.datetime(): a calendar date (zod's own pattern, leap years included), seconds, an optional
# fraction and `Z`; offsets and zone-less times are refused so every service compares UTC strings.
_DATE = (
    r"(?:(?:[0-9][0-9][2468][048]|[0-9][0-9][13579][26]|[0-9][0-9]0[48]|[02468][048]00"
    r"|[13579][26]00)-02-29|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|(?:02)-(?:0[1-9]|1[0-9]|2[0-8])))"
)
_DATETIME = re.compile(
    rf"^({_DATE})T((?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])(?:\.([0-9]+))?Z\Z"
)
# Number.MAX_SAFE_INTEGER: z.int() accepts safe integers only.
_MAX_SAFE_INTEGER = 2**53 - 1


def _uuid(value: Any) -> Any:
    if isinstance(value, UUID):
        value = str(value)
    if not isinstance(value, str) or not _UUID.match(value):
        raise ValueError("must be a uuid (RFC 9562, as zod's z.uuid() checks)")
    return UUID(value)


def _utc(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("must be timezone-aware (a naive datetime has no zone)")
        return value.astimezone(timezone.utc)
    if not isinstance(value, str):
        raise ValueError("must be an ISO-8601 UTC string ending in Z")
    match = _DATETIME.match(value)
    if not match:
        raise ValueError("must be an ISO-8601 UTC timestamp ending in Z (no offset, no naive time)")
    day, time, fraction = match.groups()
    # datetime holds microseconds: finer digits are cut, as Date cuts below milliseconds
    micros = int((fraction or "").ljust(6, "0")[:6])
    return datetime.fromisoformat(f"{day}T{time}").replace(microsecond=micros, tzinfo=timezone.utc)


def _utc_text(value: datetime) -> str:
    # Date.prototype.toISOString(): milliseconds and `Z`; microseconds only when there are some
    utc = value.astimezone(timezone.utc)
    spec = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _js_int(value: Any) -> Any:
    # JSON has one number type: 5.0 is the integer 5 to zod, "5" and true are not numbers
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be an integer")
    if abs(value) > _MAX_SAFE_INTEGER:
        raise ValueError("must be a safe integer (at most 2**53 - 1 in absolute value)")
    return value


def _js_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    try:
        return float(value)
    except OverflowError:
        raise ValueError("must be a finite number") from None


def _matches(pattern: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.search(value):
            raise ValueError(f"must match the pattern {pattern!r}")
        return value

    return check


def utc_now() -> datetime:
    """Now in UTC, at the millisecond precision of JavaScript's Date."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


Uuid = Annotated[UUID, BeforeValidator(_uuid)]
UtcDatetime = Annotated[
    AwareDatetime, BeforeValidator(_utc), PlainSerializer(_utc_text, return_type=str)
]
JsInt = Annotated[int, BeforeValidator(_js_int)]
JsNumber = Annotated[float, BeforeValidator(_js_number), Field(allow_inf_nan=False)]


class _Model(BaseModel):
    # zod objects strip unknown keys on input (and so never write them); events are immutable;
    # a field whose wire name is no Python name (`from`, `content-type`) has it as its alias
    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class EventDecodeError(ValueError):
    """The bytes are not one JSON object (bad UTF-8, bad JSON, not an object, not a CloudEvent)."""


class UpcastError(ValueError):
    """An upcasting step cannot be derived or did not produce a valid next version."""


class DaprStatus(str, Enum):
    """What a subscriber answers Dapr: SUCCESS commits, RETRY redelivers, DROP dead-letters."""

    SUCCESS = "SUCCESS"
    RETRY = "RETRY"
    DROP = "DROP"


class DaprPublishError(RuntimeError):
    """The sidecar refused or failed a publish; `status` is None when it never answered."""

    def __init__(self, message: str, *, status: Optional[int] = None, error_code: str = ""):
        super().__init__(message)
        self.status = status
        self.error_code = error_code


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_object(data: Union[str, bytes, bytearray], what: str) -> dict:
    try:
        text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
        value = json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        raise EventDecodeError(f"{what} is not valid UTF-8: {error}") from error
    except ValueError as error:
        raise EventDecodeError(f"{what} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise EventDecodeError(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


def _cloud_event_data(cloud_event: Mapping[str, Any]) -> dict:
    if cloud_event.get("specversion") != "1.0":
        raise EventDecodeError(
            f"unsupported CloudEvents specversion {cloud_event.get('specversion')!r}; "
            "expected '1.0'"
        )
    data, data_base64 = cloud_event.get("data"), cloud_event.get("data_base64")
    if isinstance(data_base64, str):
        try:
            raw = base64.b64decode(data_base64)
        except ValueError as error:
            raise EventDecodeError(f"CloudEvent data_base64 is not base64: {error}") from error
        return _json_object(raw, "CloudEvent data_base64")
    if isinstance(data, (str, bytes, bytearray)):
        return _json_object(data, "CloudEvent data")
    if isinstance(data, dict):
        return data
    if data is None:
        raise EventDecodeError("the CloudEvent has no data; expected the event envelope")
    raise EventDecodeError("CloudEvent data must be a JSON object")


def _delivery_envelope(body: Any, raw_payload: bool) -> dict:
    if body is None or (isinstance(body, (str, bytes, bytearray)) and len(body) == 0):
        raise EventDecodeError("the delivery has no body")
    text = isinstance(body, (str, bytes, bytearray))
    value = _json_object(body, "delivery body") if text else body
    if not isinstance(value, dict):
        raise EventDecodeError("the delivery body must be a JSON object")
    if "specversion" in value:
        return _cloud_event_data(value)
    if raw_payload:
        return value
    raise EventDecodeError(
        "the delivery is not a CloudEvent (no specversion); publish through Dapr or subscribe with"
        " rawPayload"
    )


def dapr_app_token_ok(headers: Mapping[str, str], token: Optional[str] = None) -> bool:
    """Whether a delivery carries the sidecar's `dapr-api-token` (APP_API_TOKEN); True if unset."""
    expected = token if token is not None else os.environ.get("APP_API_TOKEN") or None
    if not expected:
        return True
    given = next((v for k, v in headers.items() if k.lower() == "dapr-api-token"), "")
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


_STATUSES = {status.value: status for status in DaprStatus}
# every delivery decision is logged with its reason, as the TypeScript handler logs it
_log = logging.getLogger("kafka_events.dapr")


def _handlers_by_type(domain: "_Domain", handlers: Mapping[Any, Any]) -> dict:
    # keys are event types, members or strings: versioned (task.created.v1) or plain (task.created,
    # every version); a key that is no event type of the domain would never be called, so it fails
    by_type = {}
    for key, handler in handlers.items():
        name = key.value if isinstance(key, Enum) else key
        if name not in domain.types and name not in domain.latest:
            known = ", ".join(dict.fromkeys([*domain.latest, *domain.types]))
            raise ValueError(
                f"handler key {name!r} is no event type of the {domain.name} domain "
                f"(known: {known})"
            )
        by_type[name] = handler
    return by_type


async def _handle_delivery(
    domain: "_Domain", decode: Callable[[Any], Any], body: Any, handler: Any
) -> dict:
    by_type = _handlers_by_type(domain, handler) if isinstance(handler, Mapping) else None
    try:
        event = decode(body)
    except (EventDecodeError, ValidationError) as error:
        _log.error("Dapr delivery DROP: not a valid event: %s", error)
        return {"status": DaprStatus.DROP.value}
    about = f"{event.event_type.value} {event.event_id}"
    if by_type is not None:
        wire = event.event_type.value
        handler = by_type.get(wire, by_type.get(domain.types[wire][0]))
        if handler is None:
            _log.info("Dapr delivery SUCCESS: no handler for %s; acknowledged", about)
            return {"status": DaprStatus.SUCCESS.value}
    try:
        result = handler(event)
        if inspect.isawaitable(result):
            result = await result
    except Exception:
        _log.warning("Dapr delivery RETRY: the handler of %s raised", about, exc_info=True)
        return {"status": DaprStatus.RETRY.value}
    if result is None:
        return {"status": DaprStatus.SUCCESS.value}
    status = _STATUSES.get(result.value if isinstance(result, DaprStatus) else result)
    if status is None:
        _log.warning("Dapr delivery RETRY: the handler of %s returned %r", about, result)
        return {"status": DaprStatus.RETRY.value}
    if status is not DaprStatus.SUCCESS:
        _log.warning("Dapr delivery %s: asked for by the handler of %s", status.value, about)
    return {"status": status.value}


def _uri_component(value: str) -> str:
    # encodeURIComponent: what the TypeScript publisher escapes
    return quote(value, safe="!*'()")


async def _dapr_publish(
    cloud_event: dict,
    *,
    client: Any,
    pubsub_name: str,
    topic: str,
    metadata: Optional[Mapping[str, str]],
    traceparent: Optional[str],
    tracestate: Optional[str],
    dapr_host: Optional[str],
    dapr_http_port: Union[int, str, None],
    api_token: Optional[str],
    attempts: int,
    timeout: float,
) -> None:
    # what the TypeScript publisher sends: POST /v1.0/publish/{pubsub}/{topic} with the structured
    # CloudEvent, metadata.partitionKey = the record key (daprd's Kafka component makes it the key)
    import asyncio

    import httpx

    for reserved in ("partitionKey", "__key", "rawPayload"):
        if reserved in (metadata or {}):
            raise ValueError(f"metadata.{reserved} is set by the publisher; remove it")
    host = dapr_host or os.environ.get("DAPR_HOST") or "localhost"
    port = dapr_http_port or os.environ.get("DAPR_HTTP_PORT") or 3500
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    query = {**(metadata or {}), "partitionKey": cloud_event["subject"]}
    path = f"/v1.0/publish/{_uri_component(pubsub_name)}/{_uri_component(topic)}"
    pairs = (f"{_uri_component('metadata.' + k)}={_uri_component(v)}" for k, v in query.items())
    url = f"http://{host}:{port}{path}?{'&'.join(pairs)}"
    headers = {"content-type": "application/cloudevents+json"}
    token = api_token if api_token is not None else os.environ.get("DAPR_API_TOKEN") or None
    # checked here, naming the option only: httpx would quote the value in its error
    printable = isinstance(token, str) and token.isascii() and token.isprintable()
    if token is not None and not printable:
        raise ValueError("the Dapr API token (api_token or DAPR_API_TOKEN) must be printable ASCII")
    if token:
        headers["dapr-api-token"] = token
    if traceparent:
        headers["traceparent"] = traceparent
    if tracestate:
        headers["tracestate"] = tracestate
    body = json.dumps(cloud_event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    owned = client is None
    client = client or httpx.AsyncClient(timeout=timeout)
    try:
        for attempt in range(1, attempts + 1):
            try:
                reply = await client.post(url, content=body, headers=headers)
            except httpx.HTTPError as error:
                failure = DaprPublishError(
                    f"cannot reach the Dapr sidecar at {host}:{port} ({error!r}): is daprd up?",
                    error_code="ERR_DAPR_UNREACHABLE",
                )
            else:
                if 200 <= reply.status_code < 300:
                    return
                try:
                    detail = reply.json()
                except ValueError:
                    detail = None
                detail = detail if isinstance(detail, dict) else {}
                reason = str(detail.get("message") or reply.text[:500] or "(empty body)")
                # a sidecar or proxy may echo the request: the token stays out of the error
                reason = reason.replace(token, "[redacted]") if token else reason
                failure = DaprPublishError(
                    f"Dapr publish to {pubsub_name}/{topic} failed"
                    f" (HTTP {reply.status_code}): {reason}",
                    status=reply.status_code,
                    error_code=str(detail.get("errorCode") or "ERR_DAPR_UNEXPECTED_REPLY"),
                )
                if reply.status_code < 500:
                    raise failure
            if attempt < attempts:
                await asyncio.sleep(0.2 * 2 ** (attempt - 1))
        raise failure
    finally:
        if owned:
            await client.aclose()


# Context flag of model_validate: the value comes from the wire, where every field the TypeScript
# schema requires must be present (the constructor fills event_id, timestamp and schema_version).
_WIRE = "kafka_events_wire"
# Context flag: model_validate(by_name=True) was asked for, so Python names are read too.
_BY_NAME = "kafka_events_by_name"
_REQUIRED_ON_THE_WIRE = ("event_id", "timestamp", "schema_version")


def _version_number(value: Any) -> Optional[int]:
    # Number.isInteger(): 2 and 2.0 are versions, "2" and true are not
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def _wire_names(annotation: Any, value: Any) -> Any:
    # `value` without the Python names of fields whose wire name differs (`from_` for `from`): zod
    # strips those as unknown keys. model_validate(by_name=False) would ignore them, but Pydantic
    # loses by_name inside the envelope's wrap validator, so the wire reader drops them itself.
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not isinstance(value, dict):
            return value
        fields = annotation.model_fields
        wire = {field.alias or name: field for name, field in fields.items()}
        return {
            key: _wire_names(wire[key].annotation, item) if key in wire else item
            for key, item in value.items()
            if key in wire or key not in fields
        }
    if getattr(annotation, "__origin__", None) is list:
        item = annotation.__args__[0]
        return [_wire_names(item, v) for v in value] if isinstance(value, list) else value
    # Optional[X] and Annotated[X, ...]: X
    inner = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    return _wire_names(inner[0], value) if inner else value


def _first(*values: Any) -> Any:
    return next((value for value in values if value is not None), None)


def _field(source: Any, name: str) -> Any:
    return source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)


class _Envelope(_Model):
    """Events read with model_validate or model_validate_json follow the wire rules: the fields
    TypeScript requires must be present and payload fields go by their wire names."""

    @classmethod
    def model_validate(
        cls, obj: Any, *, context: Optional[dict] = None, by_name: Optional[bool] = None, **kw: Any
    ) -> Any:
        context = {**(context or {}), _WIRE: True, _BY_NAME: bool(by_name)}
        return super().model_validate(obj, context=context, by_name=bool(by_name), **kw)

    @classmethod
    def model_validate_json(
        cls, json_data: Any, *, by_name: Optional[bool] = None, **kw: Any
    ) -> Any:
        # the text as JSON.parse reads it: Pydantic's own parser also takes NaN and Infinity,
        # which are no JSON, and TypeScript refuses the whole event for them
        try:
            text = json_data
            if isinstance(text, (bytes, bytearray)):
                text = text.decode("utf-8")
            data = json.loads(text, parse_constant=_reject_constant)
        except ValueError as error:
            details = {"type": "json_invalid", "loc": (), "input": json_data}
            details["ctx"] = {"error": str(error)}
            raise ValidationError.from_exception_data(cls.__name__, [details]) from None
        return cls.model_validate(data, by_name=by_name, **kw)


class _Domain:
    """The event table of one domain, read by its envelope, helpers and upcasters."""

    def __init__(self, name: str, events: Sequence[tuple[Enum, int, Enum, type, str]]):
        self.name = name
        # createTaskEvent's ids: uuid5(key, uuid5(domain, URL namespace))
        self.namespace = uuid5(NAMESPACE_URL, name)
        # wire type -> (unversioned type, version, payload model, record key field)
        self.types = {
            wire.value: (plain.value, version, model, key)
            for plain, version, wire, model, key in events
        }
        self.latest = {plain.value: wire.value for plain, _, wire, _, _ in events}
        self.by_payload = {model: wire.value for _, _, wire, model, _ in events}
        self.payload_type: ContextVar[Optional[str]] = ContextVar(f"{name}_type", default=None)

    def tag(self, value: Any) -> Optional[str]:
        """Discriminator of the payload union: the event type being validated, else the model's."""
        return _first(self.payload_type.get(), self.by_payload.get(type(value)))

    def unknown(self, event_type: str) -> ValueError:
        known = ", ".join(self.types)
        return ValueError(f'unknown event type "{event_type}" (known: {known})')

    def resolve(self, data: dict, wire: bool, errors: list) -> dict:
        """`task.created` + schema_version 1 is `task.created.v1`, as in TypeScript. Raises on an
        unknown event type; appends a schema_version of another version to `errors`."""
        event_type = data.get("event_type")
        event_type = event_type.value if isinstance(event_type, Enum) else event_type
        if not isinstance(event_type, str):
            return data
        number = _version_number(data.get("schema_version"))
        if event_type not in self.types:
            if event_type not in self.latest:
                raise self.unknown(event_type)
            if number is not None:
                versioned = f"{event_type}.v{number}"
                if versioned not in self.types or self.types[versioned][0] != event_type:
                    raise self.unknown(versioned)
                event_type = versioned
            elif wire or "schema_version" in data:
                raise self.unknown(event_type)
            else:
                # the constructor: the version of the payload model given, else the newest
                own = self.by_payload.get(type(data.get("payload")))
                plain = event_type
                event_type = own if own and self.types[own][0] == plain else self.latest[plain]
        version = self.types[event_type][1]
        if number is not None and number != version:
            # reported with the other errors, at schema_version, as zod reports its literal
            message = f"schema_version must be {version} for {event_type}, not {number}"
            errors.append(
                {
                    "type": "value_error",
                    "loc": ("schema_version",),
                    "input": data.get("schema_version"),
                    "ctx": {"error": ValueError(message)},
                }
            )
        data = {**data, "event_type": event_type}
        if not wire:
            data.setdefault("schema_version", version)
        return data

    def validate(self, model: type, data: Any, handler: Any, info: ValidationInfo) -> Any:
        """The wire rules around the field validation, with errors where TypeScript reports them:
        an unknown event type alone, a missing or non-string event_type alone, anything else
        together (missing envelope fields, schema_version of another version, field errors)."""
        if not isinstance(data, dict):
            return handler(data)
        wire = info.mode == "json" or bool((info.context or {}).get(_WIRE))
        errors: list = []
        data = self.resolve(data, wire, errors)
        event_type = data.get("event_type")
        known = isinstance(event_type, str)
        if wire and known:
            missing = [name for name in _REQUIRED_ON_THE_WIRE if name not in data]
            errors += [{"type": "missing", "loc": (name,), "input": data} for name in missing]
            if "payload" in data and not (info.context or {}).get(_BY_NAME):
                payload = _wire_names(self.types[event_type][2], data["payload"])
                data = {**data, "payload": payload}
        token = self.payload_type.set(event_type if known else None)
        try:
            result = handler(data)
        except ValidationError as error:
            found = [e for e in error.errors() if known or e["loc"][:1] == ("event_type",)]
            found = errors + found if known else found
            raise ValidationError.from_exception_data(error.title, found) from None
        finally:
            self.payload_type.reset(token)
        if errors:
            raise ValidationError.from_exception_data(model.__name__, errors)
        return result

    def event_id(self, idempotency_key: Union[str, Sequence[str]]) -> UUID:
        key = idempotency_key if isinstance(idempotency_key, str) else ":".join(idempotency_key)
        if key == "":
            raise ValueError("idempotency_key must not be empty: every event would get the same id")
        return uuid5(self.namespace, key)

    def create(
        self,
        model: type,
        event_type: Any,
        payload: Any,
        *,
        event_id: Any,
        idempotency_key: Any,
        timestamp: Any,
        metadata: Optional[dict] = None,
    ) -> Any:
        if event_id is not None and idempotency_key is not None:
            raise TypeError("pass event_id or idempotency_key, not both: they would disagree")
        if event_id is None:
            event_id = uuid4() if idempotency_key is None else self.event_id(idempotency_key)
        data = {"event_id": event_id, "event_type": event_type, "payload": payload}
        if timestamp is not None:
            data["timestamp"] = timestamp
        if metadata is not None:
            cause = metadata.pop("caused_by")
            cause_id = _field(cause, "event_id")
            data["correlation_id"] = _first(
                metadata["correlation_id"], _field(cause, "correlation_id"), cause_id, event_id
            )
            data["causation_id"] = _first(metadata["causation_id"], cause_id)
            data["user_id"] = metadata["user_id"]
        return model(**data)

    def key_of(self, event: Any) -> str:
        value = getattr(event.payload, self.types[event.event_type.value][3])
        # String(value) in TypeScript: 5.0 is "5"
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

    def cloud_event(self, source: str, event: Any) -> dict:
        data = event.model_dump(mode="json")
        cloud_event = {
            "specversion": "1.0",
            "id": data["event_id"],
            "source": source,
            "type": data["event_type"],
            "subject": self.key_of(event),
            "time": data["timestamp"],
            "datacontenttype": "application/json",
            "data": data,
        }
        for field, extension in _METADATA_EXTENSIONS:
            if data.get(field) is not None:
                cloud_event[extension] = data[field]
        return cloud_event

    def next_version(self, model: type, event: Any, to: Enum, constants: dict) -> Any:
        data = event.model_dump(mode="json")
        payload = {**data["payload"], **constants}
        data.update(event_type=to.value, schema_version=self.types[to.value][1], payload=payload)
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise UpcastError(
                f"{event.event_type.value} -> {to.value}: the payload is not a valid {to.value} "
                f"payload; map it with a step of your own in the upcasters table\n{error}"
            ) from error

    def upcast(self, model: type, steps: Mapping[Any, Callable[[Any], Any]], event: Any) -> Any:
        current = event if isinstance(event, model) else model.model_validate(event)
        while current.event_type in steps:
            before = self.types[current.event_type.value]
            result = steps[current.event_type](current)
            result = result if isinstance(result, model) else model.model_validate(result)
            after = self.types[result.event_type.value]
            if after[0] != before[0] or after[1] <= before[1]:
                raise UpcastError(
                    f"the step for {current.event_type.value} returned "
                    f"{result.event_type.value}; it must return a later version of {before[0]}"
                )
            current = result
        return current


_METADATA_EXTENSIONS = (
    ("correlation_id", "correlationid"),
    ("causation_id", "causationid"),
    ("user_id", "userid"),
)
