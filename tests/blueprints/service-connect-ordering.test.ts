import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateService } from '../../blueprints/ecs/service/fargate-service.js';
import { serviceConnectOrderingCheck } from '../../blueprints/ecs/service/service-connect-ordering.js';
import { allowServiceTraffic } from '../../blueprints/ecs/service/service-traffic.js';
import { buildEnvironment } from '../../build/compile-product.js';
import product from '../../build/products/web-app-service-connect.js';
import type { Stack } from '../../dsl/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { stackView } from '../products/helpers.js';
import { base, task } from './service-fixtures.js';

const namespace = { kind: 'http' as const, namespace: 'arn:aws:servicediscovery:eu-west-1:111122223333:namespace/ns-1' };

/** A Service Connect server and a client, in one `Services` stack or in `Servers` and `Clients`. */
function pair(root: Stack, oneStack: boolean) {
  const b = base(root);
  const serverHome = root.nested(oneStack ? 'Services' : 'Servers');
  const server = fargateService(serverHome, 'Server', {
    path: 'server',
    cluster: b.cluster,
    network: b.network,
    task: task(serverHome, 'Server'),
    serviceConnect: { namespace, services: [{ port: 'http', discoveryName: 'server' }] },
  });
  const clientHome = oneStack ? serverHome : root.nested('Clients');
  const client = fargateService(clientHome, 'Client', { path: 'client', cluster: b.cluster, network: b.network, task: task(clientHome, 'Client'), serviceConnect: { namespace } });
  return { client, server, clientHome };
}

test('seed 000: the web tier (Service Connect client) is created after the app tier it calls', () => {
  const built = buildEnvironment(product, 'example', 'json');
  const web = stackView(built, 'Root/Container').byId('Web', 'AWS::ECS::Service');
  assert.equal(web.resource['DependsOn'], ['App']);
});

test('calling a server orders the client after it, in one stack or across nested stacks', () => {
  const same = compileTree((root) => {
    const { client, server, clientHome } = pair(root, true);
    allowServiceTraffic(clientHome, 'ClientToServer', client, server);
  });
  assert.equal(same.stack('Services').byId('Client').resource['DependsOn'], ['Server']);
  // The traffic rules in a third stack: nothing but the ordering links the two service stacks.
  const across = compileTree((root) => {
    const { client, server } = pair(root, false);
    allowServiceTraffic(root.nested('Traffic'), 'ClientToServer', client, server);
  });
  assert.equal(across.root.byId('Clients').resource['DependsOn'], ['Servers']);
  assert.equal(lintCompiled(same.result, across.result), []);
});

test('two services calling each other: one order is kept, and a warning says why the other cannot be', () => {
  const built = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    const make = (id: string) =>
      fargateService(services, id, { path: id, cluster: b.cluster, network: b.network, task: task(services, id), serviceConnect: { namespace, services: [{ port: 'http', discoveryName: id.toLowerCase() }] } });
    const a = make('A');
    const c = make('C');
    allowServiceTraffic(services, 'AToC', a, c);
    allowServiceTraffic(services, 'CToA', c, a);
  });
  assert.equal(built.stack('Services').byId('A').resource['DependsOn'], ['C']);
  assert.is(built.stack('Services').byId('C').resource['DependsOn'], undefined);
  assert.ok(built.result.warnings.some((w) => w.message === 'C and A call each other over Service Connect: only one can start after the other'));
});

test('the check trips on a client its security group lets call a server it is not ordered after', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const { client, server, clientHome } = pair(root, true);
      // The traffic allowed by hand, without the blueprint that orders the services.
      clientHome.add('ClientToServerIngress', {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: server.securityGroupId, SourceSecurityGroupId: client.securityGroupId, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 },
      });
      clientHome.addCheck(serviceConnectOrderingCheck);
    }),
  );
  assert.match(message, 'stack Root/Services, Client: is a Service Connect client of Root/Services/Server');
  assert.match(message, '[ecs.service-connect-order]');
});

test.run();
