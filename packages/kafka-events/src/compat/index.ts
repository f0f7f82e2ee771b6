/** Schema compatibility checking with Confluent Schema Registry's rules for JSON Schema. */
export { ALL_DIFFERENCE_CODES, isCompatibleCode, type DifferenceCode } from './codes';
export {
  COMPATIBILITY_MODES,
  isCompatibilityMode,
  type CompatibilityMode,
  type Difference,
  type DiffSide,
  type JsonSchema,
} from './types';
export { diffSchemas } from './diff';
export type { MessageLabels } from './messages';
export {
  checkCompatibility,
  type CheckCompatibilityOptions,
  type CheckedDifference,
  type CompatibilityResult,
  type ComparisonResult,
  type Direction,
} from './check';
export {
  JsonSyntaxError,
  locatePointer,
  parseJsonWithPositions,
  type ParsedJson,
  type SourcePosition,
} from './json-source';
export { assertJsonSchema } from './validate-schema';
export {
  loadSchemaFile,
  parseSchemaText,
  SchemaInputError,
  type LoadedSchema,
} from './load-schema';
export {
  formatHuman,
  locateDifference,
  suggestNextVersion,
  toJsonReport,
  type LocatedReportDifference,
  type ReportSource,
  type ReportSources,
} from './report';
export { checkSchemaFiles, type CheckFilesOptions, type FilesCheck } from './check-files';
