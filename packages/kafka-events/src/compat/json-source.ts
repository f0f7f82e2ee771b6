/**
 * A small JSON parser that also records where every value sits, so a difference's JSON pointer
 * can be shown as file:line. Written by hand rather than parsing JSON as YAML with `yaml`'s
 * LineCounter: it accepts exactly JSON (YAML would also take comments, single quotes, ...), needs
 * one pass, and its syntax errors carry a line and column too.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';
import { appendPointer, pointerTokens, escapeToken } from './json-pointer';
import { MAX_SCHEMA_DEPTH, SchemaLimitError } from './limits';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** Pointer (`#/properties/a`) -> where its member key (or, for array items and the root, its value) starts. */
  positions: Map<string, SourcePosition>;
}

export class JsonSyntaxError extends KafkaEventsPluginError {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('JSON_SYNTAX', `${message} at line ${line} column ${column}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Record<string, unknown> = { true: true, false: false, null: null };

class Scanner {
  private index = 0;
  private readonly lineStarts: number[] = [0];
  readonly positions = new Map<string, SourcePosition>();

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    if (text.charCodeAt(0) === 0xfeff) this.index = 1; // byte order mark
  }

  position(offset = this.index): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  fail(message: string, offset = this.index): never {
    const { line, column } = this.position(offset);
    throw new JsonSyntaxError(message, line, column);
  }

  parseDocument(): unknown {
    const value = this.value('#', 1);
    this.whitespace();
    if (this.index < this.text.length)
      this.fail(`unexpected ${JSON.stringify(this.text[this.index])} after the JSON value`);
    return value;
  }

  private whitespace(): void {
    while (this.index < this.text.length && ' \t\n\r'.includes(this.text[this.index])) this.index++;
  }

  /** `depth`: how many objects/arrays the value sits in, plus one; checked before descending. */
  private value(pointer: string, depth: number): unknown {
    this.whitespace();
    if (!this.positions.has(pointer)) this.positions.set(pointer, this.position());
    const char = this.text[this.index];
    if (char === undefined) this.fail('unexpected end of JSON');
    if ((char === '{' || char === '[') && depth > MAX_SCHEMA_DEPTH) {
      const { line, column } = this.position();
      throw new SchemaLimitError(
        `nested deeper than ${MAX_SCHEMA_DEPTH} levels of objects/arrays (the limit) at line ${line} column ${column}`,
      );
    }
    if (char === '{') return this.object(pointer, depth);
    if (char === '[') return this.array(pointer, depth);
    if (char === '"') return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    for (const [word, literal] of Object.entries(LITERALS)) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return literal;
      }
    }
    return this.fail(`unexpected ${JSON.stringify(char)}`);
  }

  private expect(char: string): void {
    this.whitespace();
    if (this.text[this.index] !== char)
      this.fail(
        this.index >= this.text.length
          ? 'unexpected end of JSON'
          : `expected ${JSON.stringify(char)} but found ${JSON.stringify(this.text[this.index])}`,
      );
    this.index++;
  }

  private peek(char: string): boolean {
    this.whitespace();
    return this.text[this.index] === char;
  }

  private object(pointer: string, depth: number): Record<string, unknown> {
    this.index++;
    const result: Record<string, unknown> = {};
    if (this.peek('}')) {
      this.index++;
      return result;
    }
    for (;;) {
      this.whitespace();
      const keyAt = this.position();
      if (this.text[this.index] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      const member = `${pointer}/${escapeToken(key)}`;
      this.positions.set(member, keyAt); // the key's line is where a reader looks for the member
      this.expect(':');
      Object.defineProperty(result, key, {
        value: this.value(member, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (this.peek(',')) {
        this.index++;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private array(pointer: string, depth: number): unknown[] {
    this.index++;
    const result: unknown[] = [];
    if (this.peek(']')) {
      this.index++;
      return result;
    }
    for (;;) {
      result.push(this.value(appendPointer(pointer, result.length), depth + 1));
      if (this.peek(',')) {
        this.index++;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private string(): string {
    const start = this.index;
    this.index++;
    while (this.index < this.text.length && this.text[this.index] !== '"') {
      const code = this.text.charCodeAt(this.index);
      if (code < 0x20) this.fail('control character in string');
      this.index += this.text[this.index] === '\\' ? 2 : 1;
    }
    if (this.index >= this.text.length) this.fail('unterminated string', start);
    this.index++;
    try {
      return JSON.parse(this.text.slice(start, this.index)) as string; // decodes escapes exactly
    } catch {
      return this.fail('invalid escape in string', start);
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.index;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.index += match[0].length;
    return Number(match[0]);
  }
}

export function parseJsonWithPositions(text: string): ParsedJson {
  const scanner = new Scanner(text);
  const value = scanner.parseDocument();
  return { value, positions: scanner.positions };
}

/** Where `pointer` is in the text; for a pointer that does not exist, its nearest existing parent. */
export function locatePointer(parsed: ParsedJson, pointer: string): SourcePosition {
  const tokens = pointerTokens(pointer);
  for (let length = tokens.length; length >= 0; length--) {
    const found = parsed.positions.get(appendPointer('#', ...tokens.slice(0, length)));
    if (found) return found;
  }
  return { line: 1, column: 1 };
}
