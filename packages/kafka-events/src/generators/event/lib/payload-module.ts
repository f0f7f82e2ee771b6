import type * as TS from 'typescript';
import {
  parsePayloadFields,
  payloadSymbol,
  seedEvent,
  UnsupportedSchemaError,
  type EventModel,
} from '../../../payload-model';
import { wireEventType, type DomainConfig } from '../../../utils/domain-config';
import { parseSource, type TypeScript } from '../../../utils/ts-ast';
import { payloadPath, renderEventPayload } from './event-code';
import type { NormalizedEventOptions } from './normalize-options';
import type { StagedFiles } from './staged-files';

export interface PayloadVersion {
  /** Relative to the library root. */
  file: string;
  text: string;
  model: EventModel;
}

/**
 * The payload module of the version being added. Version 1 is the seed payload (preset or
 * generic: `<entity>_id`, `user_id`, a timestamp). Later versions start as a copy of the previous
 * version's module, as the user left it, with its symbol and doc line renamed: the new version
 * is then identical on the wire, so the generated upcaster is the identity on the payload until
 * the user changes it.
 */
export function payloadVersion(
  ts: TypeScript,
  files: StagedFiles,
  options: NormalizedEventOptions,
): PayloadVersion {
  const { config, name, version } = options;
  const file = payloadPath(config.entity, name, version);
  if (version === 1) {
    const model = seedEvent(config.domain, config.entity, name);
    return { file, text: renderEventPayload(config, model), model };
  }
  const previousFile = payloadPath(config.entity, name, version - 1);
  const previousText = files.read(previousFile);
  if (previousText === undefined) {
    throw new Error(
      `${files.path(previousFile)} is missing: kafka-events.json lists ${options.type} v${version - 1}, ` +
        `and version ${version} starts as a copy of it`,
    );
  }
  const text = copyPayloadModule(
    ts,
    files.path(previousFile),
    previousText,
    config,
    options,
    version,
  );
  const symbol = payloadSymbol(config.entity, { name, version });
  let fields;
  try {
    fields = parsePayloadFields(parseSource(ts, files.path(file), text), symbol);
  } catch (error) {
    if (!(error instanceof UnsupportedSchemaError)) throw error;
    throw new Error(
      `${error.message}\nThe tests generated for ${options.type} v${version} need an example ` +
        `payload, derived from this schema.`,
      { cause: error },
    );
  }
  const key = options.existing?.key ?? '';
  return {
    file,
    text,
    model: { name, version, key, description: '', fields },
  };
}

/** The previous version's module with `...V<n>Payload` renamed and its doc line updated. */
function copyPayloadModule(
  ts: TypeScript,
  path: string,
  text: string,
  config: DomainConfig,
  options: NormalizedEventOptions,
  version: number,
): string {
  const from = payloadSymbol(config.entity, { name: options.name, version: version - 1 });
  const to = payloadSymbol(config.entity, { name: options.name, version });
  const parsed = parseSource(ts, path, text);
  const positions: number[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && node.text === from) positions.push(node.getStart());
    ts.forEachChild(node, visit);
  };
  visit(parsed.source);
  if (positions.length === 0) {
    throw new Error(
      `${path}: expected the payload schema "export const ${from} = z.object({...})"`,
    );
  }
  let copy = text;
  for (const pos of positions.sort((a, b) => b - a)) {
    copy = copy.slice(0, pos) + to + copy.slice(pos + from.length);
  }
  const type = (v: number) => wireEventType(config, options.type, v);
  return copy.replace(
    `\`${type(version - 1)}\` (schema version ${version - 1})`,
    `\`${type(version)}\` (schema version ${version})`,
  );
}
