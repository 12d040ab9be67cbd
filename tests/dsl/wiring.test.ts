import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fn } from '../../dsl/index.js';
import { compileTree } from '../helpers/compile.js';

test('a handle used three levels down is wired through Outputs, GetAtt and Parameters', () => {
  const out = compileTree((root) => {
    const vpc = root.nested('Network').add('Vpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
    root.nested('App').nested('Web').nested('Task').add('Sg', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: vpc.ref },
    });
  });
  assert.equal(out.stack('Network').output('NetworkVpc')['Value'], { Ref: 'Vpc' });
  assert.equal(out.root.byId('App').properties['Parameters'], { NetworkVpc: { 'Fn::GetAtt': ['Network', 'Outputs.NetworkVpc'] } });
  assert.equal(out.stack('App').byId('Web').properties['Parameters'], { NetworkVpc: { Ref: 'NetworkVpc' } });
  assert.equal(out.stack('App/Web/Task').byId('Sg').properties['VpcId'], { Ref: 'NetworkVpc' });
});

test.run();
