/**
 * Translates the source of a JavaScript regular expression (no flags, as zod's `.regex(/.../)`
 * tests it: unanchored) into a Python `re` pattern that accepts exactly the same strings under
 * `re.search`. The two dialects differ where it matters: `\d`, `\w`, `\s` and `\b` are ASCII (or
 * a fixed Unicode set) in JavaScript but Unicode-aware in Python, `.` excludes four line
 * terminators in JavaScript but only `\n` in Python, `$` also matches before a final newline in
 * Python, `{,n}` is a quantifier only in Python, and named groups are spelled differently.
 * Constructs without a faithful translation are refused with UnsupportedPatternError (the caller
 * names the field), never approximated.
 *
 * Known limit: without the `u` flag JavaScript matches UTF-16 code units, Python code points, so
 * `.` and negated classes see a character outside the Basic Multilingual Plane (an emoji) as two
 * characters in JavaScript and one in Python.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

export class UnsupportedPatternError extends KafkaEventsPluginError {
  override name = 'UnsupportedPatternError';
  constructor(message: string) {
    super('UNSUPPORTED_PATTERN', message);
  }
}

const WORD = 'A-Za-z0-9_';
/** JavaScript's `\s`: WhiteSpace and LineTerminator of ECMA-262. */
const SPACE =
  '\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const CLASS_ESCAPES: Record<string, string> = { d: '0-9', w: WORD, s: SPACE };
const NOT_WORD_BEFORE = `(?<![${WORD}])`;
const WORD_BEFORE = `(?<=[${WORD}])`;
const WORD_AFTER = `(?=[${WORD}])`;
const NOT_WORD_AFTER = `(?![${WORD}])`;
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\\n',
  r: '\\r',
  t: '\\t',
  f: '\\x0c',
  v: '\\x0b',
};

export function jsRegexToPython(source: string): string {
  let i = 0;
  let out = '';
  const refuse = (what: string): never => {
    throw new UnsupportedPatternError(
      `the pattern /${source}/ uses ${what}, which Python's re cannot match the same way`,
    );
  };

  /** An escape (after the backslash at `i`), shared by both contexts; advances `i`. */
  const escape = (inClass: boolean): string => {
    const c = source[i + 1];
    if (c === undefined) return refuse('a trailing backslash');
    i += 2;
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
    if (c === '0') {
      if (/[0-9]/.test(source[i] ?? '')) refuse('a legacy octal escape');
      return '\\x00';
    }
    if (/[1-9]/.test(c)) return refuse('a backreference');
    if (c === 'k') return refuse('a named backreference');
    if (c === 'x' && /^[0-9a-fA-F]{2}/.test(source.slice(i))) {
      i += 2;
      return `\\x${source.slice(i - 2, i)}`;
    }
    if (c === 'u' && /^[0-9a-fA-F]{4}/.test(source.slice(i))) {
      i += 4;
      return `\\u${source.slice(i - 4, i)}`;
    }
    if (c === 'c') {
      const letter = source[i];
      if (!letter || !/[A-Za-z]/.test(letter)) return refuse('a "\\c" escape without a letter');
      i += 1;
      return `\\x${(letter.charCodeAt(0) % 32).toString(16).padStart(2, '0')}`;
    }
    if (inClass && c === 'b') return '\\x08';
    if (c in CLASS_ESCAPES || c.toLowerCase() in CLASS_ESCAPES) {
      const set = CLASS_ESCAPES[c.toLowerCase()];
      const negated = c !== c.toLowerCase();
      if (!inClass) return `[${negated ? '^' : ''}${set}]`;
      if (negated) return refuse(`"\\${c}" inside a character class`);
      if (source[i] === '-' && source[i + 1] !== ']') refuse(`"\\${c}" as a range bound`);
      return set;
    }
    if (!inClass && c === 'b') {
      return `(?:${WORD_BEFORE}${NOT_WORD_AFTER}|${NOT_WORD_BEFORE}${WORD_AFTER})`;
    }
    if (!inClass && c === 'B') {
      return `(?:${WORD_BEFORE}${WORD_AFTER}|${NOT_WORD_BEFORE}${NOT_WORD_AFTER})`;
    }
    // identity escapes: a letter stands for itself (Python would read `\a` as BEL), punctuation
    // stays escaped (both read `\.` as a dot), anything else is the character itself
    if (/[A-Za-z]/.test(c)) return c;
    if (/[\x21-\x7e]/.test(c)) return `\\${c}`;
    return c;
  };

  const characterClass = (): string => {
    // at `[`
    if (source.startsWith('[^]', i)) {
      i += 3;
      return '(?s:.)';
    }
    if (source.startsWith('[]', i)) {
      i += 2;
      return '(?!)';
    }
    let text = '[';
    i += 1;
    if (source[i] === '^') {
      text += '^';
      i += 1;
    }
    for (;;) {
      const c = source[i];
      if (c === undefined) return refuse('an unterminated character class');
      if (c === ']') {
        i += 1;
        return `${text}]`;
      }
      if (c === '\\') text += escape(true);
      else {
        // Python warns about (and may one day read) nested sets and set operations
        text += '[&~|'.includes(c) ? `\\${c}` : c;
        i += 1;
      }
    }
  };

  const lookbehinds: number[] = [];
  const groups: ('lookbehind' | 'other')[] = [];
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') out += escape(false);
    else if (c === '[') out += characterClass();
    else if (c === '.') {
      out += '[^\\n\\r\\u2028\\u2029]';
      i += 1;
    } else if (c === '$') {
      out += '\\Z';
      i += 1;
    } else if (c === '(') {
      const named = /^\(\?<([A-Za-z_$][A-Za-z0-9_$]*)>/.exec(source.slice(i));
      if (named) {
        if (named[1].includes('$')) refuse('a group name with "$"');
        out += `(?P<${named[1]}>`;
        i += named[0].length;
        groups.push('other');
      } else if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
        out += source.slice(i, i + 4);
        i += 4;
        groups.push('lookbehind');
        lookbehinds.push(out.length);
      } else if (/^\(\?[:=!]/.test(source.slice(i))) {
        out += source.slice(i, i + 3);
        i += 3;
        groups.push('other');
      } else if (source.startsWith('(?', i)) {
        return refuse(`the group "${source.slice(i, i + 3)}"`);
      } else {
        out += '(';
        i += 1;
        groups.push('other');
      }
    } else if (c === ')') {
      if (groups.pop() === 'lookbehind') {
        const body = out.slice(lookbehinds.pop());
        // Python's lookbehind must have a fixed width; JavaScript's need not
        if (/[*+?{|]/.test(body.replace(/\\./g, ''))) refuse('a lookbehind of varying length');
      }
      out += ')';
      i += 1;
    } else if (c === '{') {
      const quantifier = /^\{[0-9]+(,[0-9]*)?\}/.exec(source.slice(i));
      out += quantifier ? quantifier[0] : '\\{';
      i += quantifier ? quantifier[0].length : 1;
    } else if (c === '}' || c === ']') {
      out += `\\${c}`;
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
