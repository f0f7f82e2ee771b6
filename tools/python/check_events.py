"""
Drives generated Pydantic modules (nx g kafka-events:python) for the TypeScript specs that hold
them to the zod contract: one JSON request per line on stdin, one JSON answer per line on stdout,
so one interpreter start serves a whole spec. The folder of the modules must be on PYTHONPATH.

Every request names its module ("module": "tasks_events") and an operation ("op"):
  payload      {"type", "text"}  the payload model of one event version reads `text` as a service
                                 reads the wire (model_validate_json, then model_validate of the
                                 parsed JSON, both by wire names): {"ok", "value" | "errors"}
  event        {"text"}          the envelope reads `text` the two ways a service does
                                 (TaskEvent.model_validate_json of the text, deserialize_task_event
                                 of its UTF-8 bytes): {"ok", "json": model_dump_json() | "errors"}
  create       {"type", "payload", "options"}  create_task_event(type, payload, **options):
                                 {"ok", "json", "cloud_event", "key"}
  event_id     {"key"}           deterministic_event_id(key): {"ok", "id"}
  cloud_event  {"text"}          task_cloud_event(deserialize_task_event(text)): {"ok", "cloud_event"}
The ways of reading must agree with each other; where they do not, the answer says so in
"disagreement" (the specs fail on it). An unexpected exception is answered with "crash".
"""
from __future__ import annotations

import importlib
import json
import sys
import traceback
from typing import Any, Callable

from pydantic import ValidationError


class Module:
    """The generated API of one module, found by the names every generated module has."""

    def __init__(self, name: str):
        m = importlib.import_module(name)
        self.table = next(v for v in vars(m).values() if isinstance(v, m._Domain))
        self.event = next(
            v
            for v in vars(m).values()
            if isinstance(v, type) and issubclass(v, m._Envelope) and v is not m._Envelope
        )
        self.decode_error = m.EventDecodeError
        entity = self.event.__name__[: -len("Event")]
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in entity).lstrip("_")
        self.create: Callable[..., Any] = getattr(m, f"create_{snake}_event")
        self.deserialize: Callable[[Any], Any] = getattr(m, f"deserialize_{snake}_event")
        self.serialize: Callable[[Any], str] = getattr(m, f"serialize_{snake}_event")
        self.cloud_event: Callable[[Any], dict] = getattr(m, f"{snake}_cloud_event")
        self.key_of: Callable[[Any], str] = getattr(m, f"{snake}_event_key")
        self.event_id: Callable[[Any], Any] = m.deterministic_event_id
        self.tags = set(self.table.types)


_modules: dict[str, Module] = {}


def module(name: str) -> Module:
    if name not in _modules:
        _modules[name] = Module(name)
    return _modules[name]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


def error_path(loc: tuple, tags: set) -> str:
    # ('payload', 'task.created.v1', 'tags', 0) -> 'payload.tags[0]', the TypeScript issue path
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in tags:
            path += f".{part}" if path else str(part)
    return path


def rejection(error: Exception, tags: set) -> dict:
    if isinstance(error, ValidationError):
        issues = [
            {"path": error_path(e["loc"], tags), "type": e["type"], "message": e["msg"]}
            for e in error.errors()
        ]
    else:
        issues = [{"path": "", "type": type(error).__name__, "message": str(error)}]
    return {"ok": False, "errors": issues}


def attempt(read: Callable[[], Any], rejected: tuple) -> tuple[bool, Any]:
    try:
        return True, read()
    except rejected as error:
        return False, error


def payload(m: Module, request: dict) -> dict:
    model = m.table.types[request["type"]][2]
    text = request["text"]
    rejected = (ValidationError, ValueError)
    ok, result = attempt(lambda: model.model_validate_json(text, by_name=False), rejected)
    ok2, result2 = attempt(lambda: model.model_validate(parse(text), by_name=False), rejected)
    answer = {"ok": True, "value": result.model_dump(mode="json")} if ok else rejection(result, m.tags)
    if ok != ok2:
        answer["disagreement"] = f"model_validate of the parsed JSON {'accepts' if ok2 else 'rejects'}"
    elif ok and result2 != result:
        answer["disagreement"] = "model_validate of the parsed JSON reads another value"
    return answer


def event(m: Module, request: dict) -> dict:
    text = request["text"]
    rejected = (ValidationError, m.decode_error, ValueError)
    readers = {
        "model_validate_json": lambda: m.event.model_validate_json(text),
        "deserialize": lambda: m.deserialize(text.encode("utf-8")),
    }
    results = {name: attempt(read, rejected) for name, read in readers.items()}
    ok, first = results["model_validate_json"]
    if ok:
        dumped = first.model_dump_json()
        answer = {"ok": True, "json": dumped}
        if m.event.model_validate_json(dumped) != first:
            answer["disagreement"] = "model_validate_json(model_dump_json()) is another event"
    else:
        answer = rejection(first, m.tags)
    for name, (other_ok, other) in results.items():
        if other_ok != ok:
            answer["disagreement"] = f"{name} {'accepts' if other_ok else 'rejects'}"
        elif ok and other != first:
            answer["disagreement"] = f"{name} reads another event"
    return answer


def create(m: Module, request: dict) -> dict:
    try:
        made = m.create(request["type"], request["payload"], **request.get("options", {}))
    except (ValidationError, ValueError, TypeError) as error:
        return rejection(error, m.tags)
    return {
        "ok": True,
        "json": m.serialize(made),
        "cloud_event": m.cloud_event(made),
        "key": m.key_of(made),
    }


def event_id(m: Module, request: dict) -> dict:
    try:
        return {"ok": True, "id": str(m.event_id(request["key"]))}
    except (ValueError, TypeError) as error:
        return {"ok": False, "errors": [{"path": "", "type": type(error).__name__, "message": str(error)}]}


def cloud_event(m: Module, request: dict) -> dict:
    return {"ok": True, "cloud_event": m.cloud_event(m.deserialize(request["text"]))}


OPERATIONS = {
    "payload": payload,
    "event": event,
    "create": create,
    "event_id": event_id,
    "cloud_event": cloud_event,
}


def answer(line: str) -> dict:
    try:
        request = json.loads(line)
        return OPERATIONS[request["op"]](module(request["module"]), request)
    except Exception:
        return {"ok": False, "crash": traceback.format_exc()}


def main() -> int:
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(answer(line)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
