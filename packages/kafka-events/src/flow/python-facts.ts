/**
 * Python code is not read yet: which event types a call of the generated helpers publishes or
 * handles is not known. So each call of `publish_<entity>_event`, `handle_<entity>_delivery` or
 * `decode_<entity>_delivery` outside the generated modules is reported as unresolved, with its
 * line: the flow does not silently miss a Python producer or consumer, and events-compat does not
 * retire a version such code may still handle.
 */
import { pythonNames } from '../python-model/python-names';
import { GENERATED_MARKER } from '../python-model/render-module';
import type { FileFacts } from './facts';
import type { FlowLibrary } from './libraries';

/** Helper name -> what calling it means. */
export type PythonHelpers = ReadonlyMap<string, string>;

export function pythonHelpers(libraries: FlowLibrary[]): PythonHelpers {
  return new Map(
    libraries.flatMap((library) => {
      const names = pythonNames(library.config);
      const of = `events of ${library.project}`;
      return [
        [names.publish, `publishes ${of}`],
        [names.handleDelivery, `handles ${of}`],
        [names.decodeDelivery, `decodes ${of}`],
      ] as const;
    }),
  );
}

/** The generated module and its pytest file define and test the helpers: not the flow. */
export function isPythonSource(file: string, text: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return !/^test_|_test\.py$/.test(name) && !text.startsWith(GENERATED_MARKER);
}

export function pythonFacts(text: string, helpers: PythonHelpers): FileFacts {
  const unresolved: FileFacts['unresolved'] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/#.*$/, '');
    for (const match of code.matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/g)) {
      const what = helpers.get(match[1]);
      if (what)
        unresolved.push({
          line: i + 1,
          reason: `Python: ${match[1]}(...) ${what}; Python code is not read yet, so which event types is unknown`,
        });
    }
  });
  return { sites: [], unresolved };
}
