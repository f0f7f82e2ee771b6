"""
The `tasks` event contract as a Python service writes it with Pydantic v2: the same wire format as
the TypeScript library `nx g kafka-events:domain tasks` generates (docs/design.md, "Wire format").
The interop spec (packages/runtime/src/core/pydantic-interop.spec.ts) checks that both sides
accept and reject the same JSON.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Optional, Union
from uuid import UUID, uuid4

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializationInfo,
    TypeAdapter,
    field_serializer,
    model_validator,
)

_UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _require_z(value: Any) -> Any:
    # zod's z.iso.datetime() takes only `Z`: an offset would be accepted by Pydantic and then
    # refused by every TypeScript consumer, so it is refused here too.
    if isinstance(value, str) and not _UTC_Z.match(value):
        raise ValueError("must be an ISO-8601 UTC timestamp ending in Z")
    return value


def _to_wire(value: datetime) -> str:
    # Millisecond precision and `Z`, exactly like JavaScript's Date.toISOString(), so timestamps
    # written by either side compare and sort the same as strings.
    return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


UtcDatetime = Annotated[
    AwareDatetime, BeforeValidator(_require_z), PlainSerializer(_to_wire, return_type=str)
]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


Priority = Literal["low", "medium", "high"]
Tag = Annotated[str, Field(min_length=1, max_length=50)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=2000)]
Tags = Annotated[list[Tag], Field(max_length=20)]


class Recurrence(BaseModel):
    frequency: Literal["daily", "weekly", "monthly", "yearly"]
    interval: int = Field(default=1, ge=1, le=365)
    until: Optional[UtcDatetime] = None


class TaskCreatedV1Payload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: Title
    description: Optional[Description] = None
    priority: Priority = "medium"
    tags: Tags = Field(default_factory=list)
    due_date: Optional[UtcDatetime] = None
    recurrence: Optional[Recurrence] = None


class TaskUpdatedV1Payload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: Optional[Title] = None
    description: Optional[Description] = None
    priority: Optional[Priority] = None
    tags: Optional[Tags] = None
    due_date: Optional[UtcDatetime] = None
    recurrence: Optional[Recurrence] = None
    updated_at: UtcDatetime


class TaskCompletedV1Payload(BaseModel):
    task_id: UUID
    user_id: UUID
    completed_at: UtcDatetime
    title: Title
    due_date: Optional[UtcDatetime] = None
    recurrence: Optional[Recurrence] = None


class TaskDeletedV1Payload(BaseModel):
    task_id: UUID
    user_id: UUID
    deleted_at: UtcDatetime
    reason: Optional[Annotated[str, Field(max_length=500)]] = None


EVENT_TYPES = {"task.created.v1", "task.updated.v1", "task.completed.v1", "task.deleted.v1"}


def versioned_type(data: Any) -> Any:
    """`task.created` + schema_version 1 means `task.created.v1` (the TypeScript rule too)."""
    if isinstance(data, dict):
        event_type, version = data.get("event_type"), data.get("schema_version")
        if (
            isinstance(event_type, str)
            and isinstance(version, int)
            and not isinstance(version, bool)
            and f"{event_type}.v{version}" in EVENT_TYPES
        ):
            return {**data, "event_type": f"{event_type}.v{version}"}
    return data


class EventEnvelope(BaseModel):
    """Fields every event has. Unknown envelope keys are ignored (forward compatibility)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    timestamp: UtcDatetime = Field(default_factory=utc_now)
    correlation_id: Optional[UUID] = None
    causation_id: Optional[UUID] = None
    user_id: Optional[UUID] = None

    @model_validator(mode="before")
    @classmethod
    def _accept_unversioned_type(cls, data: Any) -> Any:
        return versioned_type(data)

    @field_serializer("event_type", check_fields=False)
    def _write_event_type(self, event_type: str, info: SerializationInfo) -> str:
        # model_dump_json(context={"unversioned_type": True}) writes `task.created` and lets
        # schema_version carry the version, as some Python producers do.
        if info.context and info.context.get("unversioned_type"):
            return event_type.rsplit(".v", 1)[0]
        return event_type


class TaskCreatedV1(EventEnvelope):
    event_type: Literal["task.created.v1"] = "task.created.v1"
    schema_version: Literal[1] = 1
    payload: TaskCreatedV1Payload


class TaskUpdatedV1(EventEnvelope):
    event_type: Literal["task.updated.v1"] = "task.updated.v1"
    schema_version: Literal[1] = 1
    payload: TaskUpdatedV1Payload


class TaskCompletedV1(EventEnvelope):
    event_type: Literal["task.completed.v1"] = "task.completed.v1"
    schema_version: Literal[1] = 1
    payload: TaskCompletedV1Payload


class TaskDeletedV1(EventEnvelope):
    event_type: Literal["task.deleted.v1"] = "task.deleted.v1"
    schema_version: Literal[1] = 1
    payload: TaskDeletedV1Payload


# The discriminator is read before any member's validator runs, so the unversioned form is
# normalised in front of the union.
TaskEvent = Annotated[
    Annotated[
        Union[TaskCreatedV1, TaskUpdatedV1, TaskCompletedV1, TaskDeletedV1],
        Field(discriminator="event_type"),
    ],
    BeforeValidator(versioned_type),
]

_adapter: TypeAdapter[TaskEvent] = TypeAdapter(TaskEvent)


def parse_task_event(data: Union[str, bytes]) -> TaskEvent:
    """One Kafka record value -> the event; raises pydantic.ValidationError."""
    return _adapter.validate_json(data)
