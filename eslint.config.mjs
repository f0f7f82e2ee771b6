// ESLint for the repository's own code: both packages, e2e, tools and scripts.
// Generator templates (files/**, module-files/**) are EJS, not code, and are checked through what
// they generate (the generated libraries are linted in e2e).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/files/',
    '**/module-files/',
    '**/.cache/',
    '**/tmp/',
    '.nx/',
    'coverage/',
  ]),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` shadows Node's global on purpose
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['**/*.spec.cjs'], languageOptions: { globals: globals.jest } },
  {
    files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
    rules: {
      // Specs match generated code by its indentation: `/\n  foo/` reads as the code it matches.
      'no-regex-spaces': 'off',
      // `_name` marks a parameter or binding kept for its position or to drop it from a rest.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Type-aware rules that catch real bugs in this async-heavy code (a promise nobody awaits
    // loses its rejection; a promise in an `if` is always true). Only the TypeScript sources:
    // type information costs a full program per tsconfig.
    files: ['packages/*/src/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          'packages/runtime/tsconfig.spec.json',
          'packages/kafka-events/tsconfig.spec.json',
          'e2e/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
