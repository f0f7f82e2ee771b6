import { pythonScopes } from './python-scopes';
import { eachNode, parsePython, type PyNode } from './python-syntax';

/** The binding kinds (with lines) that the last use of `name` in `code` refers to. */
function bindingsOfLastUse(code: string, name = 'x'): string[] | undefined {
  const source = parsePython(code);
  const uses: PyNode[] = [];
  eachNode(source.tree.topNode, (node) => {
    if (node.name === 'VariableName' && source.textOf(node) === name) uses.push(node);
  });
  const found = pythonScopes(source).lookup(uses[uses.length - 1]);
  return found?.map((b) => `${b.kind}@${source.lineAt(b.node.from)}`);
}

describe('pythonScopes', () => {
  it.each([
    ['x = 1\nx', ['assignment@1']],
    ['x: int = 1\nx', ['assignment@1']],
    ['a = x = 1\nx', ['assignment@1']],
    ['x, y = t\nx', ['unpacking@1']],
    ['[y, (z, *x)] = t\nx', ['unpacking@1']],
    ['x += 1\nx', ['augmented assignment@1']],
    ['(x := 1)\nx', ['walrus@1']],
    ['for x in y: pass\nx', ['loop variable@1']],
    ['async def f():\n    async for a, x in y: pass\n    x', ['loop variable@2']],
    ['[1 for x in y]\nx', ['loop variable@1']],
    ['{k: v for k, v in y if (x := k)}\nx', ['walrus@1']],
    ['with a as x: pass\nx', ['with target@1']],
    ['try: pass\nexcept E as x: pass\nx', ['except target@2']],
    ['import x\nx', ['import@1']],
    ['import a.b as x\nx', ['import@1']],
    ['from m import y as x\nx', ['import@1']],
    ['def x(): pass\nx', ['def@1']],
    ['class x: pass\nx', ['class@1']],
    ['def f(a, x=1, *args, **kw):\n    x', ['parameter@1']],
    ['f = lambda x: x', ['parameter@1']],
    ['match v:\n    case [x, *rest]: pass\nx', ['match capture@2']],
    ['match v:\n    case {"k": 1, **x}: pass\nx', ['match capture@2']],
    ['match v:\n    case Point(a=1) as x: pass\nx', ['match capture@2']],
    ['del x\nx', ['del@1']],
    ['type x = int\nx', ['type alias@1']],
  ])('finds the binding of %j', (code, expected) => {
    expect(bindingsOfLastUse(code)).toEqual(expected);
  });

  it('looks a name up in its own function first, then outwards; never in another function', () => {
    const code = `x = 1
def f():
    x = 2
    def g():
        return x
    return g
def h():
    return x
`;
    const source = parsePython(code);
    const scopes = pythonScopes(source);
    const uses: PyNode[] = [];
    eachNode(source.tree.topNode, (node) => {
      if (node.name === 'VariableName' && source.textOf(node) === 'x') uses.push(node);
    });
    const lines = (use: PyNode) => scopes.lookup(use)!.map((b) => source.lineAt(b.node.from));
    // g's x is f's; h's x is the module's
    expect(lines(uses[2])).toEqual([3]);
    expect(lines(uses[3])).toEqual([1]);
  });

  it('counts every binding of a scope, wherever it is in the function', () => {
    expect(
      bindingsOfLastUse('def f(flag):\n    x = 1\n    if flag:\n        x = 2\n    x'),
    ).toEqual(['assignment@2', 'assignment@4']);
    // a name never bound is a builtin or comes from a star import
    expect(bindingsOfLastUse('print(x)')).toBeUndefined();
  });

  it('records changes in place, global/nonlocal names and star imports', () => {
    const source = parsePython(`from m import *
H = {}
H["a"] = 1
H.update(b=2)
del H["c"]
H["d"] += 1
H.get("e")
def f():
    global G
`);
    const scopes = pythonScopes(source);
    expect(scopes.changes('H').map((at) => source.lineAt(at))).toEqual([3, 4, 5, 6]);
    expect([...scopes.escapes]).toEqual(['G']);
    expect(scopes.starImport).toBe(true);
  });
});
