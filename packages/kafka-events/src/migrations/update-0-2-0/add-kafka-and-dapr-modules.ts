/**
 * 0.2.0: libraries made by kafka-events 0.1 have only `src/lib/domain.ts`; the domain generator
 * now also writes `src/lib/kafka.ts` (typed kafkajs producer/consumer) and `src/lib/dapr.ts`
 * (Dapr publisher, subscriptions, handler), exported from `src/index.ts`. This adds the missing
 * modules from the generator's own templates, the index exports (a syntax-aware edit, so the
 * user's changes to index.ts stay), and kafkajs, which kafka.ts imports, to the library's
 * package.json. A module file the user already has is left alone, export included.
 */
import { addDependenciesToPackageJson, formatFiles, logger, readJson, type Tree } from '@nx/devkit';
import { addReExport } from '../../generators/event/lib/module-edits';
import { libraryModulePath, writeLibraryModule } from '../../generators/domain/lib/library-modules';
import {
  LIBRARY_MODULES,
  libraryModuleExport,
  templateContext,
  type LibraryModule,
} from '../../generators/domain/lib/template-context';
import { domainLibraries, type DomainLibrary } from '../../utils/domain-libraries';
import {
  loadTypeScript,
  parseSource,
  SourceShapeError,
  topLevelStatementDeclaring,
} from '../../utils/ts-ast';
import { kafkajsVersion } from '../../utils/versions';
import { workspaceSpecifiers } from '../../utils/workspace-specifiers';
import {
  declaresDependency,
  raiseRuntimeRange,
  workspaceRuntimeSpecifier,
  updateLibraryDependencies,
} from '../../utils/library-dependencies';
import { completedDomainConfig } from './add-contract-snapshots';

/** The modules this migration adds; `domain` existed in 0.1. */
export const ADDED_MODULES = ['kafka', 'dapr'] as const satisfies readonly LibraryModule[];

export default async function addKafkaAndDaprModules(tree: Tree): Promise<string[]> {
  const libraries = domainLibraries(tree);
  if (libraries.length === 0) return [];
  const skipped: string[] = [];
  let added = false;
  for (const library of libraries) {
    const result = addModules(tree, library);
    skipped.push(...result.skipped);
    added ||= result.added.includes('kafka');
    alignLibraryDependencies(tree, library.root);
  }
  // kafka.ts imports kafkajs types; 0.1's init added kafkajs, but a workspace may have dropped it
  if (
    added &&
    tree.exists('package.json') &&
    !declaresDependency(readJson(tree, 'package.json'), 'kafkajs')
  ) {
    addDependenciesToPackageJson(tree, { kafkajs: kafkajsVersion }, {});
  }
  await formatFiles(tree);
  for (const step of skipped) logger.warn(step);
  return skipped;
}

/** Writes the missing modules of one library and exports them; returns what it did. */
function addModules(tree: Tree, library: DomainLibrary): { added: string[]; skipped: string[] } {
  const missing = ADDED_MODULES.filter(
    (module) => !tree.exists(libraryModulePath(library.root, module)),
  );
  if (missing.length === 0) return { added: [], skipped: [] };

  const config = completedDomainConfig(tree, library);
  const importPath = tree.exists(`${library.root}/package.json`)
    ? String(readJson(tree, `${library.root}/package.json`).name ?? '')
    : '';
  const context = templateContext(config, [], library.projectName, importPath);
  // the modules import the domain constant; without it they would not compile
  const domainFile = libraryModulePath(library.root, 'domain');
  if (!declaresConstant(tree, domainFile, context.domainConst)) {
    return {
      added: [],
      skipped: [
        `${library.root}: ${domainFile} no longer declares "${context.domainConst}", so ` +
          `src/lib/${missing.join('.ts and src/lib/')}.ts were not added; generate a library with ` +
          `"nx g kafka-events:domain" to see them and adapt them by hand.`,
      ],
    };
  }

  const ts = loadTypeScript(tree.root);
  const index = `${library.root}/src/index.ts`;
  let indexText = tree.read(index, 'utf-8');
  for (const module of missing) {
    writeLibraryModule(tree, library.root, module, context, { keepExisting: true });
    if (indexText === null) continue;
    // after the export of the module listed before it (kafka after domain, dapr after kafka)
    const earlier = LIBRARY_MODULES.slice(0, LIBRARY_MODULES.indexOf(module)).map(
      libraryModuleExport,
    );
    indexText = addReExport(ts, index, indexText, libraryModuleExport(module), (m) =>
      earlier.includes(m),
    );
  }
  if (indexText !== null && indexText !== tree.read(index, 'utf-8')) tree.write(index, indexText);
  return { added: missing, skipped: [] };
}

function declaresConstant(tree: Tree, file: string, name: string): boolean {
  const text = tree.read(file, 'utf-8');
  if (text === null) return false;
  try {
    return topLevelStatementDeclaring(parseSource(loadTypeScript(tree.root), file, text), name)
      ? true
      : false;
  } catch (error) {
    if (error instanceof SourceShapeError) return false;
    throw error;
  }
}

/**
 * The library's package.json: kafkajs listed (kafka.ts imports it) and the runtime range raised
 * to this version's, since kafka.ts and dapr.ts use runtime APIs 0.1 did not have. Under npm
 * workspaces a range that excludes the installed runtime would also make npm install a second,
 * older copy for the library. Specs that are not plain versions (file:, workspace:) are kept.
 */
function alignLibraryDependencies(tree: Tree, root: string): void {
  updateLibraryDependencies(tree, root, (dependencies, pkg) => {
    if (!declaresDependency(pkg, 'kafkajs')) {
      dependencies.kafkajs = workspaceSpecifiers(tree, root, { kafkajs: kafkajsVersion }).kafkajs!;
    }
    raiseRuntimeRange(dependencies, workspaceRuntimeSpecifier(tree, root));
  });
}

/** Kept for the 0.2.0 spec: the rule now lives in utils/library-dependencies. */
export { isOlderRange } from '../../utils/library-dependencies';
