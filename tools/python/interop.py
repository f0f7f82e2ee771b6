"""
Driven by packages/runtime/src/core/pydantic-interop.spec.ts over stdin/stdout, one JSON document
per line, so one interpreter start serves a whole spec.
  python interop.py validate   each input line is a record value: prints {"ok": true, "json":
                               model_dump_json()} or {"ok": false, "errors": [{"path", "message"}]}
  python interop.py produce    ignores stdin; prints events a Python service builds with the models
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from uuid import UUID

from pydantic import ValidationError

from tasks_events import (
    Recurrence,
    TaskCompletedV1,
    TaskCompletedV1Payload,
    TaskCreatedV1,
    TaskCreatedV1Payload,
    TaskDeletedV1,
    TaskDeletedV1Payload,
    TaskUpdatedV1,
    TaskUpdatedV1Payload,
    parse_task_event,
)

MEMBER_TAGS = {"task.created.v1", "task.updated.v1", "task.completed.v1", "task.deleted.v1"}


def error_path(loc: tuple) -> str:
    # ('task.created.v1', 'payload', 'tags', 0) -> 'payload.tags[0]', the TypeScript issue path
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in MEMBER_TAGS:
            path += f".{part}" if path else part
    return path


def validate(line: str) -> dict:
    try:
        return {"ok": True, "json": parse_task_event(line).model_dump_json()}
    except ValidationError as error:
        issues = [{"path": error_path(e["loc"]), "message": e["msg"]} for e in error.errors()]
        return {"ok": False, "errors": issues}


def produce() -> list[dict]:
    task_id = UUID("3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10")
    user_id = UUID("b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f")
    at = datetime(2026, 11, 27, 10, 15, 30, 123456, tzinfo=timezone.utc)
    created = TaskCreatedV1(
        user_id=user_id,
        payload=TaskCreatedV1Payload(task_id=task_id, user_id=user_id, title="Write the report"),
    )
    events = [
        created,
        TaskUpdatedV1(
            user_id=user_id,
            causation_id=created.event_id,
            correlation_id=created.event_id,
            payload=TaskUpdatedV1Payload(
                task_id=task_id, user_id=user_id, priority="high", updated_at=at
            ),
        ),
        TaskCompletedV1(
            payload=TaskCompletedV1Payload(
                task_id=task_id,
                user_id=user_id,
                completed_at=at,
                title="Write the report",
                recurrence=Recurrence(frequency="weekly"),
            ),
        ),
        TaskDeletedV1(payload=TaskDeletedV1Payload(task_id=task_id, user_id=user_id, deleted_at=at)),
    ]
    out = [{"json": e.model_dump_json()} for e in events]
    out.append({"json": created.model_dump_json(context={"unversioned_type": True})})
    return out


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "validate":
        results = [validate(line) for line in sys.stdin.read().splitlines() if line.strip()]
    elif command == "produce":
        results = produce()
    else:
        print("usage: interop.py validate|produce", file=sys.stderr)
        return 2
    for result in results:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
