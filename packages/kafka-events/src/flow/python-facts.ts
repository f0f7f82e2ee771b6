/**
 * Reads one Python file for the calls of the generated module's helpers:
 * - producers: `publish_<entity>_event(event)` whose event is built in the call, or assigned once
 *   in the scope, by `<Entity>Event(event_type=..., payload=...)` or
 *   `create_<entity>_event(event_type, payload)`;
 * - consumers: the keys of the dict given to `handle_<entity>_delivery(body, handlers)`, written in
 *   the call or assigned once in the scope and never changed in place.
 * An event type is a member of `<Entity>EventType` (`.CREATED_V1`, `["CREATED_V1"]`), its call
 * on a string, or a string literal. Names count when imported from a module (`from m import
 * publish_task_event as publish`, `import m` then `m.publish_task_event`) or star-imported; a
 * name bound otherwise, a single handler function, `decode_<entity>_delivery`, a computed type or
 * key, an event or dict from elsewhere: reported with their line, never guessed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_MARKER } from '../python-model/render-module';
import type { EventRef, FactSite, FactUnresolved, FileFacts } from './facts';
import { isHelper, pythonLibraryKey, type PythonName, type PythonNameIndex } from './python-names';
import { failed, pythonReferences, type Found } from './python-references';
import { pythonScopes } from './python-scopes';
import {
  childrenOf,
  eachNode,
  firstSyntaxError,
  parsePython,
  stringValue,
  unwrapParens,
  type PyNode,
} from './python-syntax';

/** Bump when what is read from a Python file changes. */
const READER_VERSION = 1;

/** What the Python facts depend on besides the file: this reader and the parser's version. */
export function pythonReader(): string {
  const parserPackage = join(dirname(require.resolve('@lezer/python')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(parserPackage, 'utf8')) as { version: string };
  return `python-facts ${READER_VERSION}, @lezer/python ${version}`;
}

/** The generated module and its pytest files define and test the helpers: not the flow. */
export function isPythonSource(file: string, text: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return (
    !/^test_|_test\.py$|^conftest\.py$/.test(name) &&
    !/(^|\/)(\.venv|site-packages)\//.test(file) &&
    !text.startsWith(GENERATED_MARKER)
  );
}

/** Cheap test before parsing: a file naming no helper has no facts. */
function mayCallHelpers(text: string, index: PythonNameIndex): boolean {
  for (const [name, what] of index) if (isHelper(what) && text.includes(name)) return true;
  return false;
}

export function pythonFacts(text: string, index: PythonNameIndex): FileFacts {
  if (!mayCallHelpers(text, index)) return { sites: [], unresolved: [] };
  const source = parsePython(text);
  const sites: FactSite[] = [];
  const unresolved: FactUnresolved[] = [];
  const lineOf = (node: PyNode | { from: number }) => source.lineAt(node.from);
  const textOf = (node: PyNode) => source.textOf(node).replace(/\s+/g, ' ');
  const report = (node: PyNode | { from: number }, reason: string) =>
    unresolved.push({ line: lineOf(node), reason });

  const error = firstSyntaxError(source.tree);
  if (error) {
    // a tree the parser recovered is a guess: report every helper named, read nothing
    eachNode(source.tree.topNode, (node) => {
      if (node.name !== 'VariableName' && node.name !== 'PropertyName') return;
      if (node.parent?.name === 'ImportStatement') return;
      const name = source.textOf(node);
      if (isHelper(index.get(name)))
        report(
          node,
          `${name}: the file has Python syntax the reader does not understand (line ${lineOf(error)}), so it is not read`,
        );
    });
    return { sites, unresolved };
  }
  const scopes = pythonScopes(source);

  const { generated, importedName, follow, argumentsOf, argument } = pythonReferences(
    source,
    scopes,
    index,
  );

  /** A member of the entity's `<Entity>EventType`, its call on a string, or a string literal. */
  const eventRef = (node: PyNode, of: PythonName): Found<EventRef> => {
    const followed = follow(node);
    if (failed(followed)) return followed;
    const e = followed;
    const literal = stringValue(source, e);
    if (literal !== undefined) return { type: literal };
    const enumOf = (object: PyNode | null) => {
      const found = object ? generated(object) : undefined;
      return found && !failed(found) && found.kind === 'eventType' ? found : undefined;
    };
    const types = of.names.eventType;
    if (e.name === 'MemberExpression' || e.name === 'CallExpression') {
      const enumType = enumOf(e.firstChild);
      if (enumType && enumType.names.entity !== of.names.entity)
        return { reason: `${textOf(e)} is a type of another domain` };
      const property = e.getChild('PropertyName');
      if (enumType && property) return { member: source.textOf(property) };
      const [key, ...rest] =
        e.name === 'MemberExpression'
          ? childrenOf(e)
              .filter((c) => !['[', ']'].includes(c.name))
              .slice(1)
          : argumentsOf(e).positional;
      const value = key && rest.length === 0 ? stringValue(source, key) : undefined;
      if (enumType && value !== undefined)
        return e.name === 'MemberExpression' ? { member: value } : { type: value };
    }
    return { reason: `${textOf(e)} is not a ${types} member or a string literal` };
  };

  /** What picks the version of an event built with a plain type: its payload's model. */
  const payloadModel = (node: PyNode | undefined): string | undefined => {
    if (!node) return undefined;
    const e = follow(node);
    if (failed(e)) return undefined;
    if (e.name === 'DictionaryExpression' || e.name === 'DictionaryComprehensionExpression')
      return '{}';
    if (e.name !== 'CallExpression' || !e.firstChild) return undefined;
    const callee = e.firstChild;
    if (
      callee.name === 'VariableName' &&
      source.textOf(callee) === 'dict' &&
      !scopes.lookup(callee)
    )
      return '{}';
    const name = importedName(callee);
    return name === undefined || failed(name) ? undefined : name;
  };

  const producer = (call: PyNode, helper: PythonName & { name: string }, what: string) => {
    const arg = argument(argumentsOf(call), 0, 'event');
    if (!arg) return report(call, `${what} is given no event written in the call`);
    const built = follow(arg);
    if (failed(built)) return report(arg, `the event given to ${what}: ${built.reason}`);
    const maker = built.name === 'CallExpression' ? generated(built.firstChild!) : undefined;
    const names = helper.names;
    if (!maker || failed(maker) || (maker.kind !== 'event' && maker.kind !== 'create'))
      return report(
        arg,
        `the event given to ${what} is ${textOf(built)}: not built in this scope by ${names.event}(...) or ${names.create}(...)`,
      );
    if (maker.names.entity !== names.entity)
      return report(arg, `${what} is given an event of another domain (${maker.name}(...))`);
    const args = argumentsOf(built);
    const byClass = maker.kind === 'event';
    const typeArg = argument(args, byClass ? undefined : 0, 'event_type');
    if (!typeArg)
      return report(built, `the event type of ${maker.name}(...) is not written in the call`);
    const event = eventRef(typeArg, helper);
    if (failed(event))
      return report(
        typeArg,
        `the event type of ${maker.name}(...) given to ${what}: ${event.reason}`,
      );
    const payload = payloadModel(argument(args, byClass ? undefined : 1, 'payload'));
    sites.push({
      library: pythonLibraryKey(names),
      role: 'producer',
      channel: 'python',
      event,
      line: lineOf(arg),
      ...(payload === undefined ? {} : { payload }),
    });
  };

  const consumer = (call: PyNode, helper: PythonName & { name: string }, what: string) => {
    const arg = argument(argumentsOf(call), 1, 'handler');
    if (!arg) return report(call, `${what} is given no handlers written in the call`);
    const types = helper.names.eventType;
    const single = unwrapParens(arg);
    const bindings = single.name === 'VariableName' ? scopes.lookup(single) : undefined;
    if (single.name === 'LambdaExpression' || bindings?.some((b) => b.kind === 'def'))
      return report(
        arg,
        `${what} is given one handler for every event type (${textOf(single)}): which types it handles is decided inside it (a dict keyed by ${types} members lists them)`,
      );
    const map = follow(arg);
    if (failed(map)) return report(arg, `the handlers given to ${what}: ${map.reason}`);
    if (map.name !== 'DictionaryExpression')
      return report(
        arg,
        `the handlers given to ${what} are ${textOf(map)}: not a dict written in this file`,
      );
    const entries = childrenOf(map).filter((c) => !['{', '}', ',', ':'].includes(c.name));
    for (let i = 0; i < entries.length; i += 2) {
      const [key, value] = [entries[i], entries[i + 1]];
      if (key.name === '**') {
        report(value ?? key, `a ** spread in the handlers of ${what}`);
        continue;
      }
      const event = eventRef(key, helper);
      if (failed(event)) report(key, `a handler key of ${what}: ${event.reason}`);
      else
        sites.push({
          library: pythonLibraryKey(helper.names),
          role: 'consumer',
          channel: 'python',
          event,
          line: lineOf(key),
        });
    }
  };

  eachNode(source.tree.topNode, (node) => {
    if (node.name !== 'VariableName' && node.name !== 'MemberExpression') return;
    if (node.parent?.name === 'ImportStatement') return;
    const helper = generated(node);
    if (!helper) return;
    const isCallee =
      node.parent?.name === 'CallExpression' && node.parent.firstChild?.from === node.from;
    const written = source.textOf(
      node.name === 'MemberExpression' ? node.getChild('PropertyName')! : node,
    );
    if (failed(helper)) {
      if (isCallee && isHelper(index.get(written)))
        report(node, `${textOf(node)}(...) is not read: ${helper.reason}`);
      return;
    }
    if (!isHelper(helper)) return;
    const what = `${textOf(node)}(...)`;
    if (!isCallee) {
      const keyword = node.parent?.name === 'ArgList' && node.nextSibling?.name === 'AssignOp';
      if (!keyword)
        report(
          node,
          `${textOf(node)} is passed as a value: the calls made through it are not read`,
        );
      return;
    }
    if (helper.kind === 'publish') producer(node.parent!, helper, what);
    else if (helper.kind === 'handle') consumer(node.parent!, helper, what);
    else
      report(
        node,
        `${what} returns an event of any type of the ${helper.names.entity} domain: what the code does with each type is not read (${helper.names.handleDelivery} with a dict of handlers is)`,
      );
  });
  return { sites, unresolved };
}
