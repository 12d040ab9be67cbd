/** `keepLogicalIds`: a refactored blueprint's resources keep the ids a released version gave them. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, Stack } from '../../dsl/index.js';

/** What a blueprint adds under its own ids, one resource referencing the other. */
function blueprint(stack: Stack) {
  const group = stack.add('ServiceSecurityGroup', { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'tasks', VpcId: 'vpc-0123456789abcdef0' } });
  stack.add('ServiceIngress', {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: { GroupId: group.attr('GroupId'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/16' },
  });
  stack.output('GroupId', group.attr('GroupId'));
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

test('kept ids name the resources, and every reference follows them', () => {
  const root = Stack.root();
  root.keepLogicalIds({ ServiceSecurityGroup: 'SecurityGroup' });
  blueprint(root);
  const template = compile(root, { preflight: false }).root.template as { Resources: Record<string, { Properties: Record<string, unknown> }>; Outputs: Record<string, { Value: unknown }> };
  assert.equal(Object.keys(template.Resources), ['SecurityGroup', 'ServiceIngress']);
  assert.equal(template.Resources['ServiceIngress']!.Properties['GroupId'], { 'Fn::GetAtt': ['SecurityGroup', 'GroupId'] });
  assert.equal(template.Outputs['GroupId']!.Value, { 'Fn::GetAtt': ['SecurityGroup', 'GroupId'] });
});

test('a kept id no resource was added as is a compile error: the table is stale', () => {
  const root = Stack.root();
  root.keepLogicalIds({ ServiceSecurityGroup: 'SecurityGroup', ServiceTargetGroup: 'TargetGroup' });
  blueprint(root);
  assert.match(errorOf(() => compile(root, { preflight: false })), /keepLogicalIds: no resource was added as ServiceTargetGroup/);
});

test('two ids kept as one, a kept id taken by another resource, and an invalid id are errors', () => {
  assert.match(errorOf(() => Stack.root().keepLogicalIds({ A: 'Old', B: 'Old' })), /two resources would keep the id Old/);
  assert.match(errorOf(() => Stack.root().keepLogicalIds({ A: 'not valid' })), /invalid logical id "not valid"/);
  const root = Stack.root().keepLogicalIds({ ServiceSecurityGroup: 'ServiceIngress' });
  assert.match(errorOf(() => blueprint(root)), /duplicate logical id/);
});

test.run();
