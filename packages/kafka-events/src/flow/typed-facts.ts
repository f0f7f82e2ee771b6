/**
 * The event types of what the parser deferred (source-facts.ts), read from the static types the
 * checker gives: the generated event types narrow by `event_type`, so the type of a published value says
 * which event types it can be (`TaskEventOf<'task.created.v1'>`, a union of them, what a function
 * returning `createTaskEvent('task.created.v1', ...)` returns), and the type of a handler map has
 * one required property per handled type. Deterministic, never a guess: a type that does not say
 * (any, a plain string, optional handler properties, an index signature), or that is every event
 * of the library (`TaskEvent`: any of them), is reported with the parser's reason.
 */
import type * as TS from 'typescript';
import type { DeferredSite, FactSite, FactUnresolved, FileFacts } from './facts';
import type { TypeScriptCompiler } from './source-facts';

/** Import specifier -> the wire types of that library's event versions. */
export type LibraryWireTypes = ReadonlyMap<string, ReadonlySet<string>>;

export function typedFacts(
  ts: TypeScriptCompiler,
  checker: TS.TypeChecker,
  source: TS.SourceFile,
  deferred: DeferredSite[],
  wireTypes: LibraryWireTypes,
): FileFacts {
  const sites: FactSite[] = [];
  const unresolved: FactUnresolved[] = [];
  const typeAt = ({ start, end }: { start: number; end: number }) => {
    const node = nodeAt(ts, source, start, end);
    return node && checker.getTypeAtLocation(node);
  };
  const eventTypesAt = (holds: DeferredSite['holds'], span: { start: number; end: number }) => {
    const node = nodeAt(ts, source, span.start, span.end);
    if (!node) return 'it is not found again';
    return typeReader(ts, checker, node)[holds](checker.getTypeAtLocation(node));
  };
  const report = (line: number, reason: string) => {
    if (reason) unresolved.push({ line, reason });
  };
  for (const site of deferred) {
    const { holds, start, end, reason, receiver, ...at } = site;
    const channel = receiver ? producerChannel(typeAt(receiver)) : at.channel;
    if (!channel) {
      report(at.line, reason); // a receiver that is no producer: what the parser would report
      continue;
    }
    const found = eventTypesAt(holds, { start, end });
    const what = reason || 'a published event';
    if (typeof found === 'string') {
      report(at.line, `${what}: ${found}`);
      continue;
    }
    const library = at.library || libraryOf(found, wireTypes);
    const why = notNamed(found, wireTypes.get(library));
    if (why) report(at.line, `${what}: ${why}`);
    else for (const type of found) sites.push({ ...at, library, channel, event: { type } });
  }
  return { sites, unresolved };
}

/** Why event types read from a type do not name events of one library; undefined when they do. */
function notNamed(found: string[], all: ReadonlySet<string> | undefined): string | undefined {
  if (!all) return `${found.join(', ')} is no event type of one library`;
  if (all.size > 1 && [...all].every((type) => found.includes(type)))
    return 'its type allows every event type of the library, not which one';
  return undefined;
}

/** The runtime's producer types, by the name the runtime declares them with. */
const PRODUCER_TYPES: Record<string, FactSite['channel']> = {
  DomainProducer: 'kafkajs',
  DaprPublisher: 'dapr',
};

function producerChannel(type: TS.Type | undefined): FactSite['channel'] | undefined {
  const symbol = type && (type.aliasSymbol ?? type.getSymbol());
  return symbol ? PRODUCER_TYPES[symbol.getName()] : undefined;
}

/** The specifier of the one library whose contract has all these event types; '' when none is. */
function libraryOf(types: string[], wireTypes: LibraryWireTypes): string {
  const owners = new Set<ReadonlySet<string>>();
  let specifier = '';
  for (const [path, all] of wireTypes)
    if (types.every((t) => all.has(t)) && !owners.has(all)) {
      owners.add(all);
      specifier = path;
    }
  return owners.size === 1 ? specifier : '';
}

/** Event types by what the expression holds, or why its type does not tell them. */
type Reader = Record<DeferredSite['holds'], (type: TS.Type) => string[] | string>;

function typeReader(ts: TypeScriptCompiler, checker: TS.TypeChecker, location: TS.Node): Reader {
  // getTypeOfSymbolAtLocation: getTypeOfSymbol is public from TypeScript 5.1 only
  const typeOf = (symbol: TS.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, location);
  const show = (type: TS.Type) => {
    const text = checker.typeToString(type);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  const vague = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never;
  const parts = (type: TS.Type) => (type.isUnion() ? type.types : [type]);
  const literals = (type: TS.Type): string[] | undefined => {
    const values = parts(type).map((t) => (t.isStringLiteral() ? t.value : undefined));
    return values.every((v): v is string => v !== undefined) ? values : undefined;
  };
  const event = (type: TS.Type): string[] | string => {
    if (type.flags & vague) return `its type is ${show(type)}`;
    const types = new Set<string>();
    for (const part of parts(type)) {
      const property = checker.getPropertyOfType(part, 'event_type');
      const values = property && literals(typeOf(property));
      if (!values) return `its type ${show(part)} has no literal event type`;
      for (const value of values) types.add(value);
    }
    return [...types].sort();
  };
  const handlers = (type: TS.Type): string[] | string => {
    if (type.flags & vague) return `its type is ${show(type)}`;
    if (checker.getIndexInfosOfType(type).length > 0)
      return `its type ${show(type)} has an index signature, not the handled types`;
    const properties = checker.getPropertiesOfType(type);
    const optional = properties.find((p) => p.flags & ts.SymbolFlags.Optional);
    if (optional)
      return `its type makes the handler of ${optional.getName()} optional, so which handlers are there is not known`;
    return properties.map((p) => p.getName()).sort();
  };
  return {
    event,
    events: (type) => {
      if (type.flags & vague) return `its type is ${show(type)}`;
      const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
      return element ? event(element) : `its type ${show(type)} is not a list`;
    },
    handlers,
    options: (type) => {
      if (type.flags & vague) return `its type is ${show(type)}`;
      const property = checker.getPropertyOfType(type, 'handlers');
      return property
        ? handlers(checker.getNonNullableType(typeOf(property)))
        : `its type ${show(type)} has no handlers`;
    },
  };
}

/** The outermost node spanning exactly [start, end), as the parser saw it. */
function nodeAt(
  ts: TypeScriptCompiler,
  source: TS.SourceFile,
  start: number,
  end: number,
): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (found || node.getEnd() < end || node.pos > start) return;
    if (node.getStart(source) === start && node.getEnd() === end && !ts.isExpressionStatement(node))
      found = node;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}
