/**
 * The event types a Dapr Subscription manifest routes to its app (`dapr.io/v2alpha1`, as
 * `nx g kafka-events:dapr` writes it): one rule per type, `event.type == "task.created.v1"`.
 * The manifest names its topic, not its library: the library is the one publishing on that topic.
 * A rule with another CEL expression, or a v1alpha1 Subscription routing the whole topic to one
 * path, does not say which types the app handles: reported, never guessed.
 */
import { parseAllDocuments } from 'yaml';
import { topicLibraryKey, type FactSite, type FactUnresolved, type FileFacts } from './facts';

const TYPE_RULE = /^\s*event\.type\s*==\s*(?:"([^"\\]+)"|'([^'\\]+)')\s*$/;

export function manifestFacts(text: string): FileFacts {
  const sites: FactSite[] = [];
  const unresolved: FactUnresolved[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  for (const document of parseAllDocuments(text)) {
    if (!('errors' in document) || document.errors.length > 0) {
      const offset = 'errors' in document ? (document.errors[0]?.pos[0] ?? 0) : 0;
      unresolved.push({ line: lineOf(offset), reason: 'not valid YAML' });
      continue;
    }
    const manifest = document.toJS() as Manifest | null;
    if (manifest?.kind !== 'Subscription') continue;
    const start = lineOf(document.range[0]);
    const spec = manifest.spec ?? {};
    if (typeof spec.topic !== 'string') {
      unresolved.push({ line: start, reason: 'a Subscription without spec.topic' });
      continue;
    }
    const library = topicLibraryKey(spec.topic);
    const rules = spec.routes?.rules;
    if (!Array.isArray(rules)) {
      unresolved.push({
        line: start,
        reason: `the Subscription to ${spec.topic} routes every event to one path (no routes.rules): which types the app handles is decided in its code`,
      });
      continue;
    }
    rules.forEach((rule, i) => {
      const match = typeof rule?.match === 'string' ? TYPE_RULE.exec(rule.match) : null;
      const line = ruleLine(document, i) ?? start;
      if (!match)
        unresolved.push({
          line,
          reason: `the route rule ${JSON.stringify(rule?.match ?? null)} of the Subscription to ${spec.topic} is not event.type == "<type>"`,
        });
      else
        sites.push({
          library,
          role: 'consumer',
          channel: 'dapr-manifest',
          event: { type: match[1] ?? match[2] },
          line,
        });
    });
  }
  return { sites, unresolved };

  function ruleLine(document: ReturnType<typeof parseAllDocuments>[number], index: number) {
    if (!('getIn' in document)) return undefined;
    const node = document.getIn(['spec', 'routes', 'rules', index], true) as
      { range?: [number, number, number] } | undefined;
    return node?.range ? lineOf(node.range[0]) : undefined;
  }
}

/** The topics the Subscriptions of a manifest file subscribe to, whatever their routes. */
export function subscriptionTopics(text: string): string[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (!('errors' in document) || document.errors.length > 0) return [];
    const manifest = document.toJS() as Manifest | null;
    const topic = manifest?.spec?.topic;
    return manifest?.kind === 'Subscription' && typeof topic === 'string' ? [topic] : [];
  });
}

interface Manifest {
  kind?: unknown;
  spec?: {
    topic?: unknown;
    routes?: { rules?: { match?: unknown }[] };
  };
}
