import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, compile, parseTemplate, serialize, type Json } from '../../dsl/index.js';
import { lintCompiled } from '../helpers/lint.js';

/** A tree that uses every intrinsic the YAML writer has a short form for. */
function sample(): Stack {
  const root = Stack.root('Serialisation sample');
  const env = root.parameter('Environment', { Type: 'String', AllowedValues: ['prod', 'dev'], Default: 'dev', Label: 'Environment' });
  const prod = root.condition('IsProd', Fn.equals(env.ref, 'prod'));
  const notProd = root.condition('IsNotProd', Fn.not(prod));
  const both = root.condition('Always', Fn.or(prod, notProd));
  const sizes = root.mapping('Sizes', { prod: { cidr: '10.0.0.0/16' }, dev: { cidr: '10.1.0.0/16' } });
  root.parameterGroup('Deployment', [env]);
  const vpc = root.add('Vpc', {
    Type: 'AWS::EC2::VPC',
    Condition: both,
    Properties: { CidrBlock: sizes.find(env.ref, 'cidr'), Tags: [{ Key: 'Name', Value: Fn.sub`${Aws.stackName}-vpc` }] },
  });
  root.add('Subnet', {
    Type: 'AWS::EC2::Subnet',
    Condition: both,
    Properties: {
      VpcId: vpc.ref,
      CidrBlock: Fn.select(0, Fn.cidr(vpc.attr('CidrBlock'), 4, 8)),
      AvailabilityZone: Fn.select(0, Fn.getAZs()),
      Tags: [
        { Key: 'Tier', Value: Fn.if(prod, 'yes', 'no') },
        { Key: 'Parts', Value: Fn.join('-', Fn.split(',', 'a,b')) },
        { Key: 'Multi', Value: 'line one\nline two' },
        { Key: 'Yes', Value: 'yes' },
      ],
    },
  });
  root.output('VpcId', vpc.ref, { Condition: both, Description: 'The VPC' });
  return root;
}

test('YAML uses the short intrinsic tags and reads back to the same template', () => {
  const { root } = compile(sample(), { format: 'yaml' });
  for (const tag of ['!Ref', '!GetAtt Vpc.CidrBlock', '!Sub', '!Select', '!Cidr', '!GetAZs', '!If', '!Equals', '!Not', '!Or', '!Condition', '!FindInMap', '!Join', '!Split']) {
    assert.ok(root.body.includes(tag), `YAML lacks ${tag}`);
  }
  assert.not.match(root.body, /Fn::(If|Sub|Select|GetAtt)/);
  assert.not.match(root.body, / $/m);
  assert.equal(parseTemplate(root.body, 'yaml'), root.template as Json);
  // Strings that YAML 1.1 readers take for booleans stay strings.
  assert.ok(root.body.includes("'yes'"));
});

test('JSON reads back identically, minified or pretty', () => {
  const { root } = compile(sample());
  assert.equal(parseTemplate(root.body, 'json'), root.template as Json);
  assert.equal(JSON.parse(serialize(root.template, 'json', { minify: true })), root.template);
  assert.ok(serialize(root.template, 'json', { minify: true }).length < root.body.length);
});

test('compilation is deterministic: same inputs, byte-identical artifacts and hashes', () => {
  for (const format of ['json', 'yaml'] as const) {
    const first = compile(sample(), { format });
    const second = compile(sample(), { format });
    assert.equal(first.stacks.map((s) => [s.file, s.sha256, s.body]), second.stacks.map((s) => [s.file, s.sha256, s.body]));
  }
});

test('sections come in CloudFormation order, with console metadata for labels and groups', () => {
  const { root } = compile(sample());
  assert.equal(Object.keys(root.template), ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs']);
  assert.equal(root.template['Metadata'], {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: [{ Label: { default: 'Deployment' }, Parameters: ['Environment'] }],
      ParameterLabels: { Environment: { default: 'Environment' } },
    },
  });
});

test('both forms of the sample are cfn-lint clean', () => {
  assert.equal(lintCompiled(compile(sample(), { format: 'yaml' }), compile(sample(), { format: 'json' })), []);
});

test.run();
