import { plainEventType, type DomainConfig } from '../../../utils/domain-config';
import { pluginVersion } from '../../../utils/versions';
import type { NormalizedDomainOptions } from './normalize-options';

/** The kafka-events.json a library generated with these options records. */
export function buildDomainConfig(options: NormalizedDomainOptions): DomainConfig {
  return {
    domain: options.domain,
    entity: options.entity,
    topic: options.topic,
    source: options.source,
    compatibility: options.compatibility,
    metadata: options.metadata,
    validation: options.validation,
    versioning: options.versioning,
    events: options.events.map((event) => ({
      name: event.name,
      type: plainEventType(options.entity, event.name),
      versions: [event.version],
      key: event.key,
    })),
    generatedBy: { plugin: 'kafka-events', version: pluginVersion() },
  };
}
