import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, InputError } from '../../dsl/index.js';
import { describeValue } from '../../dsl/errors.js';
import { inputErrorOf } from '../helpers/compile.js';

test('a long string is cut to about 120 characters, with an ellipsis and its length', () => {
  for (const length of [121, 500, 2000, 100_000]) {
    const text = describeValue('x'.repeat(length));
    assert.ok(text.length <= 150, `${length}: ${text.length} characters shown`);
    assert.ok(text.startsWith(`"${'x'.repeat(100)}`), text);
    assert.ok(text.endsWith(`…" (${length} characters)`), text);
  }
  assert.is(describeValue('x'.repeat(120)), `"${'x'.repeat(120)}"`, 'up to 120 characters are shown whole');
  // A cut never splits a character made of two UTF-16 units.
  assert.not.match(describeValue('😀'.repeat(100)), /\uD83D…/);
});

test('an input error over a 2,000-character value stays readable', () => {
  const message = new InputError('service.image', 'a'.repeat(2000), 'is not an image reference').message;
  assert.ok(message.length < 200, `${message.length} characters`);
  assert.match(message, /^service\.image: "a{100,}…" \(2000 characters\) is not an image reference$/);
});

test('NaN, Infinity, -Infinity and -0 are named as such, not as null or 0, also inside lists and objects', () => {
  assert.is(describeValue(NaN), 'NaN');
  assert.is(describeValue(Infinity), 'Infinity');
  assert.is(describeValue(-Infinity), '-Infinity');
  assert.is(describeValue(-0), '-0');
  assert.is(describeValue(0), '0');
  assert.is(describeValue([NaN, -0, 1.5]), '[NaN,-0,1.5]');
  assert.is(describeValue({ cpu: Infinity, memory: undefined }), '{"cpu":Infinity,"memory":undefined}');
  assert.is(inputErrorOf(() => check.integerInRange('task.cpu', NaN, 256, 16384)), 'task.cpu: NaN is not an integer from 256 to 16384');
  assert.is(inputErrorOf(() => check.integerInRange('task.count', -Infinity, 0, 10)), 'task.count: -Infinity is not an integer from 0 to 10');
});

test('big lists and objects are cut with their size; cycles, functions and class instances do not throw', () => {
  const list = describeValue(Array.from({ length: 5000 }, (_, i) => i));
  assert.ok(list.length <= 150 && list.endsWith('… (5000 items)'), list);
  const object = describeValue(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key${i}`, i])));
  assert.ok(object.length <= 150 && object.endsWith('… (300 keys)'), object);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['self'] = cyclic;
  assert.is(describeValue(cyclic), '{"a":1,"self":[circular]}');
  assert.is(describeValue(function named() {}), '[function named]');
  assert.is(describeValue(new Map()), '[Map]');
  assert.is(describeValue(12n), '12n');
  assert.is(describeValue(undefined), 'undefined');
  assert.is(describeValue({ when: new Date(0) }), '{"when":"1970-01-01T00:00:00.000Z"}');
});

test.run();
