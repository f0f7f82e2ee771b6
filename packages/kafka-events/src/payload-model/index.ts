export * from './fields';
export {
  renderField,
  renderObject,
  renderPayloadModule,
  payloadSymbol,
  payloadFileName,
  literal,
} from './render-zod';
export type { RenderOptions } from './render-zod';
export {
  examplePayload,
  exampleValue,
  exampleUuid,
  renderValue,
  renderExpandedObject,
  EXAMPLE_TIMESTAMP,
} from './example';
export { DOMAIN_PRESETS, GENERIC_EVENT_NAMES, defaultEventNames, seedEvent } from './presets';
export type { DomainPreset, PresetEvent } from './presets';
export { parsePayloadFields, UnsupportedSchemaError } from './parse-zod';
