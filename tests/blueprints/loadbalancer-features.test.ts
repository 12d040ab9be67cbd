/**
 * Load balancer breadth and strictness: dual-stack with an IPv6 network, Route 53 alias records,
 * target group stickiness, deploy-time parameters for what a launching team chooses, and values
 * AWS refuses (subnets smaller than /27, flags that are not booleans, ...) failing at compile time.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Stack } from '../../dsl/index.js';
import { network, type NetworkProps } from '../../blueprints/network/index.js';
import { loadBalancer, loadBalancerOutputs, targetGroup, type LoadBalancerProps, type TargetGroupProps } from '../../blueprints/loadbalancer/index.js';
import { publicLoadBalancerStack, type PublicLoadBalancerOptions } from '../../blueprints/systems/public-load-balancer.js';
import { compileTree, inputErrorOf, type Compiled } from '../helpers/compile.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';

const compiled: Compiled[] = [];
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** A network (nested) and the shared public load balancer stack over it, as the seed systems make them. */
function publicSystem(net: Partial<NetworkProps>, options: PublicLoadBalancerOptions) {
  const out = compileTree((root) => {
    const made = network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none', flowLogs: { enabled: false }, ...net });
    publicLoadBalancerStack(root, made.ref, options);
  });
  compiled.push(out);
  return out;
}

// ---------------------------------------------------------------------------------------------- dual-stack

test('dual-stack: a network with IPv6 gets a dualstack ALB admitting ::/0 on both listener ports', () => {
  const out = publicSystem({ ipv6: true }, { protocol: 'https', certificateArn: CERT, deletionProtection: false });
  const lb = out.stack('LoadBalancer');
  lb.resource('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack', Scheme: 'internet-facing' });
  assert.equal(lb.byId('LoadBalancerSecurityGroup').properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Port 80 from a permitted CIDR block' },
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0', Description: 'Port 80 from a permitted IPv6 CIDR block' },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'Port 443 from a permitted CIDR block' },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0', Description: 'Port 443 from a permitted IPv6 CIDR block' },
  ]);
  // Without IPv6 in the network: IPv4 only, no IPv6 rule.
  const plain = publicSystem({}, { protocol: 'http', deletionProtection: false }).stack('LoadBalancer');
  plain.resource('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'ipv4' });
  assert.not.ok(JSON.stringify(plain.byId('LoadBalancerSecurityGroup').properties).includes('CidrIpv6'));
});

test('dual-stack: refused without IPv6 subnets, and IPv6 sources refused on an IPv4 load balancer', () => {
  assert.match(
    inputErrorOf(() => compileTree((root) => void publicLoadBalancerStack(root, network(root.nested('Network'), { cidr: '10.0.0.0/16' }).ref, { protocol: 'http', ipAddressType: 'dualstack' }))),
    /^loadBalancer\.ipAddressType: "dualstack" needs subnets with IPv6 blocks: turn on ipv6 in the network$/,
  );
  assert.match(tryLb({ ingressIpv6Cidrs: ['::/0'] }), /^loadBalancer\.ingressIpv6Cidrs: \["::\/0"\] admit IPv6 clients, but ipAddressType is "ipv4"/);
  assert.match(tryLb({ ipAddressType: 'dualstack', ingressIpv6Cidrs: ['2001:db8::1/32'] }), /^loadBalancer\.ingressIpv6Cidrs\[0\]: "2001:db8::1\/32" has host bits set/);
  assert.match(tryLb({ ipAddressType: 'dualstack', ingressIpv6Cidrs: ['2001:db8:::/32'] }), /^loadBalancer\.ingressIpv6Cidrs\[0\]: "2001:db8:::\/32" is not an IPv6 CIDR block/);
  // An internal dual-stack ALB admits only the IPv6 blocks it is given.
  const internal = compileTree((root) =>
    void loadBalancer(root, { ...BASE, scheme: 'internal', ipAddressType: 'dualstack', ingressCidrs: [], ingressIpv6Cidrs: ['2001:db8::/32'], deletionProtection: false }),
  );
  compiled.push(internal);
  assert.equal(internal.root.byId('LoadBalancerSecurityGroup').properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '2001:db8::/32', Description: 'Port 80 from a permitted IPv6 CIDR block' },
  ]);
});

// ---------------------------------------------------------------------------------------------- subnet sizes

test('subnets smaller than /27 are refused for a load balancer, whatever tier or size makes them', () => {
  const message = inputErrorOf(() =>
    compileTree((root) => {
      const made = network(root.nested('Network'), { cidr: '10.0.0.0/24', availabilityZones: 2, subnetPrefixes: { public: 28 } });
      publicLoadBalancerStack(root, made.ref, { protocol: 'http' });
    }),
  );
  assert.match(message, /^loadBalancer\.subnetPrefixLengths\[0\]: 28 makes subnetIds\[0\] a \/28, smaller than a load balancer takes \(\/27 or larger, with 8 free addresses\)/);
  // Explicit blocks of /28 in the network: refused the same way.
  assert.match(
    inputErrorOf(() =>
      compileTree((root) => {
        const made = network(root.nested('Network'), { cidr: '10.0.0.0/24', subnetCidrs: { public: ['10.0.0.0/27', '10.0.0.32/28'] } });
        publicLoadBalancerStack(root, made.ref, { protocol: 'http' });
      }),
    ),
    /^loadBalancer\.subnetPrefixLengths\[1\]: 28 makes subnetIds\[1\] a \/28/,
  );
  for (const prefix of [16, 20, 24, 27]) compileTree((root) => void loadBalancer(root, { ...BASE, subnetPrefixLengths: [prefix, prefix] }));
  assert.match(tryLb({ subnetPrefixLengths: [24] }), /^loadBalancer\.subnetPrefixLengths: \[24\] has 1 prefix lengths for 2 subnets: give one per subnet$/);
  // /27 public subnets (the smallest default) are accepted.
  publicSystem({ cidr: '10.0.0.0/24', availabilityZones: 4 }, { protocol: 'http', deletionProtection: false });
});

// ---------------------------------------------------------------------------------------------- Route 53

test('Route 53: an alias A record (and AAAA when dual-stack) to the ALB, and its name as an output', () => {
  const out = publicSystem({ ipv6: true }, { protocol: 'http', deletionProtection: false, dns: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'shop.example.com' } });
  const lb = out.stack('LoadBalancer');
  for (const [id, type] of [['LoadBalancerAlias', 'A'], ['LoadBalancerAliasIpv6', 'AAAA']] as const) {
    assert.equal(lb.byId(id, 'AWS::Route53::RecordSet').properties, {
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      Name: 'shop.example.com',
      Type: type,
      AliasTarget: { DNSName: { 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['LoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: true },
    });
  }
  assert.equal(lb.output('LoadBalancerDomainName')['Value'], 'shop.example.com');
  const ipv4 = publicSystem({}, { protocol: 'http', deletionProtection: false, dns: { hostedZoneId: 'Z1', recordName: 'shop.example.com.' } }).stack('LoadBalancer');
  ipv4.expectCount('AWS::Route53::RecordSet', 1, { Type: 'A' });
  ipv4.expectNone('AWS::Route53::RecordSet', { Type: 'AAAA' });
  const none = publicSystem({}, { protocol: 'http', deletionProtection: false }).stack('LoadBalancer');
  none.expectNone('AWS::Route53::RecordSet');
  assert.not.ok(none.outputNames.includes('LoadBalancerDomainName'));
});

test('Route 53: the zone and the name may be deploy-time parameters, constrained like literals; bad ones are refused', () => {
  const out = compileTree((root) => {
    const zone = root.parameter('HostedZoneId', { Type: 'String' });
    const name = root.parameter('DomainName', { Type: 'String', Default: 'shop.example.com' });
    const lb = loadBalancer(root.nested('LoadBalancer'), { ...BASE, deletionProtection: false, dns: { hostedZoneId: zone.ref, recordName: name.ref } });
    loadBalancerOutputs(root, lb);
  });
  compiled.push(out);
  out.stack('LoadBalancer').resource('AWS::Route53::RecordSet', { HostedZoneId: { Ref: 'HostedZoneId' }, Name: { Ref: 'DomainName' } });
  assert.is(out.root.parameter('HostedZoneId')['AllowedPattern'], '^Z[0-9A-Z]{1,32}$');
  assert.is(out.root.parameter('DomainName')['MaxLength'], 255);
  assert.match(tryLb({ dns: { hostedZoneId: 'zone-1', recordName: 'shop.example.com' } }), /^loadBalancer\.dns\.hostedZoneId: "zone-1" is not a Route 53 hosted zone id/);
  assert.match(tryLb({ dns: { hostedZoneId: 'Z1', recordName: 'shop..example.com' } }), /^loadBalancer\.dns\.recordName: "shop\.\.example\.com" is not a DNS name/);
  assert.match(tryLb({ dns: { hostedZoneId: 'Z1' } as never }), /^loadBalancer\.dns\.recordName: undefined is missing: it is required$/);
});

// ---------------------------------------------------------------------------------------------- stickiness

const tg = (props: Partial<TargetGroupProps>) => {
  const out = compileTree((root) => void targetGroup(root, 'Tg', { vpcId: 'vpc-0123456789abcdef0', port: 8080, ...props }));
  compiled.push(out);
  return out.root.byId('Tg').properties['TargetGroupAttributes'];
};

test('stickiness: load balancer cookie (one day by default) or the application cookie', () => {
  assert.equal(tg({}), [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]);
  assert.equal(tg({ stickiness: { type: 'lb_cookie' } }), [
    { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    { Key: 'stickiness.enabled', Value: 'true' },
    { Key: 'stickiness.type', Value: 'lb_cookie' },
    { Key: 'stickiness.lb_cookie.duration_seconds', Value: '86400' },
  ]);
  assert.equal(tg({ stickiness: { type: 'app_cookie', cookieName: 'SESSION', durationSeconds: 3600 } }), [
    { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    { Key: 'stickiness.enabled', Value: 'true' },
    { Key: 'stickiness.type', Value: 'app_cookie' },
    { Key: 'stickiness.app_cookie.cookie_name', Value: 'SESSION' },
    { Key: 'stickiness.app_cookie.duration_seconds', Value: '3600' },
  ]);
});

test('stickiness: reserved cookie names, durations out of range, a missing cookie name and unknown types are refused', () => {
  const tryTg = (stickiness: unknown) => inputErrorOf(() => compileTree((root) => void targetGroup(root, 'Tg', { vpcId: 'vpc-1', port: 80, stickiness: stickiness as never })));
  for (const reserved of ['AWSALB', 'AWSALBAPP', 'AWSALBTG', 'AWSALBCORS']) {
    assert.match(tryTg({ type: 'app_cookie', cookieName: reserved }), new RegExp(`^targetGroup\\.stickiness\\.cookieName: "${reserved}" is not a cookie name \\(token characters, not starting with AWSALB\\)$`));
  }
  assert.match(tryTg({ type: 'app_cookie', cookieName: 'a b' }), /^targetGroup\.stickiness\.cookieName: "a b" is not a cookie name/);
  assert.match(tryTg({ type: 'lb_cookie', durationSeconds: 0 }), /^targetGroup\.stickiness\.durationSeconds: 0 is not an integer from 1 to 604800$/);
  assert.match(tryTg({ type: 'lb_cookie', durationSeconds: 604801 }), /^targetGroup\.stickiness\.durationSeconds: 604801 is not an integer from 1 to 604800$/);
  assert.match(tryTg({ type: 'app_cookie' }), /^targetGroup\.stickiness\.cookieName: undefined is missing: app_cookie stickiness follows a cookie of the application; name it$/);
  assert.match(tryTg({ type: 'source_ip' }), /^targetGroup\.stickiness\.type: "source_ip" is not one of the allowed values \(lb_cookie, app_cookie\)$/);
  assert.match(tryTg({ type: 'lb_cookie', cookieName: 'X' }), /^targetGroup\.stickiness\.cookieName: "X" is given, but lb_cookie stickiness uses the load balancer's own cookie/);
  assert.match(tryTg({ type: 'lb_cookie', duration: 60 }), /^targetGroup\.stickiness\.duration: 60 is not a known input; known: type, cookieName, durationSeconds$/);
});

// ---------------------------------------------------------------------------------------------- deploy-time and strict inputs

const BASE: LoadBalancerProps = { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], protocol: 'http' };
const tryLb = (props: Record<string, unknown>) => inputErrorOf(() => compileTree((root: Stack) => void loadBalancer(root, { ...BASE, ...props } as LoadBalancerProps)));

test('what a launching team chooses may be a parameter: the template takes the Ref and the parameter the constraint', () => {
  const out = compileTree((root) => {
    const p = (id: string, def: Parameters<Stack['parameter']>[1]) => root.parameter(id, def).ref;
    loadBalancer(root.nested('LoadBalancer'), {
      ...BASE,
      protocol: 'https',
      certificateArn: p('CertificateArn', { Type: 'String' }),
      sslPolicy: p('SslPolicy', { Type: 'String', Default: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
      httpsPort: p('HttpsPort', { Type: 'Number', Default: 443 }),
      name: p('LoadBalancerName', { Type: 'String', Default: 'shop' }),
      idleTimeoutSeconds: p('IdleTimeout', { Type: 'Number', Default: 60 }),
      deletionProtection: p('DeletionProtection', { Type: 'String', Default: 'true' }),
      http2: p('Http2', { Type: 'String', Default: 'true' }),
      ingressCidrs: [p('AllowedCidr', { Type: 'String', Default: '10.0.0.0/8' })],
      accessLogs: { expirationDays: p('LogDays', { Type: 'Number', Default: 30 }) },
    });
  });
  compiled.push(out);
  const lb = out.stack('LoadBalancer');
  const alb = lb.byId('LoadBalancer').properties;
  assert.equal(alb['Name'], { Ref: 'LoadBalancerName' });
  assert.equal(alb['LoadBalancerAttributes'], [
    { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    { Key: 'routing.http2.enabled', Value: { Ref: 'Http2' } },
    { Key: 'idle_timeout.timeout_seconds', Value: { Ref: 'IdleTimeout' } },
    { Key: 'deletion_protection.enabled', Value: { Ref: 'DeletionProtection' } },
    { Key: 'access_logs.s3.enabled', Value: 'true' },
    { Key: 'access_logs.s3.bucket', Value: { Ref: 'AccessLogBucket' } },
  ]);
  lb.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: { Ref: 'HttpsPort' }, SslPolicy: { Ref: 'SslPolicy' }, Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }] });
  lb.resource('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [{ RedirectConfig: { Port: { Ref: 'HttpsPort' } } }] });
  lb.resource('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ FromPort: 80, CidrIp: { Ref: 'AllowedCidr' } }, { FromPort: { Ref: 'HttpsPort' }, CidrIp: { Ref: 'AllowedCidr' }, Description: 'Listener port from a permitted CIDR block' }] });
  lb.resource('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [{ ExpirationInDays: { Ref: 'LogDays' } }] } });
  const parameter = (name: string) => out.root.parameter(name);
  assert.equal(parameter('DeletionProtection')['AllowedValues'], ['true', 'false']);
  assert.equal(parameter('Http2')['AllowedValues'], ['true', 'false']);
  assert.equal([parameter('IdleTimeout')['MinValue'], parameter('IdleTimeout')['MaxValue']], [1, 4000]);
  assert.equal([parameter('HttpsPort')['MinValue'], parameter('HttpsPort')['MaxValue']], [1, 65535]);
  assert.equal([parameter('LogDays')['MinValue'], parameter('LogDays')['MaxValue']], [1, 3650]);
  assert.ok((parameter('SslPolicy')['AllowedValues'] as string[]).includes('ELBSecurityPolicy-TLS13-1-3-2021-06'));
  for (const name of ['CertificateArn', 'LoadBalancerName', 'AllowedCidr']) assert.ok(parameter(name)['AllowedPattern'], `${name} has a pattern`);
  const cidr = new RegExp(String(parameter('AllowedCidr')['AllowedPattern']));
  assert.ok(cidr.test('10.0.0.0/8'));
  assert.not.ok(cidr.test('10.0.0.0/33'));
  assert.not.ok(new RegExp(String(parameter('LoadBalancerName')['AllowedPattern'])).test('internal-shop'));
});

test('a deletion-protection flag (and every other input) of the wrong type is refused, never copied', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ deletionProtection: 'false' }, /^loadBalancer\.deletionProtection: "false" is not true or false$/],
    [{ deletionProtection: 0 }, /^loadBalancer\.deletionProtection: 0 is not true or false$/],
    [{ http2: 'true' }, /^loadBalancer\.http2: "true" is not true or false$/],
    [{ dropInvalidHeaderFields: 'yes' }, /^loadBalancer\.dropInvalidHeaderFields: "yes" is not true or false$/],
    [{ idleTimeoutSeconds: '60' }, /^loadBalancer\.idleTimeoutSeconds: "60" is not an integer from 1 to 4000$/],
    [{ httpPort: 80.5 }, /^loadBalancer\.httpPort: 80\.5 is not an integer from 1 to 65535$/],
    [{ scheme: 'public' }, /^loadBalancer\.scheme: "public" is not one of the allowed values \(internet-facing, internal\)$/],
    [{ protocol: 'HTTPS' }, /^loadBalancer\.protocol: "HTTPS" is not one of the allowed values \(http, https\)$/],
    [{ deletionProtecton: false }, /^loadBalancer\.deletionProtecton: false is not a known input \(did you mean deletionProtection\?\)/],
    [{ accessLogs: { enabled: 'false' } }, /^loadBalancer\.accessLogs\.enabled: "false" is not true or false$/],
    [{ accessLogs: [] }, /^loadBalancer\.accessLogs: \[\] is not an object$/],
    [{ ingressCidrs: ['10.0.0.1/16'] }, /^loadBalancer\.ingressCidrs\[0\]: "10\.0\.0\.1\/16" has host bits set: the block starting at that address is 10\.0\.0\.0\/16$/],
    [{ ingressPrefixListIds: ['prefix'] }, /^loadBalancer\.ingressPrefixListIds\[0\]: "prefix" is not a managed prefix list id \(pl-\.\.\.\)$/],
    [{ subnetIds: ['subnet-1', null] }, /^loadBalancer\.subnetIds: \["subnet-1",null\] is not a list of subnets .* or a deploy-time list$/],
    [{ subnetIds: ['subnet-1', 'sg-1'] }, /^loadBalancer\.subnetIds\[1\]: "sg-1" is not a subnet id \(subnet-\.\.\.\)$/],
    [{ subnetIds: 'subnet-1' }, /^loadBalancer\.subnetIds: "subnet-1" is not a list of subnets .* or a deploy-time list$/],
    [{ vpcId: 'vpc_1' }, /^loadBalancer\.vpcId: "vpc_1" is not a VPC id \(vpc-\.\.\.\)$/],
    [{ name: 'internal-shop' }, /^loadBalancer\.name: "internal-shop" is not a name of letters, digits and inner hyphens \(1 to 32 characters, not starting with "internal-"\)$/],
    [{ defaultTargetGroupArn: 'arn:tg' }, /^loadBalancer\.defaultTargetGroupArn: "arn:tg" is not a target group ARN$/],
    [{ certificateArn: CERT }, /^loadBalancer\.certificateArn: ".*" is given but protocol is "http": an HTTP listener takes no certificate/],
    [{ accessLogs: { bucketName: 'logs-bucket', expirationDays: 30 } }, /^loadBalancer\.accessLogs\.expirationDays: 30 applies to the bucket made here, but bucketName names an existing one/],
    [{ accessLogs: { bucketName: 'Logs_Bucket' } }, /^loadBalancer\.accessLogs\.bucketName: "Logs_Bucket" is not an S3 bucket name$/],
  ];
  for (const [props, expected] of cases) assert.match(tryLb(props), expected, JSON.stringify(props));
});

test('cfn-lint and checkov are clean on every compiled tree', () => {
  assert.equal(lintCompiled(...compiled.map((c) => c.result)), []);
  assert.equal(checkovCompiled(...compiled.map((c) => c.result)), []);
});

test.run();
