import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../cli/command';
import { SchemaLimitError } from '../compat/limits';
import { JsonSyntaxError } from '../compat/json-source';
import { SchemaInputError } from '../compat/load-schema';
import { FlowWorkspaceError } from '../flow/flow-error';
import { ContractInputError } from '../contract/errors';
import { GitCommandError } from '../contract/git';
import { ModuleLoadError } from '../contract/ts-module-loader';
import { UnsupportedSchemaError } from '../payload-model/parse-zod';
import { UnsupportedPattern } from '../python-model/conformance/pattern-strings';
import { UnsupportedPatternError } from '../python-model/js-regex';
import { TopicsCommandError } from '../topics/topics-error';
import { SourceShapeError } from '../utils/ts-ast';
import { GeneratorInputError } from '../utils/validation';
import { KafkaEventsPluginError, PLUGIN_ERROR_CODES } from './plugin-error';

/** Every error class of the plugin, one instance each, with the code it must keep. */
const PINNED: Record<string, [KafkaEventsPluginError, string]> = {
  UsageError: [new UsageError('m'), 'USAGE'],
  GeneratorInputError: [new GeneratorInputError('m'), 'GENERATOR_INPUT'],
  SourceShapeError: [new SourceShapeError('f.ts', 'x'), 'SOURCE_SHAPE'],
  UnsupportedSchemaError: [new UnsupportedSchemaError('m'), 'UNSUPPORTED_SCHEMA'],
  UnsupportedPatternError: [new UnsupportedPatternError('m'), 'UNSUPPORTED_PATTERN'],
  UnsupportedPattern: [new UnsupportedPattern('m'), 'UNSUPPORTED_SAMPLE_PATTERN'],
  ContractInputError: [new ContractInputError('f.json', 'm'), 'CONTRACT_INPUT'],
  ModuleLoadError: [new ModuleLoadError('f.ts', 'm'), 'MODULE_LOAD'],
  GitCommandError: [new GitCommandError(['status'], 'm', false), 'GIT'],
  JsonSyntaxError: [new JsonSyntaxError('m', 1, 1), 'JSON_SYNTAX'],
  SchemaInputError: [new SchemaInputError('f.json', 'm'), 'SCHEMA_INPUT'],
  SchemaLimitError: [new SchemaLimitError('m'), 'SCHEMA_LIMIT'],
  TopicsCommandError: [new TopicsCommandError('m'), 'TOPICS'],
  FlowWorkspaceError: [new FlowWorkspaceError('m'), 'FLOW'],
};

/** `export class X extends Y` in every source file under src (specs and templates aside). */
function exportedClasses(): Map<string, { base: string; file: string }> {
  const root = join(__dirname, '..');
  const classes = new Map<string, { base: string; file: string }>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'files' && entry.name !== 'node_modules') visit(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const [, name, base] of text.matchAll(/export class (\w+) extends (\w+)/g))
          classes.set(name, { base, file: relative(root, path) });
      }
    }
  };
  visit(root);
  return classes;
}

describe('KafkaEventsPluginError', () => {
  it('is the base of every exported error class, each listed here', () => {
    const classes = exportedClasses();
    const reachesError = (name: string, seen = new Set<string>()): boolean => {
      const base = classes.get(name)?.base;
      if (base === undefined || seen.has(name)) return false;
      seen.add(name);
      return base === 'Error' || reachesError(base, seen);
    };
    const errorClasses = [...classes.keys()].filter((name) => reachesError(name)).sort();
    // Only the base itself extends Error directly; everything else goes through it.
    expect(errorClasses.filter((name) => classes.get(name)?.base === 'Error')).toEqual([
      'KafkaEventsPluginError',
    ]);
    expect(errorClasses.filter((name) => name !== 'KafkaEventsPluginError')).toEqual(
      Object.keys(PINNED).sort(),
    );
  });

  it.each(Object.entries(PINNED))('%s has its stable code and name', (name, [error, code]) => {
    expect(error).toBeInstanceOf(KafkaEventsPluginError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
  });

  it('gives each class its own code, each one listed in PLUGIN_ERROR_CODES', () => {
    const codes = Object.values(PINNED).map(([, code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...PLUGIN_ERROR_CODES].sort());
  });
});
