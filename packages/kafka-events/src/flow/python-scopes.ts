/**
 * Which assignment a Python name refers to, so the reader can follow `event = TaskEvent(...)` or
 * `HANDLERS = {...}` to what was written, and refuse when it cannot know. Python's scopes: a name
 * bound anywhere in a function is that function's; a lookup goes out through enclosing functions
 * to the module. Every binding form of the language counts (assignments of every shape,
 * parameters, loop and comprehension targets, `with`/`except`/`match` captures, imports, `def`,
 * `class`, `del`, `type`, `:=`). Erring towards refusal: comprehension and class bodies are counted
 * with the scope around them, and a name named by `global`/`nonlocal` is never followed.
 */
import { childrenOf, type PyNode, type PySource } from './python-syntax';

export type BindingKind =
  | 'assignment'
  | 'unpacking'
  | 'augmented assignment'
  | 'walrus'
  | 'loop variable'
  | 'with target'
  | 'except target'
  | 'import'
  | 'def'
  | 'class'
  | 'parameter'
  | 'match capture'
  | 'del'
  | 'type alias';

/** How a binding reads in a reason: `event is a parameter at line 3`. */
export const BINDING_PHRASE: Record<BindingKind, string> = {
  assignment: 'assigned',
  unpacking: 'unpacked from a sequence',
  'augmented assignment': 'changed by an augmented assignment',
  walrus: 'assigned by :=',
  'loop variable': 'a loop variable',
  'with target': 'a with target',
  'except target': 'an except target',
  import: 'imported',
  def: 'a function',
  class: 'a class',
  parameter: 'a parameter',
  'match capture': 'a match capture',
  del: 'deleted',
  'type alias': 'a type alias',
};

export interface Binding {
  kind: BindingKind;
  /** The name where it is bound. */
  node: PyNode;
  /** `assignment`: the value (`name = value`, `name: T = value`, `a = name = value`). */
  value?: PyNode;
  /** `import`: the module, and the name taken from it by `from module import name`. */
  imported?: { module: string; name?: string };
}

export interface PyScopes {
  /**
   * The bindings of the innermost scope around `use` that binds its name; undefined when none
   * does (a builtin, a star import, a name never bound).
   */
  lookup(use: PyNode): Binding[] | undefined;
  /** Names declared `global` or `nonlocal` somewhere: their bindings are not followed. */
  escapes: ReadonlySet<string>;
  /** Offsets where the object a name holds is changed in place (`name[k] = v`, `name.update(...)`). */
  changes(name: string): number[];
  /** True when the module has `from ... import *`. */
  starImport: boolean;
}

/** Methods that change a dict in place. */
const MUTATORS = new Set([
  'update',
  'setdefault',
  'pop',
  'popitem',
  'clear',
  '__setitem__',
  '__delitem__',
  '__ior__',
]);

interface Scope {
  parent?: Scope;
  bindings: Map<string, Binding[]>;
}

const scopeKey = (node: PyNode) => `${node.name}:${node.from}`;

export function pythonScopes(source: PySource): PyScopes {
  const module: Scope = { bindings: new Map() };
  const scopes = new Map<string, Scope>();
  const escapes = new Set<string>();
  const changes = new Map<string, number[]>();
  let starImport = false;

  const bind = (scope: Scope, node: PyNode, kind: BindingKind, extra: Partial<Binding> = {}) => {
    const name = source.textOf(node);
    scope.bindings.set(name, [...(scope.bindings.get(name) ?? []), { kind, node, ...extra }]);
  };
  const changed = (target: PyNode) => {
    const object = target.firstChild;
    if (object?.name !== 'VariableName') return;
    const name = source.textOf(object);
    changes.set(name, [...(changes.get(name) ?? []), target.from]);
  };
  /** Assignment targets: a lone name, or names inside tuples/lists (unpacking). */
  const bindTargets = (targets: PyNode[], scope: Scope, kind: BindingKind, value?: PyNode) => {
    const lone = targets.length === 1 && targets[0].name === 'VariableName';
    for (const target of targets) {
      if (target.name === 'VariableName')
        bind(
          scope,
          target,
          lone ? kind : kind === 'assignment' ? 'unpacking' : kind,
          lone ? { value } : {},
        );
      else if (target.name === 'MemberExpression') changed(target);
      else if (/^(Tuple|Array|Parenthesized)Expression$/.test(target.name))
        bindTargets(childrenOf(target), scope, kind === 'assignment' ? 'unpacking' : kind);
    }
  };
  const newScope = (owner: PyNode, parent: Scope): Scope => {
    const scope: Scope = { parent, bindings: new Map() };
    scopes.set(scopeKey(owner), scope);
    return scope;
  };
  const parameters = (list: PyNode, scope: Scope) => {
    for (const child of childrenOf(list))
      if (child.name === 'VariableName' && child.prevSibling?.name !== 'AssignOp')
        bind(scope, child, 'parameter');
  };
  /** The nodes after each `keyword` token up to the next `until` token (or the one node after). */
  const after = (node: PyNode, keyword: string, until?: string): PyNode[][] => {
    const groups: PyNode[][] = [];
    let group: PyNode[] | undefined;
    for (const child of childrenOf(node)) {
      if (child.name === keyword) groups.push((group = []));
      else if (group && until === undefined) {
        group.push(child);
        group = undefined;
      } else if (group && child.name === until) group = undefined;
      else group?.push(child);
    }
    return groups;
  };

  const visit = (node: PyNode, scope: Scope): void => {
    let inner = scope;
    switch (node.name) {
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const name = childrenOf(node).find((c) => c.name === 'VariableName');
        if (name) bind(scope, name, node.name === 'ClassDefinition' ? 'class' : 'def');
        if (node.name === 'FunctionDefinition') inner = newScope(node, scope);
        for (const list of node.getChildren('ParamList')) parameters(list, inner);
        break;
      }
      case 'LambdaExpression':
        inner = newScope(node, scope);
        for (const list of node.getChildren('ParamList')) parameters(list, inner);
        break;
      case 'AssignStatement': {
        const groups: PyNode[][] = [[]];
        for (const child of childrenOf(node)) {
          if (child.name === 'AssignOp') groups.push([]);
          else if (child.name !== 'TypeDef' && child.name !== ',')
            groups[groups.length - 1].push(child);
        }
        const value = groups.length > 1 ? groups.pop()! : [];
        for (const targets of groups)
          bindTargets(targets, scope, 'assignment', value.length === 1 ? value[0] : undefined);
        break;
      }
      case 'UpdateStatement':
        bindTargets(node.firstChild ? [node.firstChild] : [], scope, 'augmented assignment');
        break;
      case 'NamedExpression':
        if (node.firstChild?.name === 'VariableName') bind(scope, node.firstChild, 'walrus');
        break;
      case 'DeleteStatement':
        bindTargets(
          childrenOf(node).filter((c) => c.name !== 'del' && c.name !== ','),
          scope,
          'del',
        );
        break;
      case 'ForStatement':
      case 'ComprehensionExpression':
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
        for (const targets of after(node, 'for', 'in'))
          bindTargets(
            targets.filter((t) => t.name !== ','),
            scope,
            'loop variable',
          );
        break;
      case 'WithStatement':
        for (const [target] of after(node, 'as'))
          if (target) bindTargets([target], scope, 'with target');
        break;
      case 'TryStatement':
        for (const [target] of after(node, 'as'))
          if (target) bindTargets([target], scope, 'except target');
        break;
      case 'CapturePattern':
      case 'AsPattern': {
        const names = childrenOf(node).filter((c) => c.name === 'VariableName');
        const captured =
          node.name === 'AsPattern' ? names.filter((n) => n.prevSibling?.name === 'as') : names;
        for (const name of captured) bind(scope, name, 'match capture');
        break;
      }
      case 'TypeDefinition':
      case 'TypeParam':
        if (node.getChild('VariableName'))
          bind(scope, node.getChild('VariableName')!, 'type alias');
        break;
      case 'ScopeStatement':
        for (const name of node.getChildren('VariableName')) escapes.add(source.textOf(name));
        break;
      case 'ImportStatement':
        if (
          importBindings(source, node, (name, imported) =>
            bind(scope, name, 'import', { imported }),
          )
        )
          starImport = true;
        break;
      case 'CallExpression': {
        const callee = node.firstChild;
        const method = callee?.name === 'MemberExpression' ? callee.getChild('PropertyName') : null;
        if (callee && method && MUTATORS.has(source.textOf(method))) changed(callee);
        break;
      }
    }
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child, inner);
  };
  visit(source.tree.topNode, module);

  const scopeAround = (use: PyNode): Scope => {
    for (let p = use.parent; p; p = p.parent) {
      if (p.name === 'LambdaExpression') return scopes.get(scopeKey(p)) ?? module;
      // parameters are the function's (their defaults strictly are not: no matter here)
      if ((p.name === 'Body' || p.name === 'ParamList') && p.parent?.name === 'FunctionDefinition')
        return scopes.get(scopeKey(p.parent)) ?? module;
    }
    return module;
  };
  return {
    lookup(use) {
      const name = source.textOf(use);
      for (let scope: Scope | undefined = scopeAround(use); scope; scope = scope.parent) {
        const found = scope.bindings.get(name);
        if (found) return found;
      }
      return undefined;
    },
    escapes,
    changes: (name) => changes.get(name) ?? [],
    starImport,
  };
}

/**
 * Calls `bind` for each name an import statement binds: `import a.b` binds `a` (module `a.b`),
 * `import a.b as m` binds `m`, `from .pkg import x as y` binds `y` (module `.pkg`, name `x`).
 * Returns true for `from m import *`.
 */
function importBindings(
  source: PySource,
  statement: PyNode,
  bind: (name: PyNode, imported: { module: string; name?: string }) => void,
): boolean {
  const children = childrenOf(statement).filter((c) => !['(', ')'].includes(c.name));
  const importAt = children.findIndex((c) => c.name === 'import');
  const isFrom = children[0]?.name === 'from';
  const module = isFrom
    ? children
        .slice(1, importAt)
        .map((c) => source.textOf(c))
        .join('')
    : '';
  // the items after `import`, each `dotted.name [as alias]`, separated by commas
  const items: PyNode[][] = [[]];
  for (const child of children.slice(importAt + 1)) {
    if (child.name === ',') items.push([]);
    else items[items.length - 1].push(child);
  }
  let star = false;
  for (const item of items) {
    if (item.length === 0) continue;
    if (item[0].name === '*') {
      star = true;
      continue;
    }
    const asAt = item.findIndex((c) => c.name === 'as');
    const path = (asAt === -1 ? item : item.slice(0, asAt)).map((c) => source.textOf(c)).join('');
    const alias = asAt === -1 ? undefined : item[asAt + 1];
    if (isFrom) bind(alias ?? item[0], { module, name: path });
    else bind(alias ?? item[0], { module: alias ? path : path.split('.')[0] });
  }
  return star;
}
