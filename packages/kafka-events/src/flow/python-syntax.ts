/**
 * Python source as a syntax tree, from @lezer/python (the CodeMirror grammar: plain JavaScript, no
 * native code, no Python needed): strings of every form (prefixes, triple quotes, f-strings),
 * comments, line continuations and bracket nesting are the parser's job, so a call written inside
 * a string or a comment is never a call here. The parser recovers from syntax it does not know
 * with error nodes; past the grammar's known gaps (python-gaps.ts) the reader refuses such a file
 * rather than reading facts from a guessed tree.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parseBridgingGaps } from './python-gaps';

export type PyNode = SyntaxNode;

export interface PySource {
  text: string;
  tree: Tree;
  /** 1-based line of an offset. */
  lineAt(offset: number): number;
  /** The source text of a node. */
  textOf(node: PyNode): string;
}

export function parsePython(text: string): PySource {
  const tree = parseBridgingGaps(text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return {
    text,
    tree,
    lineAt(offset) {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (lineStarts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      return low + 1;
    },
    textOf: (node) => text.slice(node.from, node.to),
  };
}

/** The first node the parser could not read, if any. */
export function firstSyntaxError(tree: Tree): { from: number } | undefined {
  let found: { from: number } | undefined;
  tree.iterate({
    enter(node) {
      if (found) return false;
      if (node.type.isError) found = { from: node.from };
      return undefined;
    },
  });
  return found;
}

/** The children of a node, without comments (they may sit anywhere inside brackets). */
export function childrenOf(node: PyNode): PyNode[] {
  const children: PyNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling)
    if (child.name !== 'Comment') children.push(child);
  return children;
}

/** Calls `visit` for `node` and each of its descendants, in source order. */
export function eachNode(node: PyNode, visit: (node: PyNode) => void): void {
  visit(node);
  for (let child = node.firstChild; child; child = child.nextSibling) eachNode(child, visit);
}

/**
 * The value of a plain string literal: one `String` node, prefix `r`/`u` at most (bytes are no
 * str, an f-string is computed), no escape sequence outside a raw string. Undefined otherwise.
 */
export function stringValue(source: PySource, node: PyNode): string | undefined {
  if (node.name !== 'String') return undefined;
  const match = /^([A-Za-z]*)('''|"""|'|")([\s\S]*)\2$/.exec(source.textOf(node));
  if (!match) return undefined;
  const [, prefix, , body] = match;
  if (!/^[rRuU]?$/.test(prefix)) return undefined;
  if (!/[rR]/.test(prefix) && body.includes('\\')) return undefined;
  return body;
}

/** `( x )` -> `x`. */
export function unwrapParens(node: PyNode): PyNode {
  let e = node;
  while (e.name === 'ParenthesizedExpression') {
    const inner = childrenOf(e).filter((c) => c.name !== '(' && c.name !== ')');
    if (inner.length !== 1) return e;
    e = inner[0];
  }
  return e;
}
