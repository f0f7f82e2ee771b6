"""A Python service's subscribing side, as python.daprd.spec.ts serves it with uvicorn behind its
own daprd: a bare ASGI callable (no framework) whose every POST under /events/ is a delivery on a
route of the generated Subscription, answered with the generated handle_task_delivery. Deliveries
without the sidecar's token (APP_API_TOKEN) are refused with 401.

Handlers are keyed by event type as a user writes them: the plain TaskEventType.CREATED takes
every version of task.created. By title: "flaky" raises at its first delivery, "explode" at every
delivery, "drop me" asks for DROP. Every delivery is appended to RECORD_FILE as one JSON line:
{path, key, token, status, event (the delivered event as the module serializes it, or null when it
is none), handled (whether a handler was called)}.
"""
import json
import os
from typing import Any, Dict

from pydantic import ValidationError
from task_events import (
    DaprStatus,
    EventDecodeError,
    TaskEvent,
    TaskEventType,
    dapr_app_token_ok,
    decode_task_delivery,
    handle_task_delivery,
    serialize_task_event,
)

RECORD_FILE = os.environ["RECORD_FILE"]
deliveries: Dict[str, int] = {}


def on_created(event: TaskEvent) -> Any:
    title = event.payload.title
    seen = deliveries[str(event.event_id)] = deliveries.get(str(event.event_id), 0) + 1
    if title == "explode" or (title == "flaky" and seen == 1):
        raise RuntimeError(f"the task store timed out ({title}, delivery {seen})")
    if title == "drop me":
        return DaprStatus.DROP
    return None


async def on_completed(event: TaskEvent) -> None:
    return None


HANDLERS = {TaskEventType.CREATED: on_created, TaskEventType.COMPLETED: on_completed}


def record(**entry: Any) -> None:
    with open(RECORD_FILE, "a", encoding="utf-8") as file:
        file.write(json.dumps(entry, ensure_ascii=False) + "\n")


async def read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def reply(send: Any, status: int, body: Any) -> None:
    data = json.dumps(body).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def app(scope: Dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = await read_body(receive)
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
    path = scope["path"]
    if scope["method"] != "POST" or not path.startswith("/events/"):
        # GET /dapr/subscribe and /dapr/config included: subscribed by manifest, nothing to say
        await reply(send, 404, {"message": f"no route {scope['method']} {path}"})
        return
    key = headers.get("__key")
    if not dapr_app_token_ok(headers):
        record(path=path, key=key, token=False, status=401, event=None, handled=False)
        await reply(send, 401, {"message": "missing or wrong dapr-api-token"})
        return
    calls = []

    def counted(handler: Any) -> Any:
        def call(event: TaskEvent) -> Any:
            calls.append(event)
            return handler(event)

        return call

    answer = await handle_task_delivery(body, {k: counted(h) for k, h in HANDLERS.items()})
    try:
        event = json.loads(serialize_task_event(decode_task_delivery(body)))
    except (EventDecodeError, ValidationError):
        event = None
    status = answer["status"]
    record(path=path, key=key, token=True, status=status, event=event, handled=bool(calls))
    await reply(send, 200, answer)
