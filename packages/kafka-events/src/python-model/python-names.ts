/** Names of the generated Python module, derived from the domain's entity. */
import type { DomainConfig } from '../utils/domain-config';
import { constant, pascal, snake } from '../utils/naming';

export interface PythonNames {
  /** `Task` */
  Entity: string;
  /** `task` */
  entity: string;
  /** `TASK` */
  ENTITY: string;
  /** `TaskEventType` */
  eventType: string;
  /** `TaskEvent` */
  event: string;
  /** `TaskPayload` (the union of every payload version) */
  payloadUnion: string;
  /** `_TASKS`: the domain table */
  table: string;
  /** `TASK_UPCASTERS` */
  upcasters: string;
  create: string;
  serialize: string;
  deserialize: string;
  keyOf: string;
  cloudEvent: string;
  upcast: string;
  publish: string;
  decodeDelivery: string;
  handleDelivery: string;
}

export function pythonNames(config: Pick<DomainConfig, 'entity' | 'domain'>): PythonNames {
  const Entity = pascal(config.entity);
  const entity = snake(config.entity);
  return {
    Entity,
    entity,
    ENTITY: constant(config.entity),
    eventType: `${Entity}EventType`,
    event: `${Entity}Event`,
    payloadUnion: `${Entity}Payload`,
    table: `_${constant(config.domain)}`,
    upcasters: `${constant(config.entity)}_UPCASTERS`,
    create: `create_${entity}_event`,
    serialize: `serialize_${entity}_event`,
    deserialize: `deserialize_${entity}_event`,
    keyOf: `${entity}_event_key`,
    cloudEvent: `${entity}_cloud_event`,
    upcast: `upcast_${entity}_event`,
    publish: `publish_${entity}_event`,
    decodeDelivery: `decode_${entity}_delivery`,
    handleDelivery: `handle_${entity}_delivery`,
  };
}

/** `task_events.py`: the default module file name of a domain. */
export function pythonModuleFile(config: Pick<DomainConfig, 'entity'>): string {
  return `${snake(config.entity)}_events.py`;
}

/** The pytest file generated beside a module: `test_task_events.py`. */
export function pythonTestFile(modulePath: string): string {
  const slash = modulePath.lastIndexOf('/');
  return `${modulePath.slice(0, slash + 1)}test_${modulePath.slice(slash + 1)}`;
}

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield'
  ).split(' '),
);

// BaseModel's own attributes, and names the generated annotations use (a field of that name
// would shadow them inside the class body)
const TAKEN = new Set(
  (
    'copy dict json schema schema_json construct validate parse_obj parse_raw parse_file ' +
    'from_orm update_forward_refs fields Annotated Optional Literal Union Field ' +
    'StringConstraints AfterValidator StrictBool StrictStr Uuid UtcDatetime JsInt JsNumber list'
  ).split(' '),
);

/**
 * The Python attribute of a payload field: the wire name itself when it is a usable Python name,
 * else a sanitized one (`from` -> `from_`, `content-type` -> `content_type`) carrying the wire
 * name as its alias.
 */
export function pythonFieldName(wire: string): string {
  let name = wire.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '');
  if (name === '' || /^[0-9]/.test(name) || name.startsWith('model_')) name = `field_${name}`;
  return PYTHON_KEYWORDS.has(name) || TAKEN.has(name) ? `${name}_` : name;
}
