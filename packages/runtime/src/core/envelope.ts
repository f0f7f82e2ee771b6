import { z } from 'zod';
import type { AnyEventDefinition } from './define-event';
import type { DeepReadonly } from './deep-freeze';

/** The fields every event has, typed as handlers see them (deep readonly). */
export interface EnvelopeBase<TType extends string, TPayload> {
  readonly event_id: string;
  readonly event_type: TType;
  readonly schema_version: number;
  readonly timestamp: string;
  readonly payload: DeepReadonly<TPayload>;
}

/** Present only in domains defined with `metadata: true`. */
export interface EnvelopeMetadata {
  readonly correlation_id: string | null;
  readonly causation_id: string | null;
  readonly user_id: string | null;
}

export type EventEnvelope<TType extends string, TPayload, TMetadata extends boolean> = EnvelopeBase<
  TType,
  TPayload
> &
  (TMetadata extends true ? EnvelopeMetadata : unknown);

// Missing and null both read as null, and null is what gets written: Pydantic's model_dump_json
// writes absent optionals as null, and older producers may omit the field altogether.
const metadataId = () => z.uuid().nullable().default(null);

/**
 * The wire schema of one event version. Unknown envelope keys are stripped (z.object's default) so
 * a producer that adds envelope fields does not break older consumers.
 */
export function envelopeSchemaFor(definition: AnyEventDefinition, metadata: boolean) {
  return z.object({
    event_id: z.uuid(),
    event_type: z.literal(definition.type),
    schema_version: z.literal(definition.version),
    // Only `Z`: offsets and zone-less times are rejected so every service compares UTC strings.
    timestamp: z.iso.datetime(),
    ...(metadata
      ? { correlation_id: metadataId(), causation_id: metadataId(), user_id: metadataId() }
      : {}),
    payload: definition.payload,
  });
}

export type EnvelopeSchema = ReturnType<typeof envelopeSchemaFor>;
