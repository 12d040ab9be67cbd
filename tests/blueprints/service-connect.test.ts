import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existingPrivateDnsNamespace, privateDnsNamespace } from '../../blueprints/discovery/private-dns-namespace.js';
import { existingHttpNamespace, httpNamespace } from '../../blueprints/discovery/http-namespace.js';
import { fargateService } from '../../blueprints/ecs/service/fargate-service.js';
import { allowServiceTraffic } from '../../blueprints/ecs/service/service-traffic.js';
import type { CompileResult } from '../../dsl/index.js';
import { compileTree } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';
import { apiService, base, task } from './service-fixtures.js';

const trees: CompileResult[] = [];

test('seed 000: web (client only, behind the ALB) calls app (client-server) through Service Connect', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    const namespace = httpNamespace(services, 'Namespace', { name: 'internal' });
    const web = fargateService(services, 'Web', {
      serviceName: 'web',
      cluster: b.cluster,
      task: task(services, 'Web', { containers: [{ name: 'web', essential: true, ports: [{ name: 'web', containerPort: 80, protocol: 'tcp' }] }] }),
      network: b.network,
      loadBalancer: { listener: b.listener, rule: { priority: 1, pathPatterns: ['/*'] } },
      serviceConnect: { namespace, proxyLogs: { logGroupName: '/ecs/service-connect/web' } },
    });
    const app = fargateService(services, 'App', {
      serviceName: 'app',
      cluster: b.cluster,
      task: task(services, 'App'),
      network: b.network,
      serviceConnect: {
        namespace,
        services: [{ port: 'http', discoveryName: 'app', clientAliases: [{ dnsName: 'app.internal', port: 8080 }], timeout: { idleSeconds: 60, perRequestSeconds: 15 } }],
        proxyLogs: { logGroupName: '/ecs/service-connect/app', streamPrefix: 'app' },
        accessLogs: { format: 'JSON' },
      },
    });
    allowServiceTraffic(services, 'WebToApp', web, app);
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ServiceDiscovery::HttpNamespace', { Name: 'internal' });
  s.resource('AWS::ECS::Service', {
    ServiceName: 'web',
    ServiceConnectConfiguration: {
      Enabled: true,
      Namespace: { 'Fn::GetAtt': ['Namespace', 'Arn'] },
      Services: absent,
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': '/ecs/service-connect/web', 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'service-connect' },
      },
    },
  });
  s.resource('AWS::ECS::Service', {
    ServiceName: 'app',
    LoadBalancers: absent,
    ServiceConnectConfiguration: {
      Enabled: true,
      Namespace: { 'Fn::GetAtt': ['Namespace', 'Arn'] },
      Services: [
        {
          PortName: 'http',
          DiscoveryName: 'app',
          ClientAliases: [{ DnsName: 'app.internal', Port: 8080 }],
          Timeout: { IdleTimeoutSeconds: 60, PerRequestTimeoutSeconds: 15 },
        },
      ],
      AccessLogConfiguration: { Format: 'JSON', IncludeQueryParameters: 'DISABLED' },
    },
  });
  // app admits web only: no inline ingress, one ingress rule from web's group on the served port.
  assert.equal(s.byId('AppSecurityGroup').properties['SecurityGroupIngress'], undefined);
  s.expectCount('AWS::EC2::SecurityGroupIngress', 1);
  s.resource('AWS::EC2::SecurityGroupIngress', {
    GroupId: { Ref: 'AppSecurityGroup' },
    SourceSecurityGroupId: { Ref: 'WebSecurityGroup' },
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
    Description: 'Web to App',
  });
  s.resource('AWS::EC2::SecurityGroupEgress', {
    GroupId: { Ref: 'WebSecurityGroup' },
    DestinationSecurityGroupId: { Ref: 'AppSecurityGroup' },
    FromPort: 8080,
    ToPort: 8080,
  });
});

test('Service Connect: an existing namespace by name; default discovery name and alias; TLS', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    fargateService(services, 'App', {
      cluster: b.cluster,
      task: task(services, 'App'),
      network: b.network,
      serviceConnect: {
        namespace: existingHttpNamespace('shared'),
        services: [{ port: 8080, tls: { awsPcaAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/abc', roleArn: 'arn:aws:iam::111122223333:role/sc-tls' } }],
      },
    });
  });
  trees.push(out.result);
  out.stack('Services').resource('AWS::ECS::Service', {
    ServiceConnectConfiguration: {
      Namespace: 'shared',
      Services: [
        {
          PortName: 'http',
          DiscoveryName: 'http',
          ClientAliases: [{ DnsName: 'http', Port: 8080 }],
          Tls: { IssuerCertificateAuthority: { AwsPcaAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/abc' }, RoleArn: 'arn:aws:iam::111122223333:role/sc-tls' },
        },
      ],
    },
  });
});

test('Service Connect falls back to the cluster default namespace', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    fargateService(services, 'Web', {
      cluster: { ...b.cluster, serviceConnectNamespaceArn: 'arn:aws:servicediscovery:eu-west-1:111122223333:namespace/ns-abc' },
      task: task(services, 'Web'),
      network: b.network,
      serviceConnect: {},
    });
  });
  out.stack('Services').resource('AWS::ECS::Service', {
    ServiceConnectConfiguration: { Enabled: true, Namespace: 'arn:aws:servicediscovery:eu-west-1:111122223333:namespace/ns-abc' },
  });
});

test('seed 002: Cloud Map DNS discovery in a new private DNS namespace (A records, ServiceRegistries)', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    const namespace = privateDnsNamespace(services, 'Namespace', { name: 'my-workload.local', vpcId: b.network.vpcId });
    fargateService(services, 'Api', { cluster: b.cluster, task: task(services, 'Api'), network: b.network, serviceDiscovery: { namespace, name: 'api' } });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'my-workload.local', Vpc: { Ref: 'BaseVpc' } });
  s.resource('AWS::ServiceDiscovery::Service', {
    Name: 'api',
    NamespaceId: { 'Fn::GetAtt': ['Namespace', 'Id'] },
    DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 10 }] },
  });
  s.resource('AWS::ECS::Service', { ServiceRegistries: [{ RegistryArn: { 'Fn::GetAtt': ['ApiDiscovery', 'Arn'] } }] });
});

test('Cloud Map DNS discovery in an existing namespace by id', () => {
  const out = compileTree((root) => {
    apiService(root, {
      serviceDiscovery: { namespace: existingPrivateDnsNamespace('ns-abcdef0123456789'), name: 'api', ttl: 30 },
    });
  });
  trees.push(out.result);
  out.stack('Services').expectNone('AWS::ServiceDiscovery::PrivateDnsNamespace');
  out.stack('Services').resource('AWS::ServiceDiscovery::Service', { NamespaceId: 'ns-abcdef0123456789', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 30 }] } });
});

test('the proxy ingress port override is the port callers are admitted on', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    const namespace = existingHttpNamespace('internal');
    const web = fargateService(services, 'Web', { cluster: b.cluster, task: task(services, 'Web'), network: b.network, serviceConnect: { namespace } });
    const app = fargateService(services, 'App', {
      cluster: b.cluster,
      task: task(services, 'App'),
      network: b.network,
      serviceConnect: { namespace, services: [{ port: 'http', ingressPortOverride: 15000 }] },
    });
    allowServiceTraffic(services, 'WebToApp', web, app, { description: 'web calls app' });
  });
  trees.push(out.result);
  const s = out.stack('Services');
  s.resource('AWS::ECS::Service', { ServiceConnectConfiguration: { Services: [{ PortName: 'http', IngressPortOverride: 15000 }] } });
  s.resource('AWS::EC2::SecurityGroupIngress', { FromPort: 15000, ToPort: 15000, Description: 'web calls app' });
});

test('every template above is cfn-lint clean', () => {
  assert.equal(lintCompiled(...trees), []);
});

test.run();
