/** Cloud Map namespaces and DNS services: inputs as schemas, deploy-time values constrained, lint-clean. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsService } from '../../blueprints/discovery/dns-service.js';
import { httpNamespace } from '../../blueprints/discovery/http-namespace.js';
import { privateDnsNamespace } from '../../blueprints/discovery/private-dns-namespace.js';
import { Stack } from '../../dsl/index.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const built = compileTree((root) => {
  const domain = root.parameter('Domain', { Type: 'String', Default: 'shop.local' });
  const ttl = root.parameter('SoaTtl', { Type: 'Number', Default: 60 });
  const recordTtl = root.parameter('RecordTtl', { Type: 'Number', Default: 10 });
  const namespace = privateDnsNamespace(root, 'Namespace', { name: domain.ref, vpcId: 'vpc-0123456789abcdef0', soaTtl: ttl.ref, description: 'Shop services' });
  dnsService(root, 'Orders', { namespace, name: 'orders', ttl: recordTtl.ref });
  httpNamespace(root, 'Mesh', { name: 'internal' });
});

test('literal and deploy-time inputs reach the resources; parameters get the inputs constraints', () => {
  built.root.resource('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: { Ref: 'Domain' }, Vpc: 'vpc-0123456789abcdef0', Properties: { DnsProperties: { SOA: { TTL: { Ref: 'SoaTtl' } } } }, Description: 'Shop services' });
  built.root.resource('AWS::ServiceDiscovery::Service', { Name: 'orders', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: { Ref: 'RecordTtl' } }] } });
  built.root.resource('AWS::ServiceDiscovery::HttpNamespace', { Name: 'internal' });
  const domain = built.root.parameter('Domain');
  assert.is(domain['MaxLength'], 253);
  assert.ok(new RegExp(String(domain['AllowedPattern'])).test('shop.local'));
  assert.not.ok(new RegExp(String(domain['AllowedPattern'])).test('Shop.Local'));
  assert.equal([built.root.parameter('SoaTtl')['MinValue'], built.root.parameter('SoaTtl')['MaxValue']], [0, 2147483647]);
  assert.equal([built.root.parameter('RecordTtl')['MinValue'], built.root.parameter('RecordTtl')['MaxValue']], [0, 2147483647]);
  assert.equal(lintCompiled(built.result), []);
});

test('wrong types, unknown keys and names Cloud Map refuses fail with the path, the value and what is allowed', () => {
  const namespace = { kind: 'privateDns' as const, namespaceId: 'ns-abcdef0123456789' };
  const cases: [() => unknown, RegExp][] = [
    [() => dnsService(Stack.root(), 'S', { namespace, name: 'orders', ttl: '10' as never }), /^dnsService\.ttl: "10" is not an integer from 0 to 2147483647$/],
    [() => dnsService(Stack.root(), 'S', { namespace, name: 'Orders' }), /^dnsService\.name: "Orders" is not a lower-case DNS label/],
    [() => dnsService(Stack.root(), 'S', { namespace, name: 'a'.repeat(64) }), /^dnsService\.name: "a{64}" is longer than 63 characters \(64\)$/],
    [() => dnsService(Stack.root(), 'S', { namespace: { kind: 'http', namespace: 'x' } as never, name: 'orders' }), /^dnsService\.namespace: .* is not a private DNS namespace/],
    [() => dnsService(Stack.root(), 'S', { namespace: { kind: 'privateDns', namespaceId: 'namespace-1' }, name: 'orders' }), /^dnsService\.namespace: .* is not a private DNS namespace/],
    [() => dnsService(Stack.root(), 'S', { namespace, name: 'orders', tll: 10 } as never), /^dnsService\.tll: 10 is not a known input \(did you mean ttl\?\)/],
    [() => privateDnsNamespace(Stack.root(), 'N', { name: 'shop.local', vpcId: 'vpc-1', soaTtl: -1 }), /^privateDnsNamespace\.soaTtl: -1 is not an integer from 0 to 2147483647$/],
    [() => privateDnsNamespace(Stack.root(), 'N', { name: 'shop.local', vpcId: 'subnet-1' }), /^privateDnsNamespace\.vpcId: "subnet-1" is not a VPC id \(vpc-\.\.\.\)$/],
    [() => privateDnsNamespace(Stack.root(), 'N', { name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, vpcId: 'vpc-1' }), /^privateDnsNamespace\.name: ".*"(?: \(\d+ characters\))? is longer than 253 characters \(255\)$/],
    [() => httpNamespace(Stack.root(), 'H', { name: 'internal', description: 7 as never }), /^httpNamespace\.description: 7 is not a string of 1 to 1024 characters$/],
    [() => httpNamespace(Stack.root(), 'H', { name: '' }), /^httpNamespace\.name: "" is not a namespace name/],
  ];
  for (const [make, expected] of cases) assert.match(inputErrorOf(make), expected);
});

test.run();
