/**
 * Manifests the dapr generator does not write, for specs of Dapr features around it (topic
 * scoping, a publish-only app). Everything the generator does write comes from
 * generateDaprManifests in daprd-harness.ts instead.
 */
import { stringify } from 'yaml';

/** A pubsub.kafka Component named kafka-pubsub; `brokers` is substituted by tools/dapr. */
export function kafkaComponent(
  metadata: Readonly<Record<string, string>> = {},
  name = 'kafka-pubsub',
): string {
  const entries = {
    brokers: 'substituted-by-tools-dapr:9092',
    authType: 'none',
    initialOffset: 'oldest',
    ...metadata,
  };
  return stringify({
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: {
      type: 'pubsub.kafka',
      version: 'v1',
      metadata: Object.entries(entries).map(([key, value]) => ({ name: key, value })),
    },
  });
}
