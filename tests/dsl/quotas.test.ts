import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LIMITS, Stack, compile, type CompileResult, type TemplateFormat } from '../../dsl/index.js';
import { errorOf } from '../helpers/compile.js';

/**
 * A tree whose root (or, with `nested`, its only child) holds one topic padded so that the
 * template sent (minified JSON) is exactly `sent` bytes: `items` small objects (which pretty JSON
 * indents, as real templates), then a string for the remaining bytes.
 */
function sized(sent: number, options: { nested?: boolean; format?: TemplateFormat; items?: number } = {}): CompileResult {
  const build = (filler: string) => {
    const root = Stack.root('Sized');
    const stack = options.nested ? root.nested('Child') : root;
    const items = Array.from({ length: options.items ?? 0 }, (_, i) => ({ Key: `k${i % 10}`, Value: 'v' }));
    stack.add('Topic', { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: { Items: items, Filler: filler } });
    return compile(root, { format: options.format ?? 'json' });
  };
  const target = (result: CompileResult) => (options.nested ? result.stacks[0]! : result.root);
  const base = target(build('')).sentBytes;
  const result = build('x'.repeat(sent - base));
  assert.is(target(result).sentBytes, sent);
  return result;
}

const messages = (result: CompileResult) => result.warnings.map((w) => `${w.stack}: ${w.message}`);

test('sizes are measured on the minified JSON sent, in every format', () => {
  for (const format of ['json', 'json-min', 'yaml'] as const) {
    const { root } = sized(30_000, { format });
    assert.is(root.sentBytes, Buffer.byteLength(JSON.stringify(root.template)), format);
    assert.is(root.bytes, Buffer.byteLength(root.body), format);
  }
  assert.ok(sized(30_000, { format: 'json' }).root.bytes > 30_000, 'pretty JSON is bigger than what is sent');
});

test('a root over 51,200 bytes pretty but not minified gets no inline warning', () => {
  const result = sized(40_000, { items: 1_500 });
  assert.ok(result.root.bytes > LIMITS.inlineBodyBytes, `pretty root is ${result.root.bytes} bytes`);
  assert.equal(result.warnings, []);
});

test('within 10% of the inline limit, a root gets a warning naming the stack, the bytes and the limit', () => {
  const result = sized(48_000);
  assert.equal(messages(result), ['Root: 48000 bytes (minified JSON, as sent) is within 10% of the CloudFormation limit of 51200 bytes for an inline template body']);
});

test('over the inline limit, a root must be deployed from S3; a nested template never is inline', () => {
  assert.equal(messages(sized(60_000)), ['Root: 60000 bytes (minified JSON, as sent): over the 51200-byte limit of an inline template body, so it must be deployed from S3']);
  assert.equal(messages(sized(60_000, { nested: true })), []);
  assert.equal(messages(sized(48_000, { nested: true })), []);
});

test('every size at the edges of each limit gets exactly the warnings and errors it should', () => {
  const inline = LIMITS.inlineBodyBytes;
  const body = LIMITS.bodyBytes;
  const cases: [bytes: number, nested: boolean, expected: string[]][] = [
    [inline * 0.9, false, []],
    [inline * 0.9 + 1, false, ['within 10% of the CloudFormation limit of 51200']],
    [inline, false, ['within 10% of the CloudFormation limit of 51200']],
    [inline + 1, false, ['must be deployed from S3']],
    [Math.floor(body * 0.9), true, []],
    [Math.floor(body * 0.9) + 1, true, ['within 10% of the CloudFormation limit of 1048576']],
    [body, true, ['within 10% of the CloudFormation limit of 1048576']],
    [Math.floor(body * 0.9) + 1, false, ['within 10% of the CloudFormation limit of 1048576', 'must be deployed from S3']],
  ];
  for (const [bytes, nested, expected] of cases) {
    const found = sized(bytes, { nested }).warnings.map((w) => w.message);
    assert.is(found.length, expected.length, `${bytes} bytes (nested: ${nested}): ${found.join('; ')}`);
    expected.forEach((part, i) => assert.match(found[i]!, part, `${bytes} bytes (nested: ${nested})`));
    found.forEach((message) => assert.match(message, `${bytes} bytes`));
  }
  assert.match(errorOf(() => sized(body + 1, { nested: true })), `stack Root/Child: ${body + 1} bytes exceeds the CloudFormation limit of 1048576`);
});

test('json-min is compact JSON.stringify in .json files and parses to the same template', () => {
  const root = Stack.root('Minified');
  const child = root.nested('Network');
  const vpc = child.add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'a "quoted" ünïcødé name' }] } });
  root.output('VpcId', vpc.ref);
  const pretty = compile(root);
  const minified = compile(root, { format: 'json-min' });
  assert.equal(minified.stacks.map((s) => s.file), ['Network.json', 'root.json']);
  minified.stacks.forEach((s, i) => {
    assert.is(s.body, JSON.stringify(s.template));
    assert.equal(JSON.parse(s.body), pretty.stacks[i]!.template);
    assert.is(s.bytes, s.sentBytes);
    assert.is(s.sentBytes, pretty.stacks[i]!.sentBytes);
    assert.ok(s.bytes < pretty.stacks[i]!.bytes);
  });
});

test.run();
