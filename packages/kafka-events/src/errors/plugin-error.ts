/**
 * The one base of every error the plugin's generators and CLI throw on purpose. Its `code` is
 * stable, as the runtime's KafkaEventsError codes are: callers (the CLI, Nx, scripts) branch on
 * it without parsing messages. Anything thrown that is not a KafkaEventsPluginError is a bug.
 */

/** One code per error class; a code, once published, keeps its meaning. */
export const PLUGIN_ERROR_CODES = [
  'USAGE',
  'GENERATOR_INPUT',
  'SOURCE_SHAPE',
  'UNSUPPORTED_SCHEMA',
  'UNSUPPORTED_PATTERN',
  'UNSUPPORTED_SAMPLE_PATTERN',
  'CONTRACT_INPUT',
  'MODULE_LOAD',
  'GIT',
  'JSON_SYNTAX',
  'SCHEMA_INPUT',
  'SCHEMA_LIMIT',
  'TOPICS',
  'FLOW',
] as const;

export type PluginErrorCode = (typeof PLUGIN_ERROR_CODES)[number];

export class KafkaEventsPluginError extends Error {
  readonly code: PluginErrorCode;

  constructor(code: PluginErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    // An explicit name survives minification, unlike constructor.name; subclasses set their own.
    this.name = 'KafkaEventsPluginError';
    // Keeps `instanceof` working if the sources are re-compiled to ES5.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
