/**
 * Reads one TypeScript file with the compiler's parser (syntax only: no program, no type checker,
 * so each file is read on its own and its result can be cached by its hash) and finds:
 * - producers: `.publish(event)`, `.publishMany([...])`, `.publishBulk([...])` on a producer or
 *   Dapr publisher made in this file (`createTasksProducer(...)`, `createTasksDaprPublisher(...)`,
 *   or the runtime's `createProducer(tasksDomain, ...)`), with events made by
 *   `createTaskEvent('task.created.v1', ...)` in this file;
 * - consumers: the keys of `handlers` given to `createTasksConsumer`, `createTasksDaprHandler` or
 *   the runtime's `createConsumer(tasksDomain, ...)` / `createDaprHandler(tasksDomain, ...)` (what
 *   the routes modules of `nx g kafka-events:dapr` call).
 * Names count only when imported from an event library (by its import specifier) or from
 * @kafka-events/runtime. An identifier is followed to its initializer only when the file declares
 * it once, with `const`. What syntax cannot tell (an event, a list of events or a handler map
 * made in another function or module) is deferred to the type checker (typed-facts.ts) with the
 * reason to report when the types cannot tell either; anything else that involves an event
 * library is reported, never guessed.
 */
import type * as TS from 'typescript';
import type { LibraryExportNames } from '../utils/generated-names';
import type { DeferredSite, EventRef, FactSite, FactUnresolved, FileFacts } from './facts';
import type { FlowChannel } from './model';
import {
  constDeclarations,
  dedupe,
  importsOf,
  propertyName,
  RUNTIME_PACKAGE,
  scriptKind,
  stripExpression,
  type Imported,
  type LibraryImports,
  type TypeScriptCompiler,
} from './source-syntax';

export { RUNTIME_PACKAGE, type LibraryImports, type TypeScriptCompiler } from './source-syntax';

type Factory = 'producer' | 'consumer' | 'daprPublisher' | 'daprHandler';

/** The runtime's factories: which argument is the domain, which the options with `handlers`. */
const RUNTIME_FACTORIES: Record<string, { kind: Factory; options?: number }> = {
  createProducer: { kind: 'producer' },
  createConsumer: { kind: 'consumer', options: 2 },
  createDaprPublisher: { kind: 'daprPublisher' },
  createDaprHandler: { kind: 'daprHandler', options: 1 },
};

/** The generated helpers: where their options (with `handlers`) are. */
const LIBRARY_FACTORIES: { kind: Factory; name: keyof LibraryExportNames; options?: number }[] = [
  { kind: 'producer', name: 'producer' },
  { kind: 'consumer', name: 'consumer', options: 1 },
  { kind: 'daprPublisher', name: 'daprPublisher' },
  { kind: 'daprHandler', name: 'daprHandler', options: 0 },
];

const PUBLISH_METHODS = new Set(['publish', 'publishMany', 'publishBulk']);

/** A routes module written by `nx g kafka-events:dapr`: `<sourceRoot>/dapr/<domain>.routes.ts`. */
const ROUTES_MODULE = /(^|\/)dapr\/[^/]+\.routes\.ts$/;

/** A publish call, as text: a producer imported from another module of the app may be its receiver. */
const PUBLISH_CALL = /\.publish(?:Many|Bulk)?\s*\(/;

/**
 * Cheap test before parsing: a file that names no library, not the runtime and calls no publish
 * method has no facts.
 */
export function mayHaveFacts(text: string, libraries: LibraryImports): boolean {
  if (text.includes(RUNTIME_PACKAGE) || PUBLISH_CALL.test(text)) return true;
  for (const specifier of libraries.keys()) if (text.includes(specifier)) return true;
  return false;
}

interface Factored {
  library: string;
  kind: Factory;
  options?: TS.Expression;
}

export function sourceFacts(
  ts: TypeScriptCompiler,
  file: string,
  text: string,
  libraries: LibraryImports,
): FileFacts {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    scriptKind(ts, file),
  );
  const imports = importsOf(ts, source, libraries);
  const consts = constDeclarations(ts, source);
  const sites: FactSite[] = [];
  const unresolved: FactUnresolved[] = [];
  const deferred: DeferredSite[] = [];
  const lineOf = (node: TS.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const report = (node: TS.Node, reason: string) => unresolved.push({ line: lineOf(node), reason });
  const spanOf = (node: TS.Node) => ({ start: node.getStart(source), end: node.getEnd() });
  const defer = (
    node: TS.Expression,
    holds: DeferredSite['holds'],
    site: Pick<FactSite, 'library' | 'role' | 'channel'>,
    reason: string,
    { receiver, line = node }: { receiver?: TS.Expression; line?: TS.Node } = {},
  ) =>
    deferred.push({
      ...site,
      holds,
      line: lineOf(line),
      ...spanOf(node),
      ...(receiver && { receiver: spanOf(receiver) }),
      reason,
    });
  /** A publish on a receiver whose type decides: its library and channel come from the types. */
  const byType = { library: '', role: 'producer', channel: 'kafkajs' } as const;

  const strip = (expression: TS.Expression) => stripExpression(ts, expression);
  /** The expression itself, or the initializer of the file's only `const` of that name. */
  const follow = (expression: TS.Expression): TS.Expression => {
    const e = strip(expression);
    if (!ts.isIdentifier(e) || imports.has(e.text)) return e;
    const initializer = consts.get(e.text);
    return initializer ? strip(initializer) : e;
  };
  const importedAs = (expression: TS.Expression): Imported | undefined => {
    const e = strip(expression);
    if (ts.isIdentifier(e)) return imports.get(e.text);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const namespace = imports.get(e.expression.text);
      if (namespace?.library && namespace.name === undefined)
        return { library: namespace.library, name: e.name.text };
    }
    return undefined;
  };
  const libraryExport = (expression: TS.Expression, name: keyof LibraryExportNames) => {
    const found = importedAs(expression);
    if (!found?.library) return undefined;
    return libraries.get(found.library)![name] === found.name ? found.library : undefined;
  };

  const factoryOf = (call: TS.CallExpression): Factored | undefined => {
    const callee = importedAs(call.expression);
    if (!callee) return undefined;
    if (callee.runtime) {
      const runtime = RUNTIME_FACTORIES[callee.runtime];
      if (!runtime) return undefined;
      const domainArg = call.arguments[0];
      const library = domainArg && libraryExport(follow(domainArg), 'domainConst');
      if (!library) {
        report(
          call,
          `${callee.runtime}(...) is not given a domain constant imported from an event library`,
        );
        return undefined;
      }
      const options = runtime.options === undefined ? undefined : call.arguments[runtime.options];
      return { library, kind: runtime.kind, options };
    }
    if (!callee.library) return undefined;
    const names = libraries.get(callee.library)!;
    const factory = LIBRARY_FACTORIES.find((f) => names[f.name] === callee.name);
    if (!factory) return undefined;
    const options = factory.options === undefined ? undefined : call.arguments[factory.options];
    return { library: callee.library, kind: factory.kind, options };
  };

  /** The event a `create<Entity>Event(type, ...)` call makes, or why it cannot be known. */
  const eventOf = (
    expression: TS.Expression,
  ): { library: string; event: EventRef } | { node: TS.Node; reason: string } | undefined => {
    const e = follow(expression);
    if (!ts.isCallExpression(e)) return undefined;
    const found = importedAs(e.expression);
    if (!found?.library || libraries.get(found.library)!.createEvent !== found.name)
      return undefined;
    const typeArg = e.arguments[0];
    const event = typeArg && eventRefOf(typeArg, found.library);
    return event
      ? { library: found.library, event }
      : { node: e, reason: `computed event type in ${found.name}(...)` };
  };
  /** A literal type or `<Entity>EventType.MEMBER` of `library`. */
  const eventRefOf = (expression: TS.Expression, library: string): EventRef | undefined => {
    const e = follow(expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { type: e.text };
    if (ts.isPropertyAccessExpression(e) && libraryExport(e.expression, 'typesConst') === library)
      return { member: e.name.text };
    if (ts.isElementAccessExpression(e) && libraryExport(e.expression, 'typesConst') === library) {
      const key = e.argumentExpression;
      if (ts.isStringLiteral(key)) return { member: key.text };
    }
    return undefined;
  };

  const channelOf = (kind: Factory): FlowChannel => {
    if (kind === 'producer' || kind === 'consumer') return 'kafkajs';
    return kind === 'daprHandler' && ROUTES_MODULE.test(file) ? 'dapr-routes' : 'dapr';
  };

  const handlersOf = (call: TS.CallExpression, factory: Factored) => {
    const what = `${call.expression.getText(source)}(...)`;
    if (!factory.options) return report(call, `${what} has no options with handlers`);
    const consumer = {
      library: factory.library,
      role: 'consumer',
      channel: channelOf(factory.kind),
    } as const;
    const options = follow(factory.options);
    if (!ts.isObjectLiteralExpression(options))
      return defer(
        factory.options,
        'options',
        consumer,
        `the options of ${what} are built elsewhere`,
      );
    let handlers: TS.Expression | undefined;
    let spread = false;
    for (const property of options.properties) {
      if (ts.isSpreadAssignment(property)) spread = true;
      else if (propertyName(ts, property) !== 'handlers') continue;
      else if (ts.isPropertyAssignment(property)) handlers = property.initializer;
      else if (ts.isShorthandPropertyAssignment(property)) handlers = property.name;
    }
    if (!handlers)
      return spread
        ? defer(options, 'options', consumer, `the handlers of ${what} come from a spread`)
        : report(options, `${what} has no handlers property`);
    const map = follow(handlers);
    if (!ts.isObjectLiteralExpression(map))
      return defer(handlers, 'handlers', consumer, `the handler map of ${what} is built elsewhere`);
    for (const property of map.properties) {
      if (ts.isSpreadAssignment(property)) {
        defer(property.expression, 'handlers', consumer, `a spread in the handler map of ${what}`);
        continue;
      }
      const event = handlerKey(property, factory.library);
      if (event) sites.push({ ...consumer, event, line: lineOf(property) });
      else report(property, `computed handler key in ${what}`);
    }
  };
  const handlerKey = (property: TS.ObjectLiteralElementLike, library: string) => {
    const name = property.name;
    if (!name) return undefined;
    if (ts.isComputedPropertyName(name)) return eventRefOf(name.expression, library);
    if (
      ts.isStringLiteral(name) ||
      ts.isIdentifier(name) ||
      ts.isNoSubstitutionTemplateLiteral(name)
    )
      return { type: name.text };
    return undefined;
  };

  /** A publish call: on a producer of this file, or reported when it publishes library events. */
  const publishOf = (call: TS.CallExpression, method: TS.PropertyAccessExpression) => {
    const receiver = follow(method.expression);
    const factory = ts.isCallExpression(receiver) ? factoryOf(receiver) : undefined;
    const producer =
      factory && (factory.kind === 'producer' || factory.kind === 'daprPublisher')
        ? factory
        : undefined;
    const arg = call.arguments[0];
    if (!arg) return;
    const single = method.name.text === 'publish';
    const list = single ? undefined : follow(arg);
    const items = single
      ? [arg]
      : list && ts.isArrayLiteralExpression(list)
        ? [...list.elements]
        : undefined;
    const events = (items ?? []).map((item) => ({ item, found: eventOf(item) }));
    const known = events.filter((e) => e.found && 'event' in e.found);
    if (!producer) {
      // a producer made elsewhere (a parameter, a field): its type may say it is one
      const untraced = `${method.getText(source)}(...) publishes events of an event library through something the analysis cannot trace to a generated producer or Dapr publisher`;
      return defer(arg, single ? 'event' : 'events', byType, known.length > 0 ? untraced : '', {
        receiver: method.expression,
        line: call,
      });
    }
    const published = {
      library: producer.library,
      role: 'producer',
      channel: channelOf(producer.kind),
    } as const;
    const publishCall = `${method.name.text}(...)`;
    if (!items)
      return defer(
        arg,
        'events',
        published,
        `the events given to ${publishCall} are built elsewhere`,
      );
    for (const { item, found } of events) {
      if (!found)
        defer(item, 'event', published, `an event given to ${publishCall} is built elsewhere`);
      else if ('reason' in found) defer(item, 'event', published, found.reason);
      else
        sites.push({
          ...published,
          library: found.library,
          event: found.event,
          line: lineOf(item),
        });
    }
  };

  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && PUBLISH_METHODS.has(callee.name.text)) {
        publishOf(node, callee);
      } else {
        const factory = factoryOf(node);
        if (factory?.kind === 'consumer' || factory?.kind === 'daprHandler')
          handlersOf(node, factory);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { sites, unresolved: dedupe(unresolved), ...(deferred.length > 0 && { deferred }) };
}
