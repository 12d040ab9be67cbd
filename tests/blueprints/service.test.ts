import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateService } from '../../blueprints/ecs/service/fargate-service.js';
import { serviceOutputs } from '../../blueprints/ecs/service/outputs.js';
import { compileTree } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent, Capture } from '../helpers/template.js';
import { apiService, base, task } from './service-fixtures.js';

const trees: Parameters<typeof lintCompiled> = [];
const keep = <T extends { result: Parameters<typeof lintCompiled>[number] }>(compiled: T): T => {
  trees.push(compiled.result);
  return compiled;
};

test('a service behind a listener rule: target group, rule, LoadBalancers entry, grace period, DependsOn', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      const svc = fargateService(services, 'Api', {
        serviceName: 'api',
        cluster: b.cluster,
        task: task(services, 'Api'),
        network: b.network,
        desiredCount: 2,
        loadBalancer: {
          listener: b.listener,
          rule: { priority: 10, pathPatterns: ['/api/*'], hostHeaders: ['api.example.com'] },
          targetGroup: { healthCheck: { path: '/health' } },
        },
        healthCheckGracePeriodSeconds: 120,
      });
      serviceOutputs(services, svc);
    }),
  );
  const s = out.stack('Services');
  const service = s.resource('AWS::ECS::Service', {
    ServiceName: 'api',
    DesiredCount: 2,
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    HealthCheckGracePeriodSeconds: 120,
    DeploymentController: { Type: 'ECS' },
    DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'ApiTargetGroup' } }],
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', SecurityGroups: [{ Ref: 'ApiSecurityGroup' }] } },
    EnableExecuteCommand: false,
  });
  assert.equal(service.resource['DependsOn'], ['ApiListenerRule']);
  const subnets = service.properties['NetworkConfiguration'] as { AwsvpcConfiguration: { Subnets: { Ref: string }[] } };
  assert.equal(subnets.AwsvpcConfiguration.Subnets.map((x) => x.Ref), ['BasePrivateA', 'BasePrivateB']);
  s.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, TargetType: 'ip', HealthCheckPath: '/health' });
  s.resource('AWS::ElasticLoadBalancingV2::ListenerRule', {
    Priority: 10,
    ListenerArn: { Ref: 'BaseListener' },
    Conditions: [
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
      { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } },
    ],
    Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'ApiTargetGroup' } }],
  });
  for (const name of ['ServiceName', 'ServiceArn', 'TaskDefinitionArn', 'SecurityGroupId', 'TargetGroupArn']) s.output(name);
  assert.equal(s.outputNames.includes('AlarmArns'), false);
});

test('security group: the ALB group on the container port, seed rule maps, HTTPS egress; ALB-side egress', () => {
  const out = keep(
    compileTree((root) => {
      apiService(root, (b) => ({
        loadBalancer: { listener: b.listener, rule: { priority: 10, pathPatterns: ['/*'] } },
        ingress: {
          securityGroups: { bastion: { securityGroupId: 'sg-0123456789abcdef0', port: 8080, description: 'From the bastion' } },
          cidrs: { office: { cidr: '192.168.0.0/24', port: 8080, description: 'From the office' } },
          prefixLists: { vpn: { prefixListId: 'pl-0123456789abcdef0', port: 8080, toPort: 8081, description: 'From the VPN' } },
        },
        egress: { securityGroups: { db: { securityGroupId: 'sg-0fedcba9876543210', port: 5432, description: 'To the database' } } },
      }));
    }),
  );
  const s = out.stack('Services');
  const group = s.byId('ApiSecurityGroup', 'AWS::EC2::SecurityGroup');
  assert.equal(group.properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, Description: 'From the load balancer', SourceSecurityGroupId: { Ref: 'BaseAlbSecurityGroup' } },
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, Description: 'From the bastion', SourceSecurityGroupId: 'sg-0123456789abcdef0' },
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, Description: 'From the office', CidrIp: '192.168.0.0/24' },
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, Description: 'From the VPN', SourcePrefixListId: 'pl-0123456789abcdef0' },
  ]);
  assert.equal(group.properties['SecurityGroupEgress'], [
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS: image pulls and AWS APIs' },
    { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, Description: 'To the database', DestinationSecurityGroupId: 'sg-0fedcba9876543210' },
  ]);
  s.resource('AWS::EC2::SecurityGroupEgress', {
    GroupId: { Ref: 'BaseAlbSecurityGroup' },
    DestinationSecurityGroupId: { Ref: 'ApiSecurityGroup' },
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
  });
});

test('no egress at all: a rule that matches nothing keeps CloudFormation from adding allow-all', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      fargateService(services, 'Worker', { cluster: b.cluster, task: task(services, 'Worker'), network: b.network, egress: { httpsAnywhere: false } });
    }),
  );
  const group = out.stack('Services').byId('WorkerSecurityGroup');
  assert.equal(group.properties['SecurityGroupEgress'], [
    { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'No egress: matches no traffic' },
  ]);
  assert.equal(group.properties['SecurityGroupIngress'], undefined);
  out.stack('Services').expectNone('AWS::ElasticLoadBalancingV2::TargetGroup');
});

test('dedicated listener: the default action forwards to the service; the target group sits with the listener', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      fargateService(services, 'Web', { cluster: b.cluster, task: task(services, 'Web'), network: b.network, loadBalancer: { listener: b.listener } });
    }),
  );
  const baseView = out.stack('Base');
  baseView.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080 });
  assert.equal(baseView.byId('Listener').properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'WebTargetGroup' } }]);
  out.stack('Services').expectNone('AWS::ElasticLoadBalancingV2::ListenerRule');
  out.stack('Services').resource('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 60, LoadBalancers: [{ ContainerPort: 8080 }] });
  // The service stack takes the target group from the base stack, so it is created after the listener.
  const parameters = out.root.byId('Services').properties['Parameters'] as Record<string, unknown>;
  assert.equal(parameters['BaseWebTargetGroup'], { 'Fn::GetAtt': ['Base', 'Outputs.BaseWebTargetGroup'] });
});

test('seed 004: a public IP when asked, in the public subnets', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root, { nat: 'none' });
      const services = root.nested('Services');
      fargateService(services, 'Web', { cluster: b.cluster, task: task(services, 'Web'), network: b.network, publicIp: true });
    }),
  );
  const service = out.stack('Services').resource('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } } });
  const cfg = service.properties['NetworkConfiguration'] as { AwsvpcConfiguration: { Subnets: { Ref: string }[] } };
  assert.equal(cfg.AwsvpcConfiguration.Subnets.map((x) => x.Ref), ['BasePublicA', 'BasePublicB']);
});

test('capacity provider strategy instead of a launch type; platform version', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      fargateService(services, 'Batch', {
        cluster: b.cluster,
        task: task(services, 'Batch'),
        network: b.network,
        platformVersion: '1.4.0',
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      });
    }),
  );
  out.stack('Services').resource('AWS::ECS::Service', {
    LaunchType: absent,
    PlatformVersion: '1.4.0',
    CapacityProviderStrategy: [
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 3 },
    ],
  });
});

test('ECS Exec: enabled on the service when the task role carries it, endpoints present without NAT', () => {
  const out = keep(
    compileTree((root) => {
      const b = base(root, { nat: 'none', endpoints: ['ssmmessages', 'kms'], execKey: true });
      const services = root.nested('Services');
      fargateService(services, 'Api', { cluster: b.cluster, task: task(services, 'Api', { execEnabled: true }), network: b.network, enableExec: true });
    }),
  );
  out.stack('Services').resource('AWS::ECS::Service', { EnableExecuteCommand: true });
});

test('rolling deployment settings: bounds, circuit breaker without rollback, deployment alarms', () => {
  const alarms = new Capture();
  const out = keep(
    compileTree((root) => {
      apiService(root, {
        deployment: { minimumHealthyPercent: 50, maximumPercent: 150, circuitBreaker: { rollback: false }, alarms: { names: ['api-5xx'] } },
      });
    }),
  );
  out.stack('Services').resource('AWS::ECS::Service', {
    DeploymentConfiguration: {
      MinimumHealthyPercent: 50,
      MaximumPercent: 150,
      DeploymentCircuitBreaker: { Enable: true, Rollback: false },
      Alarms: alarms,
    },
  });
  assert.equal(alarms.value, { AlarmNames: ['api-5xx'], Enable: true, Rollback: true });
});

test('circuit breaker off', () => {
  const out = compileTree((root) => {
    const b = base(root);
    const services = root.nested('Services');
    fargateService(services, 'Api', { cluster: b.cluster, task: task(services, 'Api'), network: b.network, deployment: { circuitBreaker: false } });
  });
  out.stack('Services').resource('AWS::ECS::Service', { DeploymentConfiguration: { DeploymentCircuitBreaker: absent } });
});

test('every template above is cfn-lint clean', () => {
  assert.equal(lintCompiled(...trees), []);
});

test.run();
