/**
 * A fast accept path compiled from a Zod schema, for the decoder's hot loop. Zod stays the only
 * source of truth: the compiler reads the schema's own definition (types, optionality, defaults,
 * enum values) and checks (bounds inline, formats with the schema's own regex, anything else by
 * calling Zod's check function), so only the per-field bookkeeping (result objects, issue arrays,
 * path prefixes) is left out. Each event schema becomes one generated module, as Zod's own object
 * parser is generated code: literal property names keep reads monomorphic and leaf tests are
 * inlined into the object's function instead of being closures called per field.
 *
 * It only decides "accept, with this output" (deep-frozen as it is built) or "don't know": on
 * REJECT the caller runs Zod, whose answer (and error list) is final. A schema using anything
 * outside the subset below compiles to `undefined` and is always parsed by Zod; so does every
 * schema where code cannot be generated (a CSP without eval). fast-parse.property.spec.ts proves
 * decisions and outputs equal to Zod's on generated valid and invalid events.
 *
 * `owned`: the caller made the input (JSON.parse) and hands it over. Then an object or array whose
 * output would equal it (same values, keys in schema order, nothing stripped or defaulted) is
 * frozen and returned as it is instead of being copied: no second object per event.
 */
import type { z } from 'zod';
import { deepFreeze } from './deep-freeze';
import { checksTest, leafTest, type Test } from './fast-parse-checks';
import type { SchemaInternals } from './zod-internals';

/** What a compiled parser returns for input it does not accept. */
export const REJECT: unique symbol = Symbol('fast-parse reject');
export type FastParse = (input: unknown, owned?: boolean) => unknown;

/** In an object's generated code: the field adds no key to the output. */
const SKIP = Symbol('fast-parse skip');

/** How generated code applies a compiled schema: an inline test (output = input) or a call. */
type Node = { test: Test } | Call;
type Call = { call: string };

/** Compiles `schema`, or returns undefined when it uses anything outside the supported subset. */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  const program = new Program();
  const root = program.compile((schema as unknown as { _zod: SchemaInternals })._zod);
  return root && program.link(root);
}

class Program {
  private readonly values: unknown[] = [];
  private readonly functions: string[] = [];

  /** A name for `value` in the generated module. */
  readonly ref = (value: unknown): string => {
    let index = this.values.indexOf(value);
    if (index === -1) index = this.values.push(value) - 1;
    return `r${index}`;
  };

  /** Adds `function fN(input, owned) { body }` to the module and returns a node calling it. */
  define(body: string): Call {
    const name = `f${this.functions.length}`;
    this.functions.push(`function ${name}(input, owned) {\n${body}\n}`);
    return { call: name };
  }

  /** An expression giving the output of `node` for `value`, or REJECT. */
  apply(node: Node, value: string): string {
    return 'test' in node
      ? `(${node.test(value)} ? ${value} : REJECT)`
      : `${node.call}(${value}, owned)`;
  }

  link(root: Node): FastParse | undefined {
    const entry = 'call' in root ? root : this.define(`return ${this.apply(root, 'input')};`);
    const source = [
      ...this.values.map((_, index) => `const r${index} = refs[${index}];`),
      ...this.functions,
      `return (input, owned) => ${entry.call}(input, owned === true);`,
    ].join('\n');
    try {
      return new Function('refs', 'REJECT', 'SKIP', 'deepFreeze', source)(
        this.values,
        REJECT,
        SKIP,
        deepFreeze,
      ) as FastParse;
    } catch {
      return undefined;
    }
  }

  compile(zod: SchemaInternals): Node | undefined {
    const type = zod.def.coerce ? undefined : this.compileType(zod);
    const checks = checksTest(zod, this.ref);
    if (type === undefined || checks === undefined) return undefined;
    if (checks === null) return type;
    if ('test' in type) return { test: (v) => `(${type.test(v)} && ${checks(v)})` };
    return this.define(`const output = ${type.call}(input, owned);
      return output === REJECT || !(${checks('output')}) ? REJECT : output;`);
  }

  private compileType(zod: SchemaInternals): Node | undefined {
    const test = leafTest(zod, this.ref);
    if (test !== undefined) return { test };
    const { def } = zod;
    switch (def.type) {
      case 'nullable':
        return this.compileNullable(def.innerType!._zod);
      case 'optional':
        return this.compileOptional(zod);
      case 'default':
        return this.compileDefault(zod);
      case 'array':
        return this.compileArray(def.element!._zod);
      case 'object':
        return this.compileObject(zod);
      default:
        return undefined;
    }
  }

  private compileNullable(innerSchema: SchemaInternals): Node | undefined {
    const inner = this.compile(innerSchema);
    if (inner === undefined) return undefined;
    if ('test' in inner) return { test: (v) => `(${v} === null || ${inner.test(v)})` };
    return this.define(`return input === null ? null : ${inner.call}(input, owned);`);
  }

  private compileOptional({ def, traits }: SchemaInternals): Node | undefined {
    const innerSchema = def.innerType!._zod;
    const inner = this.compile(innerSchema);
    // exactOptional passes everything to its inner schema; optional returns undefined as is unless
    // its inner schema substitutes a default, whose failure then reads as undefined.
    if (inner === undefined || traits.has('$ZodExactOptional')) return inner;
    if (innerSchema.optin !== 'defaulted') {
      if ('test' in inner) return { test: (v) => `(${v} === undefined || ${inner.test(v)})` };
      return this.define(`return input === undefined ? undefined : ${inner.call}(input, owned);`);
    }
    return this.define(`if (input !== undefined) return ${this.apply(inner, 'input')};
      const output = ${this.apply(inner, 'undefined')};
      return output === REJECT ? undefined : output;`);
  }

  private compileDefault({ def }: SchemaInternals): Node | undefined {
    const inner = this.compile(def.innerType!._zod);
    if (inner === undefined) return undefined;
    // `defaultValue` is a getter that returns a fresh copy each time, as Zod reads it.
    const fallback = `deepFreeze(${this.ref(def)}.defaultValue)`;
    return this.define(`if (input === undefined) return ${fallback};
      const output = ${this.apply(inner, 'input')};
      return output === undefined ? ${fallback} : output;`);
  }

  private compileArray(elementSchema: SchemaInternals): Node | undefined {
    const element = this.compile(elementSchema);
    if (element === undefined) return undefined;
    const head = `if (!Array.isArray(input)) return REJECT;
      const length = input.length;`;
    if ('test' in element) {
      return this.define(`${head}
        const output = owned ? input : new Array(length);
        for (let i = 0; i < length; i++) {
          const value = input[i];
          if (!(${element.test('value')})) return REJECT;
          if (!owned) output[i] = value;
        }
        return Object.freeze(output);`);
    }
    return this.define(`${head}
      const output = new Array(length);
      let same = owned;
      for (let i = 0; i < length; i++) {
        const value = input[i];
        const item = ${element.call}(value, owned);
        if (item === REJECT) return REJECT;
        if (item !== value) same = false;
        output[i] = item;
      }
      return Object.freeze(same ? input : output);`);
  }

  /** z.object with the default unknown-key handling (strip), string keys only. */
  private compileObject({ def }: SchemaInternals): Node | undefined {
    const shape = def.shape!;
    if (def.catchall !== undefined || Object.getOwnPropertySymbols(shape).length > 0)
      return undefined;
    const keys = Object.keys(shape);
    const steps: string[] = [];
    let mayskip = false;
    for (const [index, key] of keys.entries()) {
      const field = shape[key]!._zod;
      const node = this.compile(field);
      // Zod never writes `__proto__` into its output; rather than mirror that, leave it to Zod.
      if (node === undefined || key === '__proto__') return undefined;
      steps.push(this.fieldStep(`v${index}`, JSON.stringify(key), node, field));
      mayskip ||= field.optin !== undefined;
    }
    const names = keys.map((key) => JSON.stringify(key));
    const build = mayskip
      ? `const output = {};
        ${names.map((name, i) => `if (v${i} !== SKIP) output[${name}] = v${i};`).join('\n')}`
      : `const output = { ${names.map((name, i) => `${name}: v${i}`).join(', ')} };`;
    return this.define(`if (typeof input !== 'object' || input === null || Array.isArray(input))
        return REJECT;
      let same = owned;
      ${steps.join('\n')}
      if (same) {
        ${keysInOrder(this.ref(keys))}
        if (same) return Object.freeze(input);
      }
      ${build}
      return Object.freeze(output);`);
  }

  /**
   * One field of Zod's handlePropertyResult, specialised for the field's optin/optout. A key is
   * present when `key in input` (inherited too, as in Zod); a read that is not undefined implies
   * it. Any output other than the input value itself, or a key added, rules out reuse (`same`).
   */
  private fieldStep(v: string, name: string, node: Node, field: SchemaInternals): string {
    const present =
      'test' in node
        ? `if (!(${node.test(v)})) return REJECT;`
        : `const parsed = ${node.call}(${v}, owned);
           if (parsed === REJECT) return REJECT;
           if (parsed !== ${v}) { same = false; ${v} = parsed; }`;
    const { optin, optout } = field;
    // Absent: an optional-out field adds nothing (a failing default is dropped, as Zod drops it);
    // otherwise its parse of undefined must succeed, and a defaulted field keeps even undefined.
    const absent =
      optin === undefined
        ? 'return REJECT;'
        : optout === 'optional'
          ? optin === 'optional'
            ? `${v} = SKIP;`
            : `${v} = ${this.apply(node, 'undefined')};
               if (${v} === REJECT || ${v} === undefined) ${v} = SKIP; else same = false;`
          : `${v} = ${this.apply(node, 'undefined')};
             if (${v} === REJECT) return REJECT;
             if (${v} === undefined && ${optin !== 'defaulted'}) ${v} = SKIP; else same = false;`;
    return `let ${v} = input[${name}];
      if (${v} !== undefined || ${name} in input) { ${present} } else { ${absent} }`;
  }
}

/**
 * Sets `same` to whether the input's own keys are the schema's (named by `keys`), in its order,
 * absent optional ones left out: then the output of the fields read above is the input itself.
 */
function keysInOrder(keys: string): string {
  return `let k = 0;
    for (const key in input) {
      while (k < ${keys}.length && ${keys}[k] !== key) k++;
      if (k++ === ${keys}.length) { same = false; break; }
    }`;
}
