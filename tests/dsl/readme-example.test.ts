import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, compile } from '../../dsl/index.js';
import { lintCompiled } from '../helpers/lint.js';

// The example of the README's "DSL by example" section, as written there.
function readmeExample(): Stack {
  const root = Stack.root('Two stacks');
  const network = root.nested('Network');
  const vpc = network.add('Vpc', {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true },
  });
  const app = root.nested('App');
  const group = app.add('Sg', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: Fn.sub`web in ${Aws.region}`,
      VpcId: vpc.ref,
    },
  });
  root.output('WebGroup', group.attr('GroupId'));
  vpc.props.EnableDnsSupport = true;
  return root;
}

test('the README example compiles to what the README says', () => {
  const result = compile(readmeExample(), { format: 'yaml' });
  assert.equal(result.stacks.map((s) => s.file), ['Network.yaml', 'App.yaml', 'root.yaml']);
  const [network, app, root] = result.stacks.map((s) => s.body);
  assert.ok(network!.includes('  NetworkVpc:\n    Description: Ref of Root/Network/Vpc\n    Value: !Ref Vpc'));
  assert.ok(network!.includes('EnableDnsSupport: true'));
  assert.ok(app!.includes('VpcId: !Ref NetworkVpc'));
  assert.ok(root!.includes('NetworkVpc: !GetAtt Network.Outputs.NetworkVpc'));
  assert.ok(root!.includes('WebGroup:\n    Value: !GetAtt App.Outputs.AppSgGroupId'));
  assert.equal(lintCompiled(result), []);
});

test.run();
