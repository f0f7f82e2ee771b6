"""A Python service's publishing side, as python.daprd.spec.ts runs it: the life of one task as
three events built with the generated module (an idempotency key on the first, the others caused
by the one before, so they share its correlation) and published through the service's own daprd
with publish_task_event. The sidecar comes from DAPR_HOST/DAPR_HTTP_PORT and the token from
DAPR_API_TOKEN, as in production. Prints each published event as the JSON the module serializes.

    python task_publisher.py <task_id> <user_id> <request_id> <traceparent>
"""
import asyncio
import sys

import httpx
from task_events import (
    TaskCompletedPayload,
    TaskCreatedPayload,
    TaskEventType,
    create_task_event,
    publish_task_event,
    serialize_task_event,
)


async def main(task_id: str, user_id: str, request_id: str, traceparent: str) -> None:
    created = create_task_event(
        TaskEventType.CREATED,
        TaskCreatedPayload(
            task_id=task_id,
            user_id=user_id,
            title="Café ☕ planning, from Python",
            priority="high",
            tags=["python", "dapr"],
            due_date="2026-11-28T17:00:00.000Z",
            recurrence={"frequency": "weekly"},
        ),
        user_id=user_id,
        idempotency_key=["create-task", request_id],
    )
    # a plain dict payload, validated against the event type as the envelope reads it
    updated = create_task_event(
        "task.updated",
        {
            "task_id": task_id,
            "user_id": user_id,
            "description": "now with an agenda",
            "updated_at": "2026-11-27T08:30:00.123Z",
        },
        caused_by=created,
        user_id=user_id,
    )
    completed = create_task_event(
        TaskEventType.COMPLETED_V1,
        TaskCompletedPayload(
            task_id=task_id,
            user_id=user_id,
            completed_at="2026-11-28T16:59:59.999Z",
            title=created.payload.title,
        ),
        caused_by=updated,
        user_id=user_id,
    )
    # the first with a client of its own making, the others through one shared client
    await publish_task_event(created, traceparent=traceparent)
    async with httpx.AsyncClient() as client:
        for event in (updated, completed):
            await publish_task_event(event, client=client)
    for event in (created, updated, completed):
        print(serialize_task_event(event))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
