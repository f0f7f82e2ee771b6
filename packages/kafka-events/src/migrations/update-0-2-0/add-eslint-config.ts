/**
 * 0.2.0: the domain generator now gives libraries in ESLint workspaces what
 * `@nx/js:library --linter=eslint` gives them (an `eslint.config.<ext>` extending the root flat
 * config, and a `lint` target when `@nx/eslint/plugin` does not infer one). This does the same
 * for libraries made earlier, with the generator's own function. Workspaces without a root
 * flat config, and libraries that already have their own, are left alone.
 */
import { formatFiles, type Tree } from '@nx/devkit';
import {
  addLintToLibrary,
  reportLintResult,
  rootEslintConfig,
  type LibraryLintResult,
} from '../../generators/domain/lib/lint-config';
import { domainLibraries } from '../../utils/domain-libraries';

export default async function addEslintConfig(tree: Tree): Promise<string[]> {
  if (!rootEslintConfig(tree)) return [];
  const results: LibraryLintResult[] = domainLibraries(tree).map((library) =>
    addLintToLibrary(tree, library.root),
  );
  await formatFiles(tree);
  results.forEach(reportLintResult);
  // the hints double as the migration's next steps
  return results.flatMap((result) => (result.hint ? [result.hint] : []));
}
