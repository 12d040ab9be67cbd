/**
 * VPC endpoint service names in every partition: what network() and endpoints() build resolves to
 * the name each service has in aws, aws-us-gov and the two China regions, and the preflight check
 * trips on an endpoint built with the aws name for a service China names differently.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Aws, Fn, Stack, type Json } from '../../dsl/index.js';
import { runPreflight } from '../../dsl/preflight/run.js';
import {
  CHINA_PREFIXED_INTERFACE_SERVICES,
  INTERFACE_ENDPOINT_SERVICES,
  endpointPartitionCheck,
  endpoints,
  network,
} from '../../blueprints/network/index.js';
import { compileTree, errorOf, inputErrorOf } from '../helpers/compile.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { evaluate, type Place } from '../helpers/evaluate.js';
import { lintCompiled } from '../helpers/lint.js';

const PLACES: Place[] = [
  { partition: 'aws', region: 'eu-west-1' },
  { partition: 'aws-us-gov', region: 'us-gov-west-1' },
  { partition: 'aws-cn', region: 'cn-north-1' },
  { partition: 'aws-cn', region: 'cn-northwest-1' },
];

/** The documented name of an interface endpoint service in a place. */
const expectedName = (service: string, place: Place) =>
  `${place.partition === 'aws-cn' && CHINA_PREFIXED_INTERFACE_SERVICES.has(service) ? 'cn.' : ''}com.amazonaws.${place.region}.${service}`;

const everyService = compileTree((root) => {
  network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none', interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES], flowLogs: { enabled: false } });
});

test('every interface endpoint the blueprint offers resolves to its own name in aws, aws-us-gov and both China regions', () => {
  const net = everyService.stack('Network');
  const interfaces = net.resourcesOf('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' });
  assert.is(interfaces.length, INTERFACE_ENDPOINT_SERVICES.length);
  for (const place of PLACES) {
    const names = interfaces.map((endpoint) => evaluate(endpoint.properties['ServiceName']!, net.template, place));
    assert.equal(names, INTERFACE_ENDPOINT_SERVICES.map((service) => expectedName(service, place)), `${place.partition} ${place.region}`);
  }
  // ecr.api, ecr.dkr and monitoring are the ones seed products use that China names differently.
  for (const service of ['ecr.api', 'ecr.dkr', 'monitoring']) assert.ok(CHINA_PREFIXED_INTERFACE_SERVICES.has(service), service);
  // Services China names like everyone else carry no condition at all.
  assert.equal(net.byId('LogsEndpoint').properties['ServiceName'], { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.logs' });
  assert.equal(net.conditions['PartitionIsChina'], { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] });
});

test('the S3 gateway endpoint keeps com.amazonaws in every partition (the China prefix is for interface endpoints)', () => {
  const net = everyService.stack('Network');
  const gateway = net.byId('S3GatewayEndpoint', 'AWS::EC2::VPCEndpoint');
  for (const place of PLACES) assert.is(evaluate(gateway.properties['ServiceName']!, net.template, place), `com.amazonaws.${place.region}.s3`);
});

test('endpoints() on its own, in a stack of its own, makes the same names and its own condition', () => {
  const out = compileTree((root) => {
    const stack = root.nested('Endpoints');
    endpoints(stack, { vpcId: 'vpc-0123456789abcdef0', vpcCidr: '10.1.0.0/16', subnetIds: ['subnet-0123456789abcdef0'], gatewayRouteTableIds: [], services: ['ecr.dkr', 'sts'], s3Gateway: false });
  });
  const view = out.stack('Endpoints');
  const names = view.resourcesOf('AWS::EC2::VPCEndpoint').map((e) => evaluate(e.properties['ServiceName']!, view.template, { partition: 'aws-cn', region: 'cn-northwest-1' }));
  assert.equal(names, ['cn.com.amazonaws.cn-northwest-1.ecr.dkr', 'cn.com.amazonaws.cn-northwest-1.sts']);
  assert.equal(lintCompiled(out.result, everyService.result), []);
  const base = { vpcId: 'vpc-1', vpcCidr: '10.1.0.0/16', subnetIds: ['subnet-1'], gatewayRouteTableIds: [] };
  assert.match(inputErrorOf(() => endpoints(Stack.root(), { ...base, services: ['sts', 'sts'] })), /^endpoints\.services\[1\]: "sts" is a duplicate endpoint service \(already used at endpoints\.services\[0\]\)$/);
  assert.match(inputErrorOf(() => endpoints(Stack.root(), { ...base, vpcCidr: '10.1.0.0/8' })), /^endpoints\.vpcCidr: "10\.1\.0\.0\/8" has host bits set: the block starting at that address is 10\.0\.0\.0\/8$/);
  assert.match(inputErrorOf(() => endpoints(Stack.root(), { ...base, subnetIds: [] })), /^endpoints\.subnetIds: \[\] has 0 subnets; allowed: 1 to 16$/);
});

// ---------------------------------------------------------------------------------------------- the preflight check

type JsonObject = { [key: string]: Json };
const endpoint = (serviceName: Json, extra: JsonObject = {}, type = 'Interface'): JsonObject => ({
  Type: 'AWS::EC2::VPCEndpoint',
  ...extra,
  Properties: { VpcEndpointType: type, VpcId: 'vpc-1', ServiceName: serviceName },
});
const onPartition = { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] };

/** Runs only the endpoint check over hand-made templates; returns the messages. */
function findings(stacks: { path: string; template: JsonObject }[]): string[] {
  const { errors, warnings } = runPreflight(stacks, [endpointPartitionCheck]);
  return [...errors.map((e) => e.message), ...warnings.map((w) => w.message)];
}
const single = (resources: JsonObject, conditions: JsonObject = {}) => findings([{ path: 'Root', template: { Conditions: conditions, Resources: resources } }]);

test('preflight: an interface endpoint built as com.amazonaws.${AWS::Region}.<service> trips for every service China names differently', () => {
  for (const service of CHINA_PREFIXED_INTERFACE_SERVICES) {
    const sub = single({ Endpoint: endpoint({ 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` }) });
    assert.equal(sub.length, 1, service);
    assert.match(sub[0]!, `stack Root, Endpoint: Properties.ServiceName: builds com.amazonaws.\${AWS::Region}.${service} with no condition on the partition`);
    assert.match(sub[0]!, `cn.com.amazonaws.<region>.${service}`);
    assert.match(sub[0]!, '[partition.endpoint-service-names]');
    const join = single({ Endpoint: endpoint({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] }) });
    assert.equal(join.length, 1, `${service} (Fn::Join)`);
  }
});

test('preflight: names that hold everywhere do not trip', () => {
  assert.equal(single({ Logs: endpoint({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.logs' }) }), []);
  assert.equal(single({ S3: endpoint({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, {}, 'Gateway') }), []);
  // A gateway endpoint is the default type.
  assert.equal(single({ S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: 'vpc-1', ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } } } }), []);
  assert.equal(single({ Literal: endpoint('com.amazonaws.eu-west-1.ecr.api') }), []);
  assert.equal(single({ Literal: endpoint('cn.com.amazonaws.cn-north-1.ecr.api') }), []);
  // The blueprint's own form: a prefix chosen by a condition on the partition.
  const prefixed = { 'Fn::Sub': ['${Var0}com.amazonaws.${AWS::Region}.ecr.api', { Var0: { 'Fn::If': ['InChina', 'cn.', ''] } }] };
  assert.equal(single({ Prefixed: endpoint(prefixed) }, { InChina: onPartition }), []);
  // Whole names chosen by a condition on the partition, or by one that names it.
  const whole = { 'Fn::If': ['InChina', { 'Fn::Sub': 'cn.com.amazonaws.${AWS::Region}.ecr.dkr' }, { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.dkr' }] };
  assert.equal(single({ Whole: endpoint(whole) }, { InChina: onPartition }), []);
  assert.equal(single({ Whole: endpoint({ ...whole, 'Fn::If': ['NotGlobal', ...whole['Fn::If'].slice(1)] }) }, { InChina: onPartition, NotGlobal: { 'Fn::And': [{ Condition: 'InChina' }, { 'Fn::Equals': ['a', 'a'] }] } }), []);
  // Kept out of China by its resource condition.
  assert.equal(single({ Kept: endpoint({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.api' }, { Condition: 'Global' }) }, { Global: { 'Fn::Not': [onPartition] } }), []);
  // A region condition naming a China region counts as a partition condition.
  const byRegion = { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'cn-north-1'] };
  assert.equal(single({ Kept: endpoint({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.sts' }, { Condition: 'Beijing' }) }, { Beijing: byRegion }), []);
});

test('preflight: a condition that is not about the partition, a literal China region with the aws name, an unconditional prefix all trip', () => {
  const unrelated = { 'Fn::If': ['Big', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.api' }, 'com.amazonaws.eu-west-1.logs'] };
  const a = single({ Unrelated: endpoint(unrelated) }, { Big: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } });
  assert.equal(a.length, 1);
  assert.match(a[0]!, 'builds com.amazonaws.${AWS::Region}.ecr.api with no condition on the partition');
  const b = single({ Literal: endpoint('com.amazonaws.cn-northwest-1.monitoring') });
  assert.equal(b, ['stack Root, Literal: Properties.ServiceName: is "com.amazonaws.cn-northwest-1.monitoring", but in cn-northwest-1 the service is cn.com.amazonaws.cn-northwest-1.monitoring [partition.endpoint-service-names]']);
  const prefix = { 'Fn::Sub': ['${Prefix}com.amazonaws.${AWS::Region}.xray', { Prefix: '' }] };
  assert.equal(single({ Prefix: endpoint(prefix) }).length, 1);
  const wrongCondition = { 'Fn::Sub': ['${Var0}com.amazonaws.${AWS::Region}.xray', { Var0: { 'Fn::If': ['Big', 'cn.', ''] } }] };
  assert.equal(single({ Wrong: endpoint(wrongCondition) }, { Big: { 'Fn::Equals': ['a', 'b'] } }).length, 1);
});

test('preflight: a partition condition passed down to a nested stack as a flag is followed to the parent', () => {
  const child = {
    Parameters: { InChinaFlag: { Type: 'String', AllowedValues: ['true', 'false'] } },
    Conditions: { InChina: { 'Fn::Equals': [{ Ref: 'InChinaFlag' }, 'true'] } },
    Resources: { Endpoint: endpoint({ 'Fn::If': ['InChina', 'cn.com.amazonaws.cn-north-1.ecr.api', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.api' }] }) },
  };
  const parent = (condition: JsonObject) => ({
    Conditions: { Parent: condition },
    Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json', Parameters: { InChinaFlag: { 'Fn::If': ['Parent', 'true', 'false'] } } } } },
  });
  assert.equal(findings([{ path: 'Root', template: parent(onPartition) }, { path: 'Root/Child', template: child }]), []);
  const notPartition = findings([{ path: 'Root', template: parent({ 'Fn::Equals': ['x', 'y'] }) }, { path: 'Root/Child', template: child }]);
  assert.equal(notPartition.length, 1);
  assert.match(notPartition[0]!, 'stack Root/Child, Endpoint:');
});

test('preflight: network() registers the check on its tree, so an endpoint written by hand beside it is judged too', () => {
  const message = errorOf(() =>
    compileTree((root: Stack) => {
      const net = network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none', flowLogs: { enabled: false } });
      root.nested('Extra').add('EcrEndpoint', {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcEndpointType: 'Interface', VpcId: net.ref.vpcId, SubnetIds: net.ref.privateSubnetIds, ServiceName: Fn.sub`com.amazonaws.${Aws.region}.ecr.api` },
      });
    }),
  );
  assert.match(message, 'stack Root/Extra, EcrEndpoint: Properties.ServiceName: builds com.amazonaws.${AWS::Region}.ecr.api with no condition on the partition');
});

test('cfn-lint and checkov are clean on the endpoint templates', () => {
  assert.equal(lintCompiled(everyService.result), []);
  assert.equal(checkovCompiled(everyService.result), []);
});

test.run();
