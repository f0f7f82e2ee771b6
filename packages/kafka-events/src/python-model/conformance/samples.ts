/**
 * Payload samples generated from the field model of a payload module (specs only): many valid
 * ones (optional fields absent, null or set, defaults left out, lengths and numbers at their
 * bounds, every enum value, nested objects, arrays from empty to full, text with accents, CJK,
 * emoji, control characters) and invalid ones that break every constraint of every field at least
 * once (wrong JSON type, too short, too long, out of range, not an integer, unsafe integer, not
 * finite, bad uuid, bad datetime, unknown enum value, missing, null, too many or too few items,
 * a bad item, a bad nested field), plus unknown keys, which both sides must ignore.
 */
import type { Field, FieldMap } from '../../payload-model';
import { pythonFieldName } from '../python-names';
import { patternGenerator, UnsupportedPattern } from './pattern-strings';
import { RawNumber, type Random, type Wire } from './random';

/** A key left out of its object. */
export const ABSENT = Symbol('absent');
type Slot = Wire | typeof ABSENT;

export type Rule =
  | 'valid'
  | 'extra-field'
  | 'wrong-type'
  | 'null'
  | 'missing'
  | 'too-short'
  | 'too-long'
  | 'pattern'
  | 'below-min'
  | 'above-max'
  | 'not-integer'
  | 'unsafe-integer'
  | 'not-finite'
  | 'bad-uuid'
  | 'bad-datetime'
  | 'unknown-enum'
  | 'array-too-short'
  | 'array-too-long'
  | 'bad-item'
  // whole events
  | 'unknown-type'
  | 'other-payload'
  | 'bad-version'
  | 'not-an-object';

export interface Sample {
  /** What the sample is, for failure messages: `title: too long (201 UTF-16 code units)`. */
  label: string;
  /** The field it is about, items as `[]` (`tags[]`, `recurrence.interval`); '' for none. */
  field: string;
  rule: Rule;
  /**
   * What zod must answer (a check on this generator), or `zod` where the generator cannot know
   * (a mutated pattern string may still match): then only the two sides must agree.
   */
  expect: 'accept' | 'reject' | 'zod';
  value: Wire;
  /** JSON text to send instead of the value's (duplicate keys). */
  text?: string;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const EMOJI = '\u{1F600}';
const SPECIALS = [
  'é',
  'ß',
  'ñ',
  'ü',
  '中',
  '文',
  'キ',
  '"',
  '\\',
  '/',
  "'",
  '<',
  '&',
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u001f',
  '\u00a0',
  '\u2028',
  '\u200b',
  '\ufeff',
  EMOJI,
  '\u{1D11E}',
];
const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789   '];

export const BAD_UUIDS: readonly string[] = [
  'not-a-uuid',
  '',
  '3f0c3c39-6c1e-0c39-9d3c-2b8f4c1f8a10', // version 0
  '3f0c3c39-6c1e-9c39-9d3c-2b8f4c1f8a10', // version 9
  '3f0c3c39-6c1e-4c39-7d3c-2b8f4c1f8a10', // variant 0xxx
  '3f0c3c39-6c1e-4c39-cd3c-2b8f4c1f8a10', // variant 110x
  '3f0c3c396c1e4c399d3c2b8f4c1f8a10', // no hyphens
  '{3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10}',
  'urn:uuid:3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
  '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a1',
  '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a100',
  '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a1g',
  ' 3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
  '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10\n',
  '3f0c3c39_6c1e_4c39_9d3c_2b8f4c1f8a10',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', // the max uuid is lower case only
];

export const BAD_DATETIMES: readonly string[] = [
  '2026-11-27T12:15:30+02:00',
  '2026-11-27T10:15:30+00:00',
  '2026-11-27T04:45:30.123-05:30',
  '2026-11-27T10:15:30+0200',
  '2026-11-27T10:15:30', // naive
  '2026-11-27T10:15:30.123', // naive, with a fraction
  '2026-11-27', // a date only
  '10:15:30Z', // a time only
  '2026-02-30T10:15:30Z', // no such day
  '2023-02-29T10:15:30Z', // not a leap year
  '1900-02-29T10:15:30Z', // not a leap year either
  '2026-04-31T10:15:30Z',
  '2026-13-01T10:15:30Z',
  '2026-00-10T10:15:30Z',
  '2026-11-00T10:15:30Z',
  '2026-11-27T24:00:00Z',
  '2026-11-27T10:60:00Z',
  '2026-11-27T10:15:60Z', // a leap second
  '2026-11-27T10:15Z', // no seconds
  '2026-11-27T10:15:30.Z',
  '2026-11-27T10:15:30z',
  '2026-11-27t10:15:30Z',
  '2026-11-27 10:15:30Z',
  '20261127T101530Z',
  '2026-11-27T10:15:30,123Z',
  '+2026-11-27T10:15:30Z',
  '12026-11-27T10:15:30Z',
  '\u0662026-11-27T10:15:30Z', // an Arabic-Indic digit
  '2026-11-27T10:15:30Z ',
  'yesterday',
  '',
];

/** Where a violation goes: keys and item indexes below the payload. */
type Path = (string | number)[];

interface Violation {
  /** Where the slot goes. */
  at: Path;
  /** What is wrong where (an item inside the array the slot replaces). */
  place: Path;
  label: string;
  rule: Rule;
  slot: Slot;
  expect: Sample['expect'];
}

/** `['lines', 2, 'qty']` -> `lines[].qty` (the field), or `lines[2].qty` (the place). */
function fieldName(path: Path, places = false): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${places ? part : ''}]`;
    return out === '' ? part : `${out}.${part}`;
  }, '');
}

const show = (value: Wire): string => {
  if (value === ABSENT) return 'absent';
  if (value instanceof RawNumber) return value.text;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * The length zod's .min()/.max() measure: Unicode code points since colinhacks/zod#6441 (an emoji
 * is 1, as in Python's len; older zod 4 releases counted UTF-16 code units, an emoji 2).
 */
const codePoints = (text: string) => [...text].length;

export class PayloadSampler {
  constructor(private readonly random: Random) {}

  /** At least `minValid` valid payloads and every violation of every field, over random bases. */
  samples(fields: FieldMap, minValid: number): Sample[] {
    const valid = this.validSamples(fields, minValid);
    const invalid = this.violations(fields, []).map((violation): Sample => {
      const value = this.apply(this.payload(fields, true), violation.at, violation.slot);
      return {
        label: `${fieldName(violation.place, true)}: ${violation.label}`,
        field: fieldName(violation.place),
        rule: violation.rule,
        expect: violation.expect,
        value,
      };
    });
    return [...valid, ...invalid, ...this.extraFields(fields)];
  }

  /** A valid payload; `full` sets every optional field, so that every nested path exists. */
  payload(fields: FieldMap, full = false): Record<string, Wire> {
    const out: Record<string, Wire> = {};
    for (const [name, field] of Object.entries(fields)) {
      const slot = full ? this.value(field, true) : this.slot(field);
      if (slot !== ABSENT) out[name] = slot;
    }
    return out;
  }

  private slot(field: Field): Slot {
    if (field.optional && this.random.chance(0.2)) return null;
    if ((field.optional || field.default !== undefined) && this.random.chance(0.25)) return ABSENT;
    return this.value(field);
  }

  value(field: Field, full = false): Wire {
    const { random } = this;
    switch (field.kind) {
      case 'uuid':
        return this.uuid();
      case 'datetime':
        return this.datetime();
      case 'boolean':
        return random.chance(0.5);
      case 'enum':
        return random.pick(field.values);
      case 'int':
        return this.int(field.min, field.max);
      case 'number':
        return this.number(field.min, field.max);
      case 'string':
        return this.string(field);
      case 'array': {
        const length = this.length(field.min ?? 0, field.max, 5);
        return Array.from({ length }, () => this.value(field.of, full));
      }
      case 'object':
        return this.payload(field.fields, full);
    }
  }

  /** A length in [min, max], at a bound half of the time. */
  private length(min: number, max: number | undefined, spread: number): number {
    const top = max ?? min + spread;
    const roll = this.random.float();
    if (roll < 0.25) return min;
    if (roll < 0.5) return Math.min(top, 200);
    return this.random.int(min, Math.min(top, min + spread));
  }

  uuid(): string {
    const { random } = this;
    if (random.chance(0.03)) {
      return random.pick([
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ]);
    }
    const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
    hex[12] = String(random.int(1, 8));
    hex[16] = random.pick(['8', '9', 'a', 'b']);
    const text = hex.join('');
    const uuid = [0, 8, 12, 16, 20, 32]
      .slice(0, -1)
      .map((start, i) => text.slice(start, [8, 12, 16, 20, 32][i]))
      .join('-');
    const casing = random.float();
    if (casing < 0.7) return uuid;
    if (casing < 0.85) return uuid.toUpperCase();
    return [...uuid].map((c) => (random.chance(0.5) ? c.toUpperCase() : c)).join('');
  }

  datetime(): string {
    const { random } = this;
    // year 0000 is valid to zod but not to Python's datetime: a known difference, kept apart
    const year = random.chance(0.85) ? random.int(1970, 2099) : random.int(1, 9999);
    const month = random.int(1, 12);
    const day = random.int(1, daysIn(year, month));
    const fraction = random.chance(0.4)
      ? ''
      : `.${Array.from({ length: random.int(1, 9) }, () => random.int(0, 9)).join('')}`;
    const time = [random.int(0, 23), random.int(0, 59), random.int(0, 59)];
    return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time.map((n) => pad(n)).join(':')}${fraction}Z`;
  }

  private int(min = -MAX_SAFE, max = MAX_SAFE): Wire {
    const { random } = this;
    const roll = random.float();
    let n: number;
    if (roll < 0.2) n = min;
    else if (roll < 0.4) n = max;
    else {
      const low = Math.max(min, Math.min(-1000, max - 1000));
      n = random.int(low, Math.min(max, low + 2000));
    }
    const spelling = random.float();
    // JSON has one number type: 5.0 and 5e0 are the integer 5 on both sides
    if (spelling < 0.15) return new RawNumber(`${n}.0`);
    if (spelling < 0.25) return new RawNumber(n.toExponential());
    return n;
  }

  private number(min?: number, max?: number): Wire {
    const { random } = this;
    const low = min ?? (max !== undefined ? max - 1e6 : -1e6);
    const high = max ?? low + 2e6;
    const roll = random.float();
    let n: number;
    if (roll < 0.2) n = low;
    else if (roll < 0.4) n = high;
    else if (roll < 0.5) n = Math.round(low + random.float() * (high - low));
    else n = low + random.float() * (high - low);
    n = Math.min(high, Math.max(low, n));
    if (random.chance(0.2)) return new RawNumber(n.toExponential());
    return n;
  }

  private string(field: Extract<Field, { kind: 'string' }>): string {
    if (field.pattern !== undefined) return this.patternString(field);
    const min = field.min ?? 0;
    const max = field.max ?? (this.random.chance(0.1) ? 300 : 40);
    return this.text(this.length(min, max, 30));
  }

  /** A string of exactly `length` code points, emoji and control characters among them. */
  text(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += this.random.chance(0.75) ? this.random.pick(ALNUM) : this.random.pick(SPECIALS);
    }
    return out;
  }

  private patternString(field: Extract<Field, { kind: 'string' }>): string {
    let generate: ((random: Random) => string) | undefined;
    try {
      generate = patternGenerator(field.pattern!);
    } catch (error) {
      if (!(error instanceof UnsupportedPattern)) throw error;
    }
    const fits = (text: string) =>
      new RegExp(field.pattern!).test(text) &&
      codePoints(text) >= (field.min ?? 0) &&
      codePoints(text) <= (field.max ?? Infinity);
    for (let attempt = 0; generate && attempt < 50; attempt++) {
      const text = generate(this.random);
      if (fits(text)) return text;
    }
    if (typeof field.example === 'string' && fits(field.example)) return field.example;
    throw new Error(`no string matches /${field.pattern}/ within the length bounds`);
  }

  /** Payloads that give each field each of its interesting values, then random ones. */
  private validSamples(fields: FieldMap, minValid: number): Sample[] {
    const samples: Sample[] = [];
    for (const [name, field] of Object.entries(fields)) {
      for (const { label, slot } of this.interesting(field)) {
        samples.push({
          label: `${name}: ${label}`,
          field: name,
          rule: 'valid',
          expect: 'accept',
          value: this.apply(this.payload(fields), [name], slot),
        });
      }
    }
    while (samples.length < minValid) {
      samples.push({
        label: `random #${samples.length}`,
        field: '',
        rule: 'valid',
        expect: 'accept',
        value: this.payload(fields),
      });
    }
    samples.push({
      label: 'every optional field set',
      field: '',
      rule: 'valid',
      expect: 'accept',
      value: this.payload(fields, true),
    });
    return samples;
  }

  /** Values that must each be accepted at least once. */
  private interesting(field: Field): { label: string; slot: Slot }[] {
    const out: { label: string; slot: Slot }[] = [];
    const add = (label: string, slot: Slot) => out.push({ label, slot });
    if (field.optional) {
      add('absent', ABSENT);
      add('null', null);
    }
    if (field.default !== undefined) {
      if (!field.optional) add(`absent (default ${show(field.default)})`, ABSENT);
      add('the default, given', field.default);
    }
    switch (field.kind) {
      case 'uuid':
        add('nil uuid', '00000000-0000-0000-0000-000000000000');
        add('max uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
        add('upper case', '3F0C3C39-6C1E-4C39-9D3C-2B8F4C1F8A10');
        for (let version = 1; version <= 8; version++) {
          add(`version ${version}`, `3f0c3c39-6c1e-${version}c39-ad3c-2b8f4c1f8a10`);
        }
        break;
      case 'datetime':
        for (const value of [
          '2026-11-27T10:15:30Z',
          '2026-11-27T10:15:30.1Z',
          '2026-11-27T10:15:30.123Z',
          '2026-11-27T10:15:30.123456Z',
          '2026-11-27T10:15:30.123456789Z',
          '2024-02-29T00:00:00Z',
          '2000-02-29T23:59:59.999Z',
          '0001-01-01T00:00:00Z',
          '9999-12-31T23:59:59.999999Z',
        ]) {
          add(value, value);
        }
        break;
      case 'boolean':
        add('true', true);
        add('false', false);
        break;
      case 'enum':
        for (const value of field.values) add(value, value);
        break;
      case 'int': {
        const min = field.min ?? -MAX_SAFE;
        const max = field.max ?? MAX_SAFE;
        add(`the minimum ${min}`, min);
        add(`the maximum ${max}`, max);
        add(`${min}.0`, new RawNumber(`${min}.0`));
        add(`${max} as ${max.toExponential()}`, new RawNumber(max.toExponential()));
        if (min <= 0 && max >= 0) add('-0', new RawNumber('-0'));
        break;
      }
      case 'number': {
        const min = field.min ?? -1.7976931348623157e308;
        const max = field.max ?? 1.7976931348623157e308;
        add(`the minimum ${min}`, min);
        add(`the maximum ${max}`, max);
        const integer = Math.ceil(Math.max(min, -1e6));
        if (integer <= max) add('an integer', new RawNumber(String(integer)));
        if (min <= 5e-324 && max >= 5e-324) add('5e-324', new RawNumber('5e-324'));
        if (min <= 0 && max >= 0) add('-0', new RawNumber('-0'));
        break;
      }
      case 'string': {
        if (field.pattern !== undefined) {
          for (let i = 0; i < 3; i++) add('matching the pattern', this.string(field));
          break;
        }
        const min = field.min ?? 0;
        const max = field.max ?? 5000;
        add(`${min} characters (the minimum)`, this.text(min));
        add(`${max} characters (the maximum)`, 'x'.repeat(max));
        // an emoji is one code point but two UTF-16 code units (JavaScript's String length)
        add(`${max} emoji (the maximum)`, EMOJI.repeat(max));
        if (min >= 1) add(`${min} emoji (the minimum)`, EMOJI.repeat(min));
        const special = SPECIALS.join('');
        if (codePoints(special) <= max && codePoints(special) >= min)
          add('special characters', special);
        break;
      }
      case 'array': {
        const min = field.min ?? 0;
        add(
          `${min} items (the minimum)`,
          Array.from({ length: min }, () => this.value(field.of)),
        );
        if (field.max !== undefined) {
          const items = Array.from({ length: field.max }, () => this.value(field.of));
          add(`${field.max} items (the maximum)`, items);
        }
        if ((field.max ?? 1) >= 1) {
          for (const item of this.interesting(field.of)) {
            if (item.slot === ABSENT) continue;
            const items = Array.from({ length: Math.max(1, min) }, () => this.value(field.of));
            items[this.random.int(0, items.length - 1)] = item.slot;
            add(`an item ${item.label}`, items);
          }
        }
        break;
      }
      case 'object':
        for (const [name, nested] of Object.entries(field.fields)) {
          for (const item of this.interesting(nested)) {
            add(`${name} ${item.label}`, this.apply(this.payload(field.fields), [name], item.slot));
          }
        }
        break;
    }
    return out;
  }

  /** Every way to break a field (paths relative to the field map). */
  private violations(fields: FieldMap, at: Path): Violation[] {
    return Object.entries(fields).flatMap(([name, field]) =>
      this.fieldViolations(field, [...at, name]),
    );
  }

  private fieldViolations(field: Field, path: Path): Violation[] {
    const out: Violation[] = [];
    const add = (rule: Rule, label: string, slot: Slot, expect: Sample['expect'] = 'reject') =>
      out.push({
        at: path,
        place: path,
        rule,
        label: `${label} (${show(slot)})`,
        slot,
        expect,
      });
    for (const wrong of wrongTypes(field)) add('wrong-type', `a ${jsonType(wrong)}`, wrong);
    if (!field.optional) add('null', 'null for a field that is not nullish', null);
    if (!field.optional && field.default === undefined)
      add('missing', 'a required field left out', ABSENT);
    switch (field.kind) {
      case 'uuid':
        for (const bad of BAD_UUIDS) add('bad-uuid', 'not a uuid', bad);
        break;
      case 'datetime':
        for (const bad of BAD_DATETIMES) add('bad-datetime', 'not a UTC datetime', bad);
        break;
      case 'enum': {
        const first = field.values[0];
        const variants = [
          'unknown',
          '',
          `${first} `,
          first.toUpperCase(),
          first[0].toUpperCase() + first.slice(1),
        ];
        for (const bad of new Set(variants.filter((v) => !field.values.includes(v)))) {
          add('unknown-enum', 'not one of the values', bad);
        }
        break;
      }
      case 'int':
      case 'number': {
        const int = field.kind === 'int';
        if (field.min !== undefined) {
          add('below-min', 'below the minimum', field.min - 1);
          if (!int)
            add(
              'below-min',
              'just below the minimum',
              field.min - Math.max(1e-9, Math.abs(field.min) * 1e-12),
            );
        }
        if (field.max !== undefined) {
          add('above-max', 'above the maximum', field.max + 1);
          if (!int)
            add(
              'above-max',
              'just above the maximum',
              field.max + Math.max(1e-9, Math.abs(field.max) * 1e-12),
            );
        }
        if (int) {
          const inside = Math.max(field.min ?? 0, Math.min(field.max ?? 1, 1));
          add('not-integer', 'not an integer', inside + 0.5);
          add('not-integer', 'not an integer', new RawNumber(`${inside}.000001`));
          add('unsafe-integer', 'beyond Number.MAX_SAFE_INTEGER', new RawNumber(String(2 ** 53)));
          add(
            'unsafe-integer',
            'beyond -Number.MAX_SAFE_INTEGER',
            new RawNumber(String(-(2 ** 53))),
          );
          add('unsafe-integer', 'a huge integer', new RawNumber('1' + '0'.repeat(30)));
          add('unsafe-integer', 'a huge integer as 1e21', new RawNumber('1e21'));
        }
        add('not-finite', 'overflows to Infinity', new RawNumber('1e400'));
        add('not-finite', 'overflows to -Infinity', new RawNumber('-1e400'));
        break;
      }
      case 'string': {
        if (field.min !== undefined && field.min > 0) {
          add('too-short', 'too short', this.text(field.min - 1));
          if (field.min > 1) {
            // enough UTF-16 code units, too few code points
            add('too-short', 'too few code points', EMOJI.repeat(field.min - 1));
          }
        }
        if (field.max !== undefined) {
          add('too-long', 'too long', 'x'.repeat(field.max + 1));
          add('too-long', 'too long in emoji', EMOJI.repeat(field.max + 1));
        }
        if (field.pattern !== undefined) {
          const good = this.string(field);
          const mutations = [
            `${good}x`,
            `x${good}`,
            `${good}\n`,
            `\n${good}`,
            ` ${good}`,
            good.toLowerCase(),
            good.toUpperCase(),
            good.slice(1),
            good.slice(0, -1),
            good.replace(/[0-9]/, '\u0663'),
            good.replace(/[a-z]/i, 'é'),
            `${good}\u2028`,
            '',
          ];
          for (const bad of new Set(mutations.filter((m) => m !== good))) {
            add('pattern', 'a mutated pattern match', bad, 'zod');
          }
        }
        break;
      }
      case 'array': {
        const item = () => this.value(field.of, true);
        if (field.min !== undefined && field.min > 0) {
          add('array-too-short', 'too few items', Array.from({ length: field.min - 1 }, item));
        }
        if (field.max !== undefined) {
          add('array-too-long', 'too many items', Array.from({ length: field.max + 1 }, item));
        }
        if (field.max === 0) break;
        const length = Math.min(field.max ?? 3, Math.max(field.min ?? 0, 3));
        for (const bad of this.fieldViolations(field.of, [])) {
          if (bad.slot === ABSENT && bad.at.length === 0) continue;
          const items = Array.from({ length }, item);
          const index = this.random.int(0, length - 1);
          items[index] = this.apply(items[index], bad.at, bad.slot);
          out.push({
            at: path,
            place: [...path, index, ...bad.place],
            rule: 'bad-item',
            label: `a bad item: ${bad.label}`,
            slot: items,
            expect: bad.expect,
          });
        }
        break;
      }
      case 'object':
        out.push(...this.violations(field.fields, path));
        break;
    }
    return out;
  }

  /** Unknown keys at every level: zod strips them, Pydantic ignores them; both must accept. */
  private extraFields(fields: FieldMap): Sample[] {
    const samples: Sample[] = [];
    const add = (label: string, field: string, value: Wire) =>
      samples.push({ label, field, rule: 'extra-field', expect: 'accept', value });
    const extras = (map: FieldMap): [string, Wire][] => {
      const names = Object.keys(map);
      const list: [string, Wire][] = [
        ['extra_field', 'surprise'],
        ['EXTRA', { nested: [1, 2, 3] }],
        ['model_config', null],
        ['event_type', 'task.created.v1'],
      ];
      if (names.length > 0 && names[0] !== names[0].toUpperCase())
        list.push([names[0].toUpperCase(), 'x']);
      // a field's Python name where it differs from the wire name (`from_` for `from`)
      for (const [name, field] of Object.entries(map)) {
        const python = pythonFieldName(name);
        if (python !== name) list.push([python, this.value(field, true)]);
      }
      return list;
    };
    for (const [key, extra] of extras(fields)) {
      add(`an unknown key "${key}"`, '', { ...this.payload(fields), [key]: extra });
    }
    const nested = (map: FieldMap, path: Path) => {
      for (const [name, field] of Object.entries(map)) {
        const object = field.kind === 'array' ? field.of : field;
        if (object.kind !== 'object') continue;
        const where = field.kind === 'array' ? [...path, name, 0] : [...path, name];
        for (const [key, extra] of extras(object.fields)) {
          const base = this.payload(fields, true);
          const target = this.reach(base, where, fields);
          target[key] = extra;
          add(`an unknown key "${key}" in ${fieldName(where, true)}`, fieldName(where), base);
        }
        nested(object.fields, where);
      }
    };
    nested(fields, []);
    return samples;
  }

  /** The object at `path` in a full payload, giving an empty array its first item. */
  private reach(payload: Record<string, Wire>, path: Path, fields: FieldMap): Record<string, Wire> {
    let value: Wire = payload;
    let field: Field = { kind: 'object', fields };
    for (const part of path) {
      if (typeof part === 'number' && field.kind === 'array') {
        const items = value as Wire[];
        if (items.length === 0) items.push(this.value(field.of, true));
        field = field.of;
      } else if (field.kind === 'object') field = field.fields[part];
      value = (value as Record<string | number, Wire>)[part];
    }
    return value as Record<string, Wire>;
  }

  /** A copy of `value` with `slot` at `path` (ABSENT deletes the key). */
  apply(value: Wire, path: Path, slot: Slot): Wire {
    if (path.length === 0) return slot;
    const [head, ...rest] = path;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
      string | number,
      Wire
    >;
    if (rest.length === 0 && slot === ABSENT) delete copy[head];
    else copy[head] = this.apply(copy[head], rest, slot);
    return copy;
  }
}

function wrongTypes(field: Field): Wire[] {
  switch (field.kind) {
    case 'uuid':
    case 'datetime':
    case 'string':
    case 'enum':
      return [42, true, [], {}];
    case 'int':
    case 'number':
      return ['5', true, [5], {}];
    case 'boolean':
      return ['true', 1, 0, []];
    case 'array':
      return ['x', {}, 5, true];
    case 'object':
      return ['x', [], 5, true];
  }
}

function jsonType(value: Wire): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
