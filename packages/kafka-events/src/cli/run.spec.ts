import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS_HELP, MAX_SCHEMA_DEPTH } from '../compat/limits';
import { GitCommandError } from '../contract/git';
import { DEBUG_ENV } from './failure';
import { run } from './run';

function runCli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

const v1 = z.object({
  task_id: z.uuid(),
  title: z.string().min(1).max(200),
  priority: z.enum(['low', 'medium', 'high']),
});

describe('kafka-events compat', () => {
  let dir: string;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-events-compat-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints a summary when compatible', () => {
    const previous = file('task.created.v1.json', z.toJSONSchema(v1));
    const next = file('next.json', z.toJSONSchema(v1.extend({ due: z.iso.datetime().optional() })));
    const result = runCli(['compat', previous, next]);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([
      `compatible (BACKWARD): ${next} against 1 previous version, 1 compatible difference`,
    ]);
  });

  it('exits 1 with file:line, code, path, explanation and hint per incompatible difference', () => {
    const previous = file('task.created.v1.json', z.toJSONSchema(v1));
    const next = file(
      'task.created.v1.new.json',
      z.toJSONSchema(v1.extend({ title: z.string().min(1).max(100) })),
    );
    // `maxLength` of title is on line 13 of the pretty-printed new schema.
    const result = runCli(['compat', previous, next]);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      `${next}:13: MAX_LENGTH_DECREASED #/properties/title/maxLength: maxLength is 200 in the previous schema (task.created.v1.json) and 100 in the new schema (hint: keep maxLength at 200 (or looser), or publish a new event version instead)`,
      `INCOMPATIBLE (BACKWARD): 1 incompatible difference in ${next} against 1 previous version`,
    ]);
  });

  it('suggests the next event version from a versioned file name and points removals at the previous file', () => {
    const previous = file('old.json', z.toJSONSchema(v1.extend({ note: z.string().optional() })));
    const next = file('task.created.v1.json', z.toJSONSchema(v1));
    const result = runCli(['compat', previous, next]);
    expect(result.code).toBe(1);
    expect(result.lines[0]).toBe(
      `${previous}:23: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/note: property 'note' is in the previous schema (old.json) but not in the new schema, whose content model is closed (additionalProperties: false): documents that carry it are rejected (hint: keep 'note' (making it optional is fine), or publish task.created.v2 instead)`,
    );
  });

  it('lists compatible differences with --verbose and honours --mode', () => {
    const previous = file('v1.json', z.toJSONSchema(v1));
    const next = file(
      'v2.json',
      z.toJSONSchema(v1.extend({ priority: z.enum(['low', 'medium', 'high', 'urgent']) })),
    );
    const backward = runCli(['compat', previous, next, '--verbose']);
    expect(backward.code).toBe(0);
    expect(backward.lines[0]).toMatch(
      new RegExp(
        `^${next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:17: ENUM_ARRAY_EXTENDED #/properties/priority/enum: .* \\(compatible\\)$`,
      ),
    );
    const forward = runCli(['compat', previous, next, '--mode', 'forward']);
    expect(forward.code).toBe(1);
    expect(forward.lines[0]).toContain(
      `${previous}:17: ENUM_ARRAY_NARROWED #/properties/priority/enum`,
    );
    expect(forward.lines.at(-1)).toBe(
      `INCOMPATIBLE (FORWARD): 1 incompatible difference in ${next} against 1 previous version`,
    );
  });

  it('checks every previous version in transitive modes', () => {
    const open = (props: Record<string, unknown>) => ({ type: 'object', properties: props });
    const a = file('a.json', open({ x: { type: 'string' } }));
    const b = file('b.json', open({}));
    const c = file('c.json', open({ x: { type: 'number' } }));
    expect(runCli(['compat', a, b, c, '-m', 'FORWARD']).code).toBe(0);
    const transitive = runCli(['compat', a, b, c, '-m', 'FORWARD_TRANSITIVE']);
    expect(transitive.code).toBe(1);
    // FORWARD reads new data with the old schema, so the type it disagrees with is a.json's (line 5).
    expect(transitive.lines[0]).toMatch(
      /a\.json:5: TYPE_CHANGED #\/properties\/x\/type: type is number in the new schema but string in the previous schema \(a\.json\)/,
    );
  });

  it('prints a JSON report with --json', () => {
    const previous = file('v1.json', z.toJSONSchema(v1));
    const next = file('v2.json', z.toJSONSchema(v1.extend({ title: z.string().min(1).max(100) })));
    const result = runCli(['compat', previous, next, '--json', '--mode', 'FULL']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ compatible: false, mode: 'FULL', next, previous: [previous] });
    expect(
      report.results.map((r: { direction: string; compatible: boolean }) => [
        r.direction,
        r.compatible,
      ]),
    ).toEqual([
      ['backward', false],
      ['forward', true],
    ]);
    expect(report.results[0].differences[0]).toMatchObject({
      code: 'MAX_LENGTH_DECREASED',
      path: '#/properties/title/maxLength',
      compatible: false,
      file: next,
      line: 13,
      column: 7,
      schema: 'next',
    });
  });

  it.each([
    [['compat'], 'compat needs at least 2 files'],
    [
      ['compat', 'only.json'],
      'compat needs at least 2 files (previous versions, then the new schema), got 1',
    ],
    [
      ['compat', 'a.json', 'b.json', '--mode', 'SIDEWAYS'],
      'unknown --mode "SIDEWAYS" (expected one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD',
    ],
    [['compat', 'a.json', 'b.json', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['deploy'], 'unknown command "deploy"'],
  ])('exits 2 on bad usage %j', (argv, message) => {
    const result = runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 naming the file that is unreadable, invalid JSON or not a schema', () => {
    const good = file('good.json', { type: 'string' });
    const missing = join(dir, 'missing.json');
    expect(runCli(['compat', missing, good]).stderr).toBe(
      `kafka-events: ${missing}: cannot read: no such file\n`,
    );
    const broken = file('broken.json', '{\n  "type": "string",\n}\n');
    const result = runCli(['compat', good, broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `kafka-events: ${broken}: invalid JSON: expected a property name in double quotes at line 3 column 1\n`,
    );
    const notSchema = file('package.json', { name: 'x', version: '1.0.0' });
    expect(runCli(['compat', notSchema, good])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`${notSchema}: not a JSON Schema`),
    });
  });

  describe('on a failure that is not bad input', () => {
    const failing = (error: unknown) => {
      let stderr = '';
      const code = run(['compat', '--help'], {
        stdout: () => {
          throw error; // e.g. a closed pipe: a bug's worth of failure, not a verdict
        },
        stderr: (t) => (stderr += t),
      });
      return { code, stderr };
    };
    afterEach(() => delete process.env[DEBUG_ENV]);

    it('exits 2 with one line saying it is an internal error, without the stack', () => {
      expect(failing(new RangeError('Maximum call stack size exceeded'))).toEqual({
        code: 2,
        stderr: `kafka-events: internal error: RangeError: Maximum call stack size exceeded (set ${DEBUG_ENV}=1 to print the stack trace)\n`,
      });
      expect(failing('a string')).toEqual({
        code: 2,
        stderr: `kafka-events: internal error: a string (set ${DEBUG_ENV}=1 to print the stack trace)\n`,
      });
    });

    it('prints the stack trace when asked to', () => {
      process.env[DEBUG_ENV] = '1';
      const { code, stderr } = failing(new TypeError('boom'));
      expect(code).toBe(2);
      const [first, ...stack] = stderr.trimEnd().split('\n');
      expect(first).toBe('kafka-events: internal error: TypeError: boom');
      expect(stack[0]).toBe('TypeError: boom');
      expect(stack[1]).toMatch(/^\s+at .*run\.spec\.ts/);
    });

    it('reports a plugin error of any code by its message on one line', () => {
      const git = new GitCommandError(['show', 'main:x'], 'fatal: bad\nrevision', false);
      expect(failing(git)).toEqual({
        code: 2,
        stderr: 'kafka-events: git show main:x: fatal: bad; revision\n',
      });
    });
  });

  it('prints help', () => {
    expect(runCli(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: kafka-events <command>'),
    });
    expect(runCli(['compat', '--help']).stdout).toContain(`${LIMITS_HELP}\n\nExit status`);
    expect(LIMITS_HELP).toContain(`nesting depth      ${MAX_SCHEMA_DEPTH} levels`);
    expect(runCli(['compat', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        'Exit status: 0 compatible, 1 incompatible, 2 bad input or internal error',
      ),
    });
    expect(runCli([])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: kafka-events <command>'),
    });
  });
});
