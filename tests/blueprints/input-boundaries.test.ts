/**
 * The boundaries of the network, load balancer, discovery and IAM blueprints: every input key of a
 * valid call, replaced by each value of a list of wrong ones (and the whole input too), either
 * builds or fails with an InputError naming that key; never another exception.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsService } from '../../blueprints/discovery/dns-service.js';
import { httpNamespace } from '../../blueprints/discovery/http-namespace.js';
import { privateDnsNamespace } from '../../blueprints/discovery/private-dns-namespace.js';
import { checkStatements } from '../../blueprints/iam/index.js';
import {
  accessLogBucket,
  allowLoadBalancerToTarget,
  existingListener,
  listenerRule,
  loadBalancer,
  loadBalancerSecurityGroup,
  targetGroup,
} from '../../blueprints/loadbalancer/index.js';
import { endpoints, existingNetwork, flowLogs, network } from '../../blueprints/network/index.js';
import { InputError, Stack } from '../../dsl/index.js';

const TG = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/a/0123456789abcdef';
const LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/1/2';

type Call = (input: never) => unknown;
const BLUEPRINTS: [string, Call, Record<string, unknown>][] = [
  ['network', (v) => network(Stack.root(), v), { cidr: '10.0.0.0/16', availabilityZones: 2, nat: 'single', interfaceEndpoints: ['logs'], flowLogs: { retentionDays: 30 }, ipv6: true, subnetPrefixes: { public: 24 } }],
  ['existingNetwork', (v) => existingNetwork(v), { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-1'], publicSubnetIds: ['subnet-2'], nat: 'none', interfaceEndpoints: ['kms'] }],
  ['endpoints', (v) => endpoints(Stack.root(), v), { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', subnetIds: ['subnet-1'], gatewayRouteTableIds: ['rtb-1'], services: ['ecr.api'] }],
  ['flowLogs', (v) => flowLogs(Stack.root(), 'flowLogs', 'vpc-1', v), { retentionDays: 7, trafficType: 'REJECT', maxAggregationIntervalSeconds: 60 }],
  [
    'loadBalancer',
    (v) => loadBalancer(Stack.root(), v),
    { vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], protocol: 'http', idleTimeoutSeconds: 30, deletionProtection: false, accessLogs: { prefix: 'alb' }, dns: { hostedZoneId: 'Z1', recordName: 'a.example.com' } },
  ],
  ['targetGroup', (v) => targetGroup(Stack.root(), 'Tg', v), { vpcId: 'vpc-1', port: 80, healthCheck: { path: '/health' }, stickiness: { type: 'lb_cookie' } }],
  ['listenerRule', (v) => listenerRule(Stack.root(), 'Rule', v), { listener: { listener: LISTENER, priorityScope: LISTENER }, priority: 5, pathPatterns: ['/a/*'], targetGroupArn: TG }],
  ['existingListener', (v) => existingListener(v), { listenerArn: LISTENER, loadBalancerSecurityGroupId: 'sg-1' }],
  ['accessLogBucket', (v) => accessLogBucket(Stack.root(), 'Logs', v), { expirationDays: 30, prefix: 'alb' }],
  ['loadBalancerSecurityGroup', (v) => loadBalancerSecurityGroup(Stack.root(), 'Sg', v), { vpcId: 'vpc-1', ports: [80], cidrs: ['0.0.0.0/0'] }],
  ['allowLoadBalancerToTarget', (v) => allowLoadBalancerToTarget(Stack.root(), 'Lb', v), { loadBalancerSecurityGroupId: 'sg-1', targetSecurityGroupId: 'sg-2', port: 8080 }],
  ['httpNamespace', (v) => httpNamespace(Stack.root(), 'Ns', v), { name: 'internal', description: 'x' }],
  ['privateDnsNamespace', (v) => privateDnsNamespace(Stack.root(), 'Ns', v), { name: 'shop.local', vpcId: 'vpc-1', soaTtl: 60 }],
  ['dnsService', (v) => dnsService(Stack.root(), 'Svc', v), { namespace: { kind: 'privateDns', namespaceId: 'ns-1' }, name: 'orders', ttl: 10 }],
  ['checkStatements', (v) => checkStatements('statements', v), { 0: { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] } }],
];

const WRONG: unknown[] = [null, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', 'true', '80', true, [], [null], [{}], {}, { a: 1 }, 'a'.repeat(2000)];

/** Runs `call`; returns undefined when it builds, the InputError's message when refused; fails on anything else. */
function outcome(name: string, call: Call, input: unknown): string | undefined {
  try {
    call(input as never);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) assert.unreachable(`${name}(${JSON.stringify(input)?.slice(0, 200)}) threw ${(error as Error).stack}`);
    return (error as Error).message;
  }
}

test('every blueprint builds from its valid sample input', () => {
  for (const [name, call, valid] of BLUEPRINTS) {
    const input = name === 'checkStatements' ? Object.values(valid) : valid;
    assert.is(outcome(name, call, input), undefined, name);
  }
});

test('a wrong value in any key, or as the whole input, is an InputError naming that key (never a crash)', () => {
  let refused = 0;
  for (const [name, call, valid] of BLUEPRINTS) {
    const list = name === 'checkStatements';
    for (const wrong of WRONG) {
      if (!list || !Array.isArray(wrong)) outcome(name, call, wrong);
      for (const key of Object.keys(valid)) {
        const input = list ? Object.values({ ...valid, [key]: wrong }) : { ...valid, [key]: wrong };
        const message = outcome(name, call, input);
        if (message === undefined) {
          if (process.env['SHOW_ACCEPTED']) console.log('accepted', name, key, JSON.stringify(wrong)?.slice(0, 30));
          continue;
        }
        refused++;
        // The error names the key it is about (or, for a list of statements, the item).
        assert.ok(message.includes(list ? `[${key}]` : `.${key}`) || message.includes(`${key}:`), `${name}.${key} = ${JSON.stringify(wrong)?.slice(0, 40)}: ${message}`);
      }
    }
  }
  assert.ok(refused > 800, `${refused} wrong values refused`);
});

test.run();
