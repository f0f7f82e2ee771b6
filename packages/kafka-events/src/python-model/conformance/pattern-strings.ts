/**
 * Strings that match a JavaScript regular expression, for the valid samples of fields with
 * `.regex(...)` (specs only). Covers what payload patterns use: literals, escapes, classes and
 * ranges, groups, alternation, quantifiers and anchors; anything else throws, and the caller falls
 * back to the field's example. Whether a string matches is always decided by zod, never here.
 */
import { KafkaEventsPluginError } from '../../errors/plugin-error';
import type { Random } from './random';

type Node = (random: Random) => string;

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const CLASSES: Record<string, string[]> = {
  d: chars('0-9'),
  w: chars('A-Za-z0-9_'),
  s: [' ', '\t'],
};

function chars(ranges: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < ranges.length; i++) {
    if (ranges[i + 1] === '-' && i + 2 < ranges.length) {
      for (let c = ranges.charCodeAt(i); c <= ranges.charCodeAt(i + 2); c++) {
        out.push(String.fromCharCode(c));
      }
      i += 2;
    } else out.push(ranges[i]);
  }
  return out;
}

/** A pattern the sample generator cannot produce strings for; the caller skips that sample. */
export class UnsupportedPattern extends KafkaEventsPluginError {
  override name = 'UnsupportedPattern';
  constructor(message: string) {
    super('UNSUPPORTED_SAMPLE_PATTERN', message);
  }
}

export function patternGenerator(source: string): (random: Random) => string {
  let i = 0;
  const fail = (what: string): never => {
    throw new UnsupportedPattern(`/${source}/: ${what} at ${i}`);
  };

  const escapeSet = (): string[] => {
    const c = source[i + 1];
    i += 2;
    if (c === undefined) return fail('a trailing backslash');
    if (c in CLASSES) return CLASSES[c];
    if ('DWSbBk123456789'.includes(c)) return fail(`\\${c}`);
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      f: '\f',
      v: '\v',
      '0': '\0',
    };
    if (c in simple) return [simple[c]];
    if (c === 'x' || c === 'u') {
      const width = c === 'x' ? 2 : 4;
      const hex = source.slice(i, i + width);
      i += width;
      return [String.fromCharCode(parseInt(hex, 16))];
    }
    return [c];
  };

  const characterClass = (): string[] => {
    i += 1;
    const negated = source[i] === '^';
    if (negated) i += 1;
    const set: string[] = [];
    while (source[i] !== ']') {
      if (i >= source.length) fail('an unterminated class');
      const from = source[i] === '\\' ? escapeSet() : [source[i++]];
      if (source[i] === '-' && source[i + 1] !== ']' && from.length === 1) {
        i += 1;
        const to = source[i] === '\\' ? escapeSet() : [source[i++]];
        if (to.length !== 1) fail('a class escape as a range bound');
        for (let c = from[0].charCodeAt(0); c <= to[0].charCodeAt(0); c++) {
          set.push(String.fromCharCode(c));
        }
      } else set.push(...from);
    }
    i += 1;
    if (!negated) return set;
    return PRINTABLE.filter((c) => !set.includes(c));
  };

  const atom = (): Node => {
    const c = source[i];
    if (c === '(') {
      if (source.startsWith('(?:', i)) i += 3;
      else if (/^\(\?<[A-Za-z_$][\w$]*>/.test(source.slice(i))) i = source.indexOf('>', i) + 1;
      else if (source.startsWith('(?', i)) fail('a lookaround');
      else i += 1;
      const inner = alternation();
      if (source[i] !== ')') fail('an unclosed group');
      i += 1;
      return inner;
    }
    if (c === '^' || c === '$') {
      i += 1;
      return () => '';
    }
    let set: string[];
    if (c === '[') set = characterClass();
    else if (c === '\\') set = escapeSet();
    else if (c === '.') {
      i += 1;
      set = PRINTABLE;
    } else {
      i += 1;
      set = [c];
    }
    if (set.length === 0) fail('an empty class');
    return (random) => random.pick(set);
  };

  const quantified = (): Node => {
    const node = atom();
    let min = 1;
    let max = 1;
    const q = /^(?:[?*+]|\{(\d+)(?:(,)(\d*))?\})/.exec(source.slice(i));
    if (q) {
      i += q[0].length;
      if (q[0] === '?') [min, max] = [0, 1];
      else if (q[0] === '*') [min, max] = [0, 4];
      else if (q[0] === '+') [min, max] = [1, 4];
      else {
        min = Number(q[1]);
        max = q[2] ? (q[3] ? Number(q[3]) : min + 4) : min;
      }
      if (source[i] === '?') i += 1;
    }
    return (random) => {
      let out = '';
      for (let n = random.int(min, max); n > 0; n--) out += node(random);
      return out;
    };
  };

  const sequence = (): Node => {
    const nodes: Node[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') nodes.push(quantified());
    return (random) => nodes.map((node) => node(random)).join('');
  };

  const alternation = (): Node => {
    const branches = [sequence()];
    while (source[i] === '|') {
      i += 1;
      branches.push(sequence());
    }
    return (random) => random.pick(branches)(random);
  };

  const root = alternation();
  if (i !== source.length) fail('an unbalanced ")"');
  return root;
}
