'use strict';
const { compileCel, CelEvalError, CelSyntaxError } = require('./cel.cjs');

const event = { type: 'task.completed.v1', source: '/tasks', subject: 'abc-1', data: { payload: { priority: 'high', attempt: 2 } } };

describe('the CEL subset of route rules', () => {
  it.each([
    ['event.type == "task.completed.v1"', true],
    ["event.type == 'task.created.v1'", false],
    ['event.type != "task.created.v1"', true],
    ['event.type == "task.completed.v1" && event.source == "/tasks"', true],
    ['event.type == "x" || (event.source == "/tasks" && event.data.payload.priority == "high")', true],
    ['!(event.type == "task.completed.v1")', false],
    ['event.type.startsWith("task.") && event.type.endsWith(".v1") && event.subject.contains("c-")', true],
    ['event.data.payload.attempt >= 2 && event.data.payload.attempt < 3', true],
    ['has(event.subject) && !has(event.traceid)', true],
    ['event.type == 1', false],
    ['true', true],
  ])('%s -> %s', (rule, expected) => {
    expect(compileCel(rule)(event)).toBe(expected);
  });

  it('treats a missing field as an error that || and && absorb when the other side decides', () => {
    expect(() => compileCel('event.missing == "a"')(event)).toThrow(CelEvalError);
    expect(() => compileCel('event.missing == "a"')(event)).toThrow(/no such key: missing/);
    expect(compileCel('event.missing == "a" || event.type == "task.completed.v1"')(event)).toBe(true);
    expect(compileCel('event.missing == "a" && event.type == "nope"')(event)).toBe(false);
    expect(() => compileCel('event.type.startsWith(1)')(event)).toThrow(/no matching overload/);
    expect(() => compileCel('event.type')(event)).toThrow(/not a bool/);
  });

  it.each([
    ['event.type in ["a"]', /"in" operator is not supported/],
    ['foo == "a"', /unknown variable foo/],
    ['event.type == ', /unexpected end of expression/],
    ['event.type.matches("x")', /unsupported function matches\(\)/],
    ['size(event.type) > 1', /unsupported function size\(\)/],
    ['event.type == "a" == true', /cannot be chained/],
    ['event.type == "unterminated', /unterminated string literal/],
    ['event.type == "a" ? 1 : 2', /unsupported character "\?"/],
    ['(event.type == "a"', /expected "\)"/],
    ['', /empty expression/],
  ])('refuses %s with the position', (rule, message) => {
    expect(() => compileCel(rule)).toThrow(CelSyntaxError);
    expect(() => compileCel(rule)).toThrow(message);
  });
});
