'use strict';
/**
 * The subset of CEL (github.com/google/cel-spec) that Dapr users write in subscription route
 * rules, evaluated over the CloudEvent as `event`:
 *
 *   event.type == "task.completed.v1"
 *   event.type != "task.deleted.v1" && (event.source == "/tasks" || event.data.priority == "high")
 *   !event.type.startsWith("task.") || event.type.endsWith(".v2") || event.subject.contains("x")
 *
 * Supported: string (double/single quoted, \-escapes), int, double, bool and null literals;
 * member access on maps (`event.data.priority`); `==`, `!=`, `<`, `<=`, `>`, `>=`; `!`, `&&`,
 * `||`; parentheses; the string methods startsWith, endsWith, contains; `has(event.x)`.
 * Not supported (a clear error at load time): `in`, lists and maps literals, arithmetic, the
 * ternary operator, `matches`, `size` and other functions, index access `a["b"]`.
 *
 * Evaluation follows CEL where it matters for routing: a missing key or a type mismatch is an
 * error, `&&`/`||` absorb an error when the other side decides the result, and a rule whose
 * evaluation ends in an error does not match (the stand-in logs it and tries the next rule).
 */

class CelSyntaxError extends Error {
  constructor(expression, position, message) {
    super(`CEL ${JSON.stringify(expression)} at ${position}: ${message}`);
    this.name = 'CelSyntaxError';
  }
}

class CelEvalError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CelEvalError';
  }
}

const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.', ','];
const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

function tokenize(expression) {
  const tokens = [];
  let i = 0;
  const fail = (message) => {
    throw new CelSyntaxError(expression, i, message);
  };
  while (i < expression.length) {
    const ch = expression[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i++;
      let value = '';
      while (expression[i] !== ch) {
        if (i >= expression.length) {
          i = start;
          fail('unterminated string literal');
        }
        if (expression[i] === '\\') {
          const escaped = ESCAPES[expression[i + 1]];
          if (escaped === undefined) fail(`unsupported escape \\${expression[i + 1] ?? ''}`);
          value += escaped;
          i += 2;
        } else value += expression[i++];
      }
      i++;
      tokens.push({ kind: 'literal', value, position: start });
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(expression.slice(i));
    if (number) {
      tokens.push({ kind: 'literal', value: Number(number[0]), position: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i));
    if (word) {
      const text = word[0];
      if (text === 'true' || text === 'false') tokens.push({ kind: 'literal', value: text === 'true', position: i });
      else if (text === 'null') tokens.push({ kind: 'literal', value: null, position: i });
      else if (text === 'in') fail('the "in" operator is not supported by this CEL subset');
      else tokens.push({ kind: 'ident', value: text, position: i });
      i += text.length;
      continue;
    }
    const op = PUNCTUATION.find((p) => expression.startsWith(p, i));
    if (!op) fail(`unsupported character ${JSON.stringify(ch)}`);
    tokens.push({ kind: 'op', value: op, position: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', value: '', position: expression.length });
  return tokens;
}

const METHODS = new Set(['startsWith', 'endsWith', 'contains']);

/** Recursive descent over: or -> and -> comparison -> unary -> postfix -> primary. */
function parse(expression) {
  const tokens = tokenize(expression);
  let index = 0;
  const peek = () => tokens[index];
  const fail = (message, token = peek()) => {
    throw new CelSyntaxError(expression, token.position, message);
  };
  const isOp = (value) => peek().kind === 'op' && peek().value === value;
  const expect = (value) => {
    if (!isOp(value)) fail(`expected "${value}", found ${peek().kind === 'end' ? 'the end' : JSON.stringify(peek().value)}`);
    index++;
  };

  function orExpr() {
    let node = andExpr();
    while (isOp('||')) {
      index++;
      node = { type: 'or', left: node, right: andExpr() };
    }
    return node;
  }
  function andExpr() {
    let node = comparison();
    while (isOp('&&')) {
      index++;
      node = { type: 'and', left: node, right: comparison() };
    }
    return node;
  }
  function comparison() {
    const left = unary();
    const token = peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      index++;
      const right = unary();
      if (peek().kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(peek().value)) {
        fail('comparisons cannot be chained; use && between them');
      }
      return { type: 'compare', op: token.value, left, right };
    }
    return left;
  }
  function unary() {
    if (isOp('!')) {
      index++;
      return { type: 'not', operand: unary() };
    }
    return postfix();
  }
  function postfix() {
    let node = primary();
    while (isOp('.')) {
      index++;
      const name = peek();
      if (name.kind !== 'ident') fail('expected a field or method name after "."');
      index++;
      if (isOp('(')) {
        if (!METHODS.has(name.value)) fail(`unsupported function ${name.value}(); supported: ${[...METHODS].join(', ')}`, name);
        index++;
        const argument = orExpr();
        if (isOp(',')) fail(`${name.value}() takes one argument`);
        expect(')');
        node = { type: 'method', name: name.value, target: node, argument };
      } else node = { type: 'member', target: node, name: name.value };
    }
    if (isOp('(')) fail('only the methods startsWith, endsWith and contains can be called');
    return node;
  }
  function primary() {
    const token = peek();
    if (token.kind === 'literal') {
      index++;
      return { type: 'literal', value: token.value };
    }
    if (isOp('(')) {
      index++;
      const node = orExpr();
      expect(')');
      return node;
    }
    if (token.kind === 'ident') {
      index++;
      if (token.value === 'has' && isOp('(')) {
        index++;
        const target = postfix();
        if (target.type !== 'member') fail('has() takes a field selection such as event.subject', token);
        expect(')');
        return { type: 'has', target };
      }
      if (isOp('(')) fail(`unsupported function ${token.value}(); supported: has() and the methods ${[...METHODS].join(', ')}`, token);
      if (token.value !== 'event') fail(`unknown variable ${token.value}; Dapr rules read the CloudEvent as "event"`, token);
      return { type: 'variable' };
    }
    fail(token.kind === 'end' ? 'unexpected end of expression' : `unexpected ${JSON.stringify(token.value)}`);
  }

  const ast = orExpr();
  if (peek().kind !== 'end') fail(`unexpected ${JSON.stringify(peek().value)}`);
  return ast;
}

const typeName = (value) => (value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'map' : typeof value);

function evaluate(node, event) {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'variable':
      return event;
    case 'member': {
      const target = evaluate(node.target, event);
      if (typeName(target) !== 'map') throw new CelEvalError(`cannot select "${node.name}" from a ${typeName(target)}`);
      if (!Object.prototype.hasOwnProperty.call(target, node.name)) throw new CelEvalError(`no such key: ${node.name}`);
      return target[node.name];
    }
    case 'has': {
      const target = evaluate(node.target.target, event);
      if (typeName(target) !== 'map') throw new CelEvalError(`has(): cannot select "${node.target.name}" from a ${typeName(target)}`);
      return Object.prototype.hasOwnProperty.call(target, node.target.name);
    }
    case 'method': {
      const target = evaluate(node.target, event);
      const argument = evaluate(node.argument, event);
      if (typeof target !== 'string' || typeof argument !== 'string') {
        throw new CelEvalError(`no matching overload for ${typeName(target)}.${node.name}(${typeName(argument)})`);
      }
      return target[node.name === 'contains' ? 'includes' : node.name](argument);
    }
    case 'not': {
      const value = evaluate(node.operand, event);
      if (typeof value !== 'boolean') throw new CelEvalError(`no matching overload for !${typeName(value)}`);
      return !value;
    }
    case 'compare': {
      const left = evaluate(node.left, event);
      const right = evaluate(node.right, event);
      // CEL's heterogeneous equality: values of different types are simply not equal.
      if (node.op === '==') return typeName(left) === typeName(right) && JSON.stringify(left) === JSON.stringify(right);
      if (node.op === '!=') return !(typeName(left) === typeName(right) && JSON.stringify(left) === JSON.stringify(right));
      if (typeName(left) !== typeName(right) || !['string', 'number'].includes(typeName(left))) {
        throw new CelEvalError(`no matching overload for ${typeName(left)} ${node.op} ${typeName(right)}`);
      }
      return { '<': left < right, '<=': left <= right, '>': left > right, '>=': left >= right }[node.op];
    }
    case 'and':
    case 'or': {
      // Commutative short-circuit: an error on one side is absorbed when the other decides.
      const decisive = node.type === 'or';
      const side = (child) => {
        try {
          const value = evaluate(child, event);
          if (typeof value !== 'boolean') return new CelEvalError(`no matching overload for ${typeName(value)} ${node.type === 'or' ? '||' : '&&'}`);
          return value;
        } catch (error) {
          if (error instanceof CelEvalError) return error;
          throw error;
        }
      };
      const left = side(node.left);
      if (left === decisive) return decisive;
      const right = side(node.right);
      if (right === decisive) return decisive;
      if (left instanceof CelEvalError) throw left;
      if (right instanceof CelEvalError) throw right;
      return !decisive;
    }
    default:
      throw new Error(`unknown node ${node.type}`);
  }
}

/**
 * Compiles a rule once (syntax errors throw CelSyntaxError naming the position); the result
 * evaluates an event to true/false and throws CelEvalError for a missing key or a type error.
 */
function compileCel(expression) {
  if (typeof expression !== 'string' || expression.trim() === '') throw new CelSyntaxError(String(expression), 0, 'empty expression');
  const ast = parse(expression);
  return function matches(event) {
    const value = evaluate(ast, event);
    if (typeof value !== 'boolean') throw new CelEvalError(`rule ${JSON.stringify(expression)} gave a ${typeName(value)}, not a bool`);
    return value;
  };
}

module.exports = { compileCel, CelSyntaxError, CelEvalError };
