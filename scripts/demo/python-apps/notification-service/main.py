"""notification-service: a Python service of the demo workspace, behind its own Dapr sidecar.

It uses only the modules `nx g kafka-events:python --project=notification-service` generated
beside this file: task events arrive on the routes of dapr/subscriptions/task-events.yaml (written
by `nx g kafka-events:dapr`) and are answered with handle_task_delivery; each new or completed task
is notified in the user's in-app inbox and published as notification.delivered.v1 through the
sidecar (DAPR_HTTP_PORT), which task-service (TypeScript) receives.

    uvicorn main:app --app-dir apps/notification-service --port $APP_PORT

One line per delivery: `notification-service <- <type> (task <id>) <outcome> -> <what followed>`.
"""
import logging
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, List, Optional

import httpx
import notification_events as notifications
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from task_events import (
    TASK_TOPIC,
    TaskEvent,
    TaskEventType,
    dapr_app_token_ok,
    handle_task_delivery,
)

PROVIDER = "acme-inbox"
sidecar: Optional[httpx.AsyncClient] = None
# what the current delivery's handler did, and why the module decided RETRY or DROP
notes: ContextVar[List[str]] = ContextVar("notes")


class Reasons(logging.Handler):
    """The generated modules log every RETRY and DROP with its reason (kafka_events.dapr)."""

    def emit(self, record: logging.LogRecord) -> None:
        found = notes.get(None)
        if found is not None and record.levelno >= logging.WARNING:
            found.append(record.getMessage().split(": ", 1)[-1])


logging.getLogger("kafka_events.dapr").addHandler(Reasons())


def short(value: Any) -> str:
    text = str(value)
    return f"{text[:8]}…" if len(text) > 8 else text


async def notify(event: TaskEvent, what: str) -> None:
    """Tells the user about the task, then publishes that it was delivered."""
    user_id = event.payload.user_id
    # ids derived from the task event: a redelivery publishes the same event again
    key = [str(event.event_id), "notified"]
    notification_id = notifications.deterministic_event_id([*key, "notification"])
    delivered = notifications.create_notification_event(
        notifications.NotificationEventType.DELIVERED,
        {
            "notification_id": notification_id,
            "user_id": user_id,
            "channel": "in_app",
            "provider": PROVIDER,
            "recipient": str(user_id),
            "provider_message_id": f"inbox_{str(notification_id)[:8]}",
            "delivered_at": notifications.utc_now(),
        },
        caused_by=event,
        user_id=user_id,
        idempotency_key=key,
    )
    await notifications.publish_notification_event(delivered, client=sidecar)
    notes.get().append(
        f'{what} "{event.payload.title}" -> published notification.delivered.v1 '
        f"(notification {short(notification_id)})"
    )


async def on_task_created(event: TaskEvent) -> None:
    await notify(event, "new task")


async def on_task_completed(event: TaskEvent) -> None:
    await notify(event, "task done")


# the plain types take every version of task.created and task.completed
HANDLERS = {TaskEventType.CREATED: on_task_created, TaskEventType.COMPLETED: on_task_completed}


@asynccontextmanager
async def lifespan(app: FastAPI):
    global sidecar
    async with httpx.AsyncClient() as client:
        sidecar = client
        yield


app = FastAPI(lifespan=lifespan)


@app.post(f"/events/{TASK_TOPIC}/{{event_type}}")  # a route per event type
@app.post(f"/events/{TASK_TOPIC}")  # the Subscription's default route
async def task_events(request: Request) -> Any:
    if not dapr_app_token_ok(request.headers):
        return JSONResponse({"status": "RETRY"}, status_code=401)
    token = notes.set([])
    try:
        reply = await handle_task_delivery(await request.body(), HANDLERS)
        said = notes.get()
    finally:
        notes.reset(token)
    routed = request.url.path.rsplit("/", 1)[-1]
    event_type = routed if routed != TASK_TOPIC else "unroutable message"
    status = reply["status"]
    after = f" ({said[-1]})" if said and status != "SUCCESS" else ""
    if status == "RETRY":
        after += " -> daprd redelivers it as dapr/resiliency.yaml says"
    elif status == "DROP":
        after += f" -> {TASK_TOPIC}.dlq"
    elif said:
        after = f" -> {said[-1]}"
    key = short(request.headers.get("__key", "-"))
    print(f"notification-service <- {event_type} (task {key}) {status}{after}", flush=True)
    return reply
