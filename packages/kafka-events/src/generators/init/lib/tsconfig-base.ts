import { writeJson, type Tree } from '@nx/devkit';

/**
 * An integrated workspace made with --preset=apps has no tsconfig.base.json until its first
 * library; @nx/js creates this one (same options), and the `paths` of every library go in it.
 */
export function ensureTsconfigBase(tree: Tree): void {
  if (tree.exists('tsconfig.base.json')) return;
  writeJson(tree, 'tsconfig.base.json', {
    compileOnSave: false,
    compilerOptions: {
      rootDir: '.',
      sourceMap: true,
      declaration: false,
      moduleResolution: 'bundler',
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      importHelpers: true,
      target: 'es2015',
      module: 'esnext',
      lib: ['es2020', 'dom'],
      skipLibCheck: true,
      skipDefaultLibCheck: true,
      paths: {},
    },
    exclude: ['node_modules', 'tmp'],
  });
}
