import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, InputError, Stack, compile, s } from '../../dsl/index.js';
import { combinePatterns, fullMatch } from '../../dsl/parameter-constraints.js';
import { errorOf } from '../helpers/compile.js';

const Service = s.object({
  /** Port. */
  port: s.deployTime(s.integer(1, 65535)),
  protocol: s.optional(s.oneOf(['HTTP', 'HTTPS']), 'HTTP'),
  name: s.optional(s.text(/^[a-z][a-z0-9-]*$/, 'a lower-case name', { max: 12 })),
  enabled: s.optional(s.boolean(), false),
  scaling: s.optional(s.object({ min: s.integer(0, 10), max: s.integer(0, 10) })),
  tags: s.optional(s.list(s.string(), { max: 2 }, 'tags')),
  env: s.optional(s.record(s.text(/^[A-Z_]+$/, 'a variable name'), s.string({ min: 0 }))),
});

const problem = (input: unknown) => {
  try {
    s.parse(Service, input, 'service');
  } catch (error) {
    assert.instance(error, InputError);
    return (error as Error).message;
  }
  return 'accepted';
};

test('literals: defaults are filled, the value parsed is the value given', () => {
  assert.equal(s.parse(Service, { port: 80 }, 'service'), { port: 80, protocol: 'HTTP', enabled: false });
});

test('wrong types are named as such: strings are not numbers or booleans, NaN and Infinity are not numbers', () => {
  assert.is(problem({ port: '80' }), 'service.port: "80" is not an integer from 1 to 65535');
  assert.is(problem({ port: 80, enabled: 'false' }), 'service.enabled: "false" is not true or false');
  assert.match(problem({ port: Number.NaN }), /^service\.port: .* is not an integer from 1 to 65535$/);
  assert.match(problem({ port: Number.POSITIVE_INFINITY }), /^service\.port: .* is not an integer from 1 to 65535$/);
  assert.is(problem({ port: 80.5 }), 'service.port: 80.5 is not an integer from 1 to 65535');
  assert.is(problem({ port: 80, protocol: 'http' }), 'service.protocol: "http" is not one of the allowed values (HTTP, HTTPS)');
});

test('unknown keys are rejected with the closest known key suggested', () => {
  assert.is(problem({ port: 80, protocoll: 'HTTP' }), 'service.protocoll: "HTTP" is not a known input (did you mean protocol?); known: port, protocol, name, enabled, scaling, tags, env');
  assert.match(problem({ prot: 80 }), /^service\.prot: 80 is not a known input \(did you mean port\?\)/);
  assert.match(problem({ port: 80, PORT: 1 }), /did you mean port\?/);
  assert.match(problem({ port: 80, scaling: { min: 1, max: 2, maxx: 3 } }), /^service\.scaling\.maxx: 3 is not a known input \(did you mean max\?\)/);
  assert.match(problem({ port: 80, zzzzzz: 1 }), /^service\.zzzzzz: 1 is not a known input; known:/);
});

test('arrays are not objects, objects are not arrays, null is neither, missing keys are named', () => {
  assert.is(problem({ port: 80, scaling: [] }), 'service.scaling: [] is not an object');
  assert.is(problem([]), 'service: [] is not an object');
  assert.is(problem(null), 'service: null is not an object');
  assert.is(problem({ port: 80, tags: { a: 'b' } }), 'service.tags: {"a":"b"} is not a list of tags');
  assert.is(problem({ port: 80, tags: ['a', null] }), 'service.tags[1]: null is not a string of 1 to 4096 characters');
  assert.is(problem({ port: 80, tags: ['a', 'b', 'c'] }), 'service.tags: ["a","b","c"] has 3 tags; allowed: 0 to 2');
  assert.is(problem({}), 'service.port: undefined is missing: it is required');
  assert.is(problem({ port: 80, scaling: { min: 1 } }), 'service.scaling.max: undefined is missing: it is required');
  assert.is(problem({ port: 80, env: { lower: 'x' } }), 'service.env.lower: "lower" is not a variable name');
});

test('lengths are reported before the pattern', () => {
  assert.is(problem({ port: 80, name: 'a-very-long-name' }), 'service.name: "a-very-long-name" is longer than 12 characters (16)');
  assert.is(problem({ port: 80, name: 'Bad' }), 'service.name: "Bad" is not a lower-case name');
});

test('a parameter token at a deploy-time input gets the input constraint; other tokens pass unchecked', () => {
  const root = Stack.root();
  const port = root.parameter('Port', { Type: 'Number', Default: 8080 });
  const choice = root.parameter('Choice', { Type: 'String' });
  const Choice = s.object({ choice: s.deployTime(s.oneOf(['a', 'b'])), text: s.optional(s.deployTime(s.text(/^x+$/, 'some x'))) });
  s.parse(Service, { port: port.ref }, 'service');
  s.parse(Choice, { choice: choice.ref, text: Fn.sub`${Aws.region}` }, 'other');
  root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { TopicName: Fn.sub`${port.ref}-${choice.ref}` } });
  const parameters = compile(root).root.template['Parameters'] as Record<string, Record<string, unknown>>;
  assert.equal(parameters['Port'], { Type: 'Number', Default: 8080, MinValue: 1, MaxValue: 65535, ConstraintDescription: 'an integer from 1 to 65535' });
  assert.equal(parameters['Choice'], { Type: 'String', AllowedValues: ['a', 'b'], ConstraintDescription: 'one of the allowed values (a, b)' });
});

/** Compiles a root whose parameter `P` (declared as `def`) feeds each given input schema once. */
function constrained(def: Parameters<Stack['parameter']>[1], ...inputs: ReturnType<typeof s.integer | typeof s.text | typeof s.oneOf>[]) {
  const root = Stack.root();
  const p = root.parameter('P', def);
  inputs.forEach((input, i) => s.parse(s.object({ value: s.deployTime(input) }), { value: p.ref }, `input${i}`));
  root.add('Topic', { Type: 'AWS::SNS::Topic', Properties: { TopicName: p.ref } });
  return (compile(root).root.template['Parameters'] as Record<string, Record<string, unknown>>)['P']!;
}

test('two inputs narrow one parameter: ranges intersect, patterns combine, allowed values must fit', () => {
  assert.equal(constrained({ Type: 'Number' }, s.integer(1, 100), s.integer(50, 500)), { Type: 'Number', MinValue: 50, MaxValue: 100, ConstraintDescription: 'an integer from 1 to 100; an integer from 50 to 500' });
  const both = constrained({ Type: 'String' }, s.text(/^[a-z]+$/, 'lower case'), s.text(/^.{2,4}$/, 'two to four characters'));
  assert.is(both['AllowedPattern'], '(?=(?:^[a-z]+$)$)(?:^.{2,4}$)');
  assert.ok(fullMatch(String(both['AllowedPattern'])).test('abc'));
  assert.not.ok(fullMatch(String(both['AllowedPattern'])).test('ABC'));
  assert.not.ok(fullMatch(String(both['AllowedPattern'])).test('abcdef'));
  assert.equal(constrained({ Type: 'String', AllowedValues: ['256', '512'] }, s.oneOf([256, 512, 1024])), { Type: 'String', AllowedValues: ['256', '512'], ConstraintDescription: 'one of the allowed values (256, 512, 1024)' });
});

test('constraints that cannot hold together, a Default that breaks one, or a type that cannot carry one are compile errors naming the input', () => {
  assert.match(errorOf(() => constrained({ Type: 'Number' }, s.integer(1, 10), s.integer(20, 30))), /stack Root, P: parameter can hold no value: its range ends up 20 to 10 once it feeds input1/);
  assert.match(errorOf(() => constrained({ Type: 'String', AllowedValues: ['a', 'c'] }, s.oneOf(['a', 'b']))), /parameter allows c, but it feeds input0\.value \(one of the allowed values \(a, b\)\)/);
  assert.match(errorOf(() => constrained({ Type: 'Number', Default: 0 }, s.integer(1, 10))), /parameter has the Default 0, which is not an integer from 1 to 10 \(it feeds input0\.value\)/);
  assert.match(errorOf(() => constrained({ Type: 'String' }, s.integer(1, 10))), /parameter is of type String, but it feeds input0\.value \(an integer from 1 to 10\): declare it Type Number/);
  assert.match(errorOf(() => constrained({ Type: 'String', AllowedValues: ['ab', 'A'] }, s.text(/^[a-z]+$/, 'lower case'))), /parameter allows "A", but it feeds input0\.value \(lower case\)/);
});

test('patterns combine into one that holds when all do', () => {
  assert.is(combinePatterns(['a+']), 'a+');
  const combined = fullMatch(combinePatterns(['[a-c]+', '.{3}', '[Aa].*']));
  assert.ok(combined.test('abc'));
  assert.not.ok(combined.test('bca'));
  assert.not.ok(combined.test('abcd'));
});

test('a closest-key suggestion needs a close key', () => {
  assert.is(s.closestKey('desiredcount', ['desiredCount', 'minCapacity']), 'desiredCount');
  assert.is(s.closestKey('cpuu', ['cpu', 'memory']), 'cpu');
  assert.is(s.closestKey('xyz', ['cpu', 'memory']), undefined);
});

test.run();
