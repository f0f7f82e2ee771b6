import type { Tree } from '@nx/devkit';
import { DOMAIN_CONFIG_FILE, type DomainConfig } from '../../../utils/domain-config';
import { formatJson } from '../../../utils/json-format';
import { loadTypeScript, type TypeScript } from '../../../utils/ts-ast';
import { isPayloadModule, payloadModule } from './event-code';
import { eventNames, upcasterFile, upcasterName, type EventNames } from './event-names';
import {
  addEventDefinition,
  addReExport,
  addSwitchCase,
  addTypeConstants,
  addUpcastStep,
  upcastEntry,
} from './module-edits';
import type { NormalizedEventOptions } from './normalize-options';
import { payloadVersion } from './payload-module';
import {
  renderEventSpec,
  renderUpcaster,
  renderUpcasterSpec,
  renderUpcastModule,
} from './render-modules';
import { StagedFiles } from './staged-files';

const LIB = 'src/lib';

/** What the run did or would do: staged files, or 'unchanged' for a re-run of the same command. */
export type EventPlan =
  | { kind: 'unchanged' }
  | { kind: 'write'; files: StagedFiles; names: EventNames; upcaster?: string };

/**
 * Computes every file of the new event version in memory. Throws (writing nothing) when the
 * event version exists with other content or a file to extend has lost its expected shape.
 */
export function planEvent(tree: Tree, options: NormalizedEventOptions): EventPlan {
  const ts = loadTypeScript(tree.root);
  const { library, version, existing } = options;
  const files = new StagedFiles(tree, library.root);
  const payload = payloadVersion(ts, files, options);
  const latest = existing ? Math.max(...existing.versions) : 0;

  if (version <= latest) {
    // a re-run: the version exists; unchanged only if it is what this command writes
    if (version === latest && files.read(payload.file) === payload.text)
      return { kind: 'unchanged' };
    throw new Error(
      `${options.type} already exists (versions ${existing!.versions.join(', ')}) and ` +
        `${files.path(payload.file)} is not what this command would write; add the next ` +
        `version with --bump (or --eventVersion ${latest + 1})`,
    );
  }
  if (files.exists(payload.file)) {
    throw new Error(
      `${files.path(payload.file)} already exists but ${library.root}/${DOMAIN_CONFIG_FILE} does ` +
        `not list ${options.type} v${version}; add it there or delete the file, then run again`,
    );
  }

  const key = existing?.key ?? payload.model.key;
  const config = withVersion(options, key);
  const names = eventNames(config, { ...payload.model, name: options.name, version, key });
  const metadata = config.metadata !== false;
  files.write(payload.file, payload.text);
  files.write(
    `${LIB}/payloads/${names.current.payloadFile}.spec.ts`,
    renderEventSpec(names, metadata),
  );

  edit(files, `${LIB}/event-types.ts`, (file, text) => addTypeConstants(ts, file, text, names));
  edit(files, `${LIB}/domain.ts`, (file, text) => addEventDefinition(ts, file, text, names));
  // after the previous version's export, else after the last payload module's
  const previousExport = names.previous && payloadModule(names.previous, 'src');
  const isPayloadExport = (module: string) =>
    previousExport ? module === previousExport : isPayloadModule(module, 'src');
  edit(files, 'src/index.ts', (file, text) =>
    addReExport(ts, file, text, payloadModule(names.current, 'src'), isPayloadExport),
  );
  const spec = `${LIB}/domain.spec.ts`;
  const specText = files.read(spec);
  const updatedSpec = specText && addSwitchCase(ts, files.path(spec), specText, names);
  if (updatedSpec) files.write(spec, updatedSpec);

  let upcaster: string | undefined;
  if (names.previous) upcaster = addUpcaster(ts, files, names, config);

  const raw = JSON.parse(files.read(DOMAIN_CONFIG_FILE)!) as Record<string, unknown>;
  files.write(DOMAIN_CONFIG_FILE, formatJson({ ...raw, events: config.events }));
  return { kind: 'write', files, names, upcaster };
}

/** The library's config with the new version recorded. */
function withVersion(options: NormalizedEventOptions, key: string): DomainConfig {
  const { config, existing, name, type, version } = options;
  const events = existing
    ? config.events.map((e) => (e === existing ? { ...e, versions: [...e.versions, version] } : e))
    : [...config.events, { name, type, versions: [version], key }];
  return { ...config, events };
}

/** The step from the previous version, its spec, and its entry in upcast.ts (made if absent). */
function addUpcaster(
  ts: TypeScript,
  files: StagedFiles,
  names: EventNames,
  config: DomainConfig,
): string {
  const previous = names.previous!;
  const name = upcasterName(config.entity, previous);
  const file = upcasterFile(previous);
  const path = `${LIB}/upcasters/${file}.ts`;
  if (files.exists(path)) {
    throw new Error(`${files.path(path)} already exists; move it aside to generate the upcaster`);
  }
  files.write(path, renderUpcaster(names, name));
  files.write(
    `${LIB}/upcasters/${file}.spec.ts`,
    renderUpcasterSpec(names, name, file, config.metadata !== false),
  );
  const step = { name, module: `./upcasters/${file}.js` };
  const upcast = `${LIB}/upcast.ts`;
  const existing = files.read(upcast);
  files.write(
    upcast,
    existing === undefined
      ? renderUpcastModule(names, config.entity, {
          ...step,
          entry: upcastEntry(previous.typeRef, name),
        })
      : addUpcastStep(ts, files.path(upcast), existing, names, step),
  );
  edit(files, 'src/index.ts', (f, text) => addReExport(ts, f, text, './lib/upcast.js'));
  return files.path(path);
}

/** Applies `change` to a file that must exist. */
function edit(files: StagedFiles, file: string, change: (path: string, text: string) => string) {
  const text = files.read(file);
  if (text === undefined) {
    throw new Error(
      `${files.path(file)} is missing; kafka-events:event extends the files the domain generator wrote`,
    );
  }
  files.write(file, change(files.path(file), text));
}
