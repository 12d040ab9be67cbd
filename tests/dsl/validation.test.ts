import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fn, Stack, compile, type Tok } from '../../dsl/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';

const vpc = (stack: Stack, id = 'Vpc') => stack.add(id, { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });

test('a handle from another stack tree is a dangling reference', () => {
  const other = Stack.root();
  const foreign = vpc(other);
  const message = errorOf(() =>
    compileTree((root) => {
      root.add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: foreign.ref } });
    }),
  );
  assert.match(message, 'dangling reference to Root/Vpc');
});

test('a handle whose resource was removed from its stack is a dangling reference', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const net = root.nested('Network');
      const v = vpc(net);
      net.resources.delete('Vpc');
      root.add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: v.ref } });
    }),
  );
  assert.match(message, 'stack Root: dangling reference to Root/Network/Vpc');
});

test('a Ref by name to an id that does not exist is caught in the compiled template', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      root.add('Sg', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: Fn.refByName('Missing') } });
    }),
  );
  assert.match(message, 'stack Root, Sg: Resources.Sg: Ref to Missing, which is not declared');
});

test('a Sub naming an undeclared id is a dangling reference', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const v = vpc(root);
      v.props.Tags = [{ Key: 'Name', Value: { 'Fn::Sub': '${Nope}-vpc' } as unknown as Tok }];
    }),
  );
  assert.match(message, 'Fn::Sub uses ${Nope}, which is not declared');
});

test('a reference cycle inside a stack names the cycle', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const a = root.add('A', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'a' } });
      const b = root.add('B', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'b', VpcId: a.attr('VpcId') } });
      a.props.VpcId = b.attr('VpcId');
    }),
  );
  assert.match(message, 'dependency cycle: A -> B -> A');
});

test('a DependsOn cycle is a cycle too', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const a = vpc(root, 'A');
      const b = vpc(root, 'B');
      a.dependsOn(b);
      b.dependsOn(a);
    }),
  );
  assert.match(message, 'dependency cycle');
});

test('a cycle across nested stacks is reported in their common parent', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const x = root.nested('X');
      const y = root.nested('Y');
      const a = x.add('A', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'a' } });
      const b = y.add('B', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'b', VpcId: a.attr('VpcId') } });
      a.props.VpcId = b.attr('VpcId');
    }),
  );
  assert.match(message, 'stack Root: dependency cycle: X -> Y -> X');
});

test('duplicate logical ids are refused, whatever kind declared the first', () => {
  const root = Stack.root();
  vpc(root);
  assert.match(errorOf(() => vpc(root)), 'stack Root, Vpc: duplicate logical id');
  assert.match(errorOf(() => root.parameter('Vpc', { Type: 'String' })), 'a parameter is declared with the id of an existing resource');
  assert.match(errorOf(() => root.nested('Vpc')), 'duplicate logical id');
  root.output('Out', 'x');
  assert.match(errorOf(() => root.output('Out', 'y')), 'duplicate output id');
});

test('logical ids are alphanumeric and at most 255 characters', () => {
  const root = Stack.root();
  assert.match(errorOf(() => vpc(root, 'my-vpc')), 'invalid logical id "my-vpc": only A-Z, a-z and 0-9 are allowed');
  assert.match(errorOf(() => vpc(root, 'V'.repeat(256))), 'logical id is 256 characters long; the limit is 255');
});

test('an attribute the resource type does not have is refused with the allowed names', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const v = vpc(root);
      root.output('X', v.attr('Arn' as never));
    }),
  );
  assert.match(message, 'AWS::EC2::VPC has no attribute "Arn" (allowed: ');
  assert.match(message, 'CidrBlock');
});

test('unused parameters and conditions are errors, reported together', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const p = root.parameter('Unused', { Type: 'String' });
      root.condition('Never', Fn.equals(p.ref, 'x'));
      vpc(root);
    }),
  );
  assert.match(message, 'stack Root, Never: condition is declared but never used');
  // The condition uses the parameter, so only the condition is unused.
  assert.not.match(message, 'Unused: parameter');
});

test('a parameter used by a rule alone counts as used', () => {
  compileTree((root) => {
    const p = root.parameter('Size', { Type: 'Number' });
    root.rule('SizeIsSmall', { Assertions: [{ Assert: Fn.contains(['1', '2'], p.ref), AssertDescription: 'small' }] });
    vpc(root);
  });
});

test('more than 500 resources is an error; past 80% is a warning', () => {
  const message = errorOf(() => compileTree((root) => { for (let i = 0; i < 501; i++) vpc(root, `Vpc${i}`); }));
  assert.match(message, '501 resources exceeds the CloudFormation limit of 500');
  const root = Stack.root();
  for (let i = 0; i < 401; i++) vpc(root, `Vpc${i}`).props.Tags = [{ Key: 'Name', Value: `vpc-${i}-${'x'.repeat(60)}` }];
  const { warnings } = compile(root);
  assert.ok(warnings.some((w) => w.message === '401 resources is over 80% of the limit of 500'));
});

test('parameter, output and mapping limits are enforced', () => {
  assert.match(
    errorOf(() => compileTree((root) => {
      const v = vpc(root);
      for (let i = 0; i < 201; i++) v.props.Tags = [...((v.props.Tags as []) ?? []), { Key: `k${i}`, Value: root.parameter(`P${i}`, { Type: 'String' }).ref }];
    })),
    '201 parameters exceeds the CloudFormation limit of 200',
  );
  assert.match(
    errorOf(() => compileTree((root) => { vpc(root); for (let i = 0; i < 201; i++) root.output(`O${i}`, 'x'); })),
    '201 outputs exceeds the CloudFormation limit of 200',
  );
  assert.match(
    errorOf(() => compileTree((root) => {
      const v = vpc(root);
      for (let i = 0; i < 201; i++) v.props.Tags = [...((v.props.Tags as []) ?? []), { Key: `k${i}`, Value: root.mapping(`M${i}`, { a: { b: 'c' } }).find('a', 'b') }];
    })),
    '201 mappings exceeds the CloudFormation limit of 200',
  );
});

test('a template over 1 MB is an error', () => {
  const message = errorOf(() => compileTree((root) => {
    for (let i = 0; i < 300; i++) vpc(root, `Vpc${i}`).props.Tags = [{ Key: 'pad', Value: 'x'.repeat(3600) }];
  }));
  assert.match(message, 'bytes exceeds the CloudFormation limit of 1048576');
});

test('a condition cannot flow up the tree, and a mapping cannot cross stacks', () => {
  assert.match(
    errorOf(() => compileTree((root) => {
      const child = root.nested('Child');
      const p = child.parameter('Flag', { Type: 'String' });
      const c = child.condition('On', Fn.equals(p.ref, 'on'));
      vpc(child, 'Used').def.Condition = c;
      vpc(root).def.Condition = c;
    })),
    'conditions flow down the stack tree only',
  );
  assert.match(
    errorOf(() => compileTree((root) => {
      const m = root.mapping('Sizes', { small: { cidr: '10.0.0.0/16' } });
      vpc(root.nested('Child')).props.CidrBlock = m.find('small', 'cidr');
    })),
    'uses mapping Root/Sizes of another stack',
  );
});

test('a handle placed as a value instead of its ref is refused', () => {
  const message = errorOf(() => compileTree((root) => {
    const v = vpc(root);
    root.output('X', v as unknown as Tok);
  }));
  assert.match(message, 'Outputs.X holds the handle Root/Vpc itself: use its .ref or .attr(...)');
});

test('a stack without resources is a compile error naming its path, nested or root, however deep', () => {
  for (const [build, path] of [
    [(root: Stack) => { vpc(root); root.nested('Empty'); }, 'Root/Empty'],
    [(root: Stack) => { vpc(root.nested('App')); root.nested('App2').nested('Web').nested('Empty'); }, 'Root/App2/Web/Empty'],
    // Parameters and outputs alone make no template CloudFormation accepts.
    [(root: Stack) => {
      const p = root.parameter('Name', { Type: 'String' });
      vpc(root.nested('Network'));
      const empty = root.nested('OnlyOutputs');
      empty.output('Name', p.ref);
    }, 'Root/OnlyOutputs'],
  ] as const) {
    assert.match(errorOf(() => compileTree(build)), `stack ${path}: nested stack declares no resources, and CloudFormation rejects a template without resources: add one, or do not create the nested stack ${path.split('/').pop()}`);
  }
  assert.is(errorOf(() => compileTree((root) => root.output('X', 'x'))), 'stack Root: root stack declares no resources, and CloudFormation rejects a template without resources: add one');
  // A stack that holds only nested stacks holds resources (AWS::CloudFormation::Stack).
  compileTree((root) => vpc(root.nested('Parent').nested('Child')));
});

test.run();
