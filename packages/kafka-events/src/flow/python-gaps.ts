/**
 * Valid Python that @lezer/python 1.1 does not parse, bridged before the reader refuses a file:
 * a bare `yield` (FastAPI lifespans, pytest fixtures, context managers), a float with a trailing
 * dot (`20.`) and form feeds. Each is rewritten in place with text of the same length (`(...)`,
 * a space), so every offset and line of the tree stays that of the file; none of them can hold a
 * call of a helper, so nothing the reader looks for changes. Any other error stays an error, and
 * the reader refuses the file.
 */
import type { Tree } from '@lezer/common';

/** Errors bridged one round at a time; each round removes at least one. */
const MAX_ROUNDS = 5;

interface Bridge {
  from: number;
  to: number;
  text: string;
}

let lezer: typeof import('@lezer/python') | undefined;

export function parseBridgingGaps(text: string): Tree {
  // loaded on the first Python file that names a helper: a workspace without one never pays for it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lezer ??= require('@lezer/python') as typeof import('@lezer/python');
  const { parser } = lezer;
  let bridged = text.replace(/\f/g, ' ');
  for (let round = 0; ; round++) {
    const tree = parser.parse(bridged);
    const errors: number[] = [];
    tree.iterate({
      enter(node) {
        if (node.type.isError) errors.push(node.from);
      },
    });
    if (errors.length === 0 || round === MAX_ROUNDS) return tree;
    const bridges = errors.map((at) => gapBefore(tree, bridged, at));
    if (bridges.some((b) => b === undefined)) return tree;
    for (const { from, to, text: replacement } of bridges as Bridge[])
      bridged = bridged.slice(0, from) + replacement + bridged.slice(to);
  }
}

/** The known gap an error at `at` comes from: the token before it, past blanks and comments. */
function gapBefore(tree: Tree, text: string, at: number): Bridge | undefined {
  let position = at;
  for (;;) {
    while (position > 0 && /[ \t]/.test(text[position - 1])) position--;
    const before = tree.resolveInner(position, -1);
    if (before.name !== 'Comment' || before.from >= position) break;
    position = before.from;
  }
  const token = tree.resolveInner(position, -1);
  if (token.to !== position) return undefined;
  if (token.name === 'yield') return { from: token.from, to: token.to, text: '(...)' };
  const number = tree.resolveInner(token.from, -1);
  if (token.name === '.' && number.name === 'Number' && number.to === token.from)
    return { from: token.from, to: token.to, text: ' ' };
  return undefined;
}
