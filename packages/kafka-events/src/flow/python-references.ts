/**
 * What a name or expression of a Python file refers to, for the facts reader: the generated name
 * it imports (`publish` of `from m import publish_task_event as publish`, `m.publish_task_event`
 * after `import m`), the value a name was assigned once in its scope, and the arguments of a call.
 * Each answer is the thing found, or why it cannot be known.
 */
import type { PythonName, PythonNameIndex } from './python-names';
import { BINDING_PHRASE, type Binding, type PyScopes } from './python-scopes';
import { childrenOf, unwrapParens, type PyNode, type PySource } from './python-syntax';

/** What was found, or why nothing can be. */
export type Found<T> = T | { reason: string };

export const failed = <T>(found: Found<T>): found is { reason: string } =>
  typeof found === 'object' && found !== null && 'reason' in found;

export interface Arguments {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  /** `*args` or `**kwargs`: any parameter may come from them. */
  spread: boolean;
}

export function pythonReferences(source: PySource, scopes: PyScopes, index: PythonNameIndex) {
  const lineOf = (node: PyNode | { from: number }) => source.lineAt(node.from);
  const textOf = (node: PyNode) => source.textOf(node).replace(/\s+/g, ' ');
  const bound = (binding: Binding) =>
    `${BINDING_PHRASE[binding.kind]} at line ${lineOf(binding.node)}`;
  /** A name imported from some module, or a module attribute `m.name` / `pkg.m.name`. */
  const isModule = (node: PyNode): boolean => {
    if (node.name === 'MemberExpression' && node.getChild('.')) return isModule(node.firstChild!);
    if (node.name !== 'VariableName' || scopes.escapes.has(source.textOf(node))) return false;
    const bindings = scopes.lookup(node);
    return !!bindings && bindings.every((b) => b.kind === 'import');
  };
  /** The name a reference imports: `publish` of `from m import publish_task_event as publish`. */
  const importedName = (node: PyNode): Found<string> | undefined => {
    if (node.name === 'MemberExpression' && node.getChild('.')) {
      const property = node.getChild('PropertyName');
      if (!property) return undefined;
      const object = node.firstChild!;
      return isModule(object)
        ? source.textOf(property)
        : { reason: `${textOf(object)} is not an imported module` };
    }
    if (node.name !== 'VariableName') return undefined;
    const name = source.textOf(node);
    if (scopes.escapes.has(name)) return { reason: `${name} is declared global or nonlocal` };
    const bindings = scopes.lookup(node);
    if (!bindings)
      return scopes.starImport || !index.has(name) ? name : { reason: `${name} is not imported` };
    const imported = new Set(bindings.map((b) => b.imported?.name));
    const [only] = imported;
    if (imported.size === 1 && only !== undefined) return only;
    const other = bindings.find((b) => b.kind !== 'import') ?? bindings[0];
    if (other.kind === 'def' || other.kind === 'class') return undefined;
    return { reason: `${name} is ${bound(other)}, not imported from a module` };
  };
  const generated = (node: PyNode): Found<PythonName & { name: string }> | undefined => {
    const name = importedName(node);
    if (name === undefined) return undefined;
    const nameOf = node.name === 'MemberExpression' ? node.getChild('PropertyName') : node;
    const written = nameOf ? source.textOf(nameOf) : '';
    if (failed(name)) return index.has(written) ? name : undefined;
    const found = index.get(name);
    return found && { ...found, name };
  };

  /** `name = value` assigned once in the scope and never changed in place: the value. */
  const follow = (node: PyNode): Found<PyNode> => {
    const e = unwrapParens(node);
    if (e.name !== 'VariableName') return e;
    const name = source.textOf(e);
    if (scopes.escapes.has(name)) return { reason: `${name} is declared global or nonlocal` };
    const bindings = scopes.lookup(e);
    if (!bindings) return { reason: `${name} is not assigned in this file` };
    if (bindings.length > 1)
      return {
        reason: `${name} is bound ${bindings.length} times (lines ${bindings.map((b) => lineOf(b.node)).join(', ')})`,
      };
    const [binding] = bindings;
    if (binding.kind !== 'assignment' || !binding.value)
      return { reason: `${name} is ${bound(binding)}` };
    const [change] = scopes.changes(name);
    if (change !== undefined)
      return { reason: `${name} is changed in place at line ${lineOf({ from: change })}` };
    return unwrapParens(binding.value);
  };

  const argumentsOf = (call: PyNode): Arguments => {
    const args: Arguments = { positional: [], keywords: new Map(), spread: false };
    const list = call.getChild('ArgList');
    const groups: PyNode[][] = [[]];
    for (const child of list ? childrenOf(list) : []) {
      if (child.name === ',') groups.push([]);
      else if (child.name !== '(' && child.name !== ')') groups[groups.length - 1].push(child);
    }
    for (const group of groups) {
      if (group.length === 0) continue;
      if (group[0].name === '*' || group[0].name === '**') args.spread = true;
      else if (group.length === 3 && group[1].name === 'AssignOp')
        args.keywords.set(source.textOf(group[0]), group[2]);
      else if (group.length === 1) args.positional.push(group[0]);
      else args.spread = true;
    }
    return args;
  };
  const argument = (args: Arguments, position: number | undefined, keyword: string) =>
    args.keywords.get(keyword) ?? (position === undefined ? undefined : args.positional[position]);

  return { generated, importedName, follow, argumentsOf, argument };
}
