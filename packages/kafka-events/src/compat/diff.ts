import { isCompatibleCode } from './codes';
import { diffRaw } from './diff-engine';
import { DEFAULT_LABELS, explain, hintFor, type MessageLabels } from './messages';
import type { Difference, JsonSchema } from './types';

/**
 * Every difference between two JSON Schemas as Confluent Schema Registry classifies them for
 * BACKWARD compatibility: `compatible` means a reader using `newSchema` accepts what `oldSchema`
 * accepted. `$ref`s must be local (`#/$defs/...`).
 */
export function diffSchemas(
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  labels: Partial<MessageLabels> = {},
): Difference[] {
  const effective = { ...DEFAULT_LABELS, ...labels };
  return diffRaw(oldSchema, newSchema).map((raw) => {
    const compatible = isCompatibleCode(raw.code);
    return {
      code: raw.code,
      path: raw.path,
      side: raw.side,
      compatible,
      message: explain(raw, effective),
      hint: compatible ? '' : hintFor(raw, effective),
    };
  });
}
