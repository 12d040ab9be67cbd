import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Stack, Value } from '../../dsl/index.js';
import { existingNetwork, network } from '../../blueprints/network/index.js';
import {
  ELB_ACCOUNT_BY_REGION,
  LOG_DELIVERY_SERVICE_REGIONS,
  allowLoadBalancerToTarget,
  existingListener,
  listenerRule,
  loadBalancer,
  loadBalancerOutputs,
  targetGroup,
  type LoadBalancer,
  type LoadBalancerProps,
} from '../../blueprints/loadbalancer/index.js';
import { compileTree, inputErrorOf, type Compiled } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent, expectMatch } from '../helpers/template.js';

const compiled: Compiled[] = [];

/** Network + load balancer in nested stacks, the app (target group, rule) in a third. */
function system(lbProps: Partial<LoadBalancerProps>, app?: (stack: Stack, lb: LoadBalancer, vpcId: Value<string>) => void) {
  let lb: LoadBalancer | undefined;
  const out = compileTree((root) => {
    const net = network(root.nested('Network'), { cidr: '10.0.0.0/16', nat: 'none', flowLogs: { enabled: false } });
    const certificate = lbProps.protocol === 'http' ? undefined : root.parameter('CertificateArn', { Type: 'String', AllowedPattern: '^arn:aws[a-z-]*:acm:.+$' });
    lb = loadBalancer(root.nested('LoadBalancer'), {
      vpcId: net.ref.vpcId,
      subnetIds: net.ref.publicSubnetIds,
      ...(certificate ? { certificateArn: certificate.ref } : {}),
      ...lbProps,
    });
    loadBalancerOutputs(root, lb);
    if (app) app(root.nested('App'), lb, net.ref.vpcId);
  });
  compiled.push(out);
  return { out, lbView: out.stack('LoadBalancer'), lb: lb! };
}

const DENY_ALL_EGRESS = [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }];

test('HTTP only (seed 000): one HTTP listener answering 404, ingress on 80 only, attributes', () => {
  const { lbView, out } = system({ protocol: 'http', deletionProtection: false, idleTimeoutSeconds: 120 });
  lbView.expectCount('AWS::ElasticLoadBalancingV2::Listener', 1);
  lbView.resource('AWS::ElasticLoadBalancingV2::Listener', {
    LoadBalancerArn: { Ref: 'LoadBalancer' },
    Port: 80,
    Protocol: 'HTTP',
    SslPolicy: absent,
    DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' } }],
  });
  const sg = lbView.byId('LoadBalancerSecurityGroup', 'AWS::EC2::SecurityGroup');
  assert.equal(sg.properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Port 80 from a permitted CIDR block' },
  ]);
  assert.equal(sg.properties['SecurityGroupEgress'], DENY_ALL_EGRESS);
  expectMatch(sg.resource['Metadata'], { checkov: { skip: [{ id: 'CKV_AWS_260' }] } });
  const alb = lbView.byId('LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  expectMatch(alb.properties, {
    Type: 'application',
    Scheme: 'internet-facing',
    Name: absent,
    Subnets: [{ Ref: 'NetworkPublicSubnet1' }, { Ref: 'NetworkPublicSubnet2' }],
    SecurityGroups: [{ Ref: 'LoadBalancerSecurityGroup' }],
  });
  assert.equal(alb.properties['LoadBalancerAttributes'], [
    { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    { Key: 'routing.http2.enabled', Value: 'true' },
    { Key: 'idle_timeout.timeout_seconds', Value: '120' },
    { Key: 'deletion_protection.enabled', Value: 'false' },
    { Key: 'access_logs.s3.enabled', Value: 'true' },
    { Key: 'access_logs.s3.bucket', Value: { Ref: 'AccessLogBucket' } },
  ]);
  assert.equal(alb.resource['DependsOn'], ['AccessLogBucketPolicy']);
  expectMatch(out.root.output('LoadBalancerDnsName')['Value'], { 'Fn::GetAtt': ['LoadBalancer', 'Outputs.LoadBalancerLoadBalancerDNSName'] });
  for (const name of ['LoadBalancerHostedZoneId', 'LoadBalancerListenerArn', 'LoadBalancerSecurityGroupId']) out.root.output(name);
  assert.not.ok(out.root.outputNames.includes('LoadBalancerRedirectListenerArn'));
});

test('access log bucket: SSE-S3, private, versioned, expiring, TLS only, ELB delivery in every region', () => {
  const { lbView } = system({ protocol: 'http', accessLogs: { prefix: 'alb', expirationDays: 30 } });
  const bucket = lbView.byId('AccessLogBucket', 'AWS::S3::Bucket');
  assert.equal(bucket.properties, {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'ExpireAccessLogs',
          Status: 'Enabled',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    },
  });
  assert.is(bucket.resource['DeletionPolicy'], 'Retain');
  const policy = lbView.byId('AccessLogBucketPolicy', 'AWS::S3::BucketPolicy').properties['PolicyDocument'];
  assert.equal(policy, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LoadBalancerLogDelivery',
        Effect: 'Allow',
        Principal: {
          'Fn::If': [
            'AccessLogBucketRegionHasElbAccount',
            { AWS: { 'Fn::Sub': ['arn:${AWS::Partition}:iam::${Var0}:root', { Var0: { 'Fn::FindInMap': ['AccessLogBucketElbAccounts', { Ref: 'AWS::Region' }, 'Account'] } }] } },
            { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          ],
        },
        Action: 's3:PutObject',
        Resource: { 'Fn::Sub': '${AccessLogBucket.Arn}/alb/AWSLogs/${AWS::AccountId}/*' },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': ['AccessLogBucket', 'Arn'] }, { 'Fn::Sub': '${AccessLogBucket.Arn}/*' }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
  const mappings = lbView.template['Mappings'] as Record<string, Record<string, { Account: string }>>;
  assert.equal(Object.keys(mappings['AccessLogBucketElbAccounts']!), [...Object.keys(ELB_ACCOUNT_BY_REGION), ...LOG_DELIVERY_SERVICE_REGIONS]);
  assert.is(mappings['AccessLogBucketElbAccounts']!['eu-west-1']!.Account, '156460612806');
  assert.is(mappings['AccessLogBucketElbAccounts']!['eu-central-2']!.Account, 'none');
  // The condition holds exactly for the regions with an ELB account.
  const condition = JSON.stringify(lbView.conditions['AccessLogBucketRegionHasElbAccount']);
  for (const region of Object.keys(ELB_ACCOUNT_BY_REGION)) assert.ok(condition.includes(`"${region}"`), region);
  for (const region of LOG_DELIVERY_SERVICE_REGIONS) assert.not.ok(condition.includes(`"${region}"`), region);
  expectMatch(lbView.byId('LoadBalancer').properties['LoadBalancerAttributes'], [{}, {}, {}, { Value: 'true' }, {}, {}, { Key: 'access_logs.s3.prefix', Value: 'alb' }]);
});

test('HTTPS + redirect (seed 001): TLS 1.3 policy, certificate parameter, 80 redirects to 443', () => {
  const { lbView, out } = system({ protocol: 'https' });
  lbView.expectCount('AWS::ElasticLoadBalancingV2::Listener', 2);
  lbView.resource('AWS::ElasticLoadBalancingV2::Listener', {
    Port: 443,
    Protocol: 'HTTPS',
    SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
    DefaultActions: [{ Type: 'fixed-response' }],
  });
  lbView.resource('AWS::ElasticLoadBalancingV2::Listener', {
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
  });
  assert.equal(lbView.byId('LoadBalancerSecurityGroup').properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'Port 80 from a permitted CIDR block' },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'Port 443 from a permitted CIDR block' },
  ]);
  expectMatch(lbView.byId('LoadBalancer').properties['LoadBalancerAttributes'], [{}, {}, { Value: '60' }, { Value: 'true' }, {}, {}]);
  out.root.output('LoadBalancerRedirectListenerArn');
  assert.is(out.root.parameter('CertificateArn')['Type'], 'String');
});

test('internal ALB: ingress from the given CIDRs and prefix lists only, forward by default, named', () => {
  const { lbView } = system({
    protocol: 'http',
    scheme: 'internal',
    name: 'orders-internal',
    httpPort: 8080,
    ingressCidrs: ['10.0.0.0/16'],
    ingressPrefixListIds: ['pl-0123456789abcdef0'],
    defaultTargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/0123456789abcdef',
    accessLogs: { enabled: false },
    http2: false,
  });
  const sg = lbView.byId('LoadBalancerSecurityGroup');
  assert.equal(sg.properties['SecurityGroupIngress'], [
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/16', Description: 'Port 8080 from a permitted CIDR block' },
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourcePrefixListId: 'pl-0123456789abcdef0', Description: 'Port 8080 from a permitted prefix list' },
  ]);
  assert.is(sg.resource['Metadata'], undefined);
  const alb = lbView.byId('LoadBalancer');
  expectMatch(alb.properties, { Scheme: 'internal', Name: 'orders-internal' });
  assert.equal(alb.properties['LoadBalancerAttributes'], [
    { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    { Key: 'routing.http2.enabled', Value: 'false' },
    { Key: 'idle_timeout.timeout_seconds', Value: '60' },
    { Key: 'deletion_protection.enabled', Value: 'true' },
    { Key: 'access_logs.s3.enabled', Value: 'false' },
  ]);
  lbView.expectNone('AWS::S3::Bucket');
  lbView.resource('AWS::ElasticLoadBalancingV2::Listener', {
    Port: 8080,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/0123456789abcdef' }],
  });
});

test('target group, listener rule and the load balancer to target rules, across stacks', () => {
  const { out } = system({ protocol: 'https' }, (app, lb, vpcId) => {
    const tg = targetGroup(app, 'WebTargetGroup', {
      vpcId,
      port: 8080,
      healthCheck: { path: '/health', matcher: '200-299', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 4 },
      deregistrationDelaySeconds: 10,
    });
    listenerRule(app, 'WebRule', { listener: lb.listenerRef, priority: 100, pathPatterns: ['/web/*'], hostHeaders: ['example.com'], targetGroupArn: tg.ref });
    const tasks = app.add('TaskSecurityGroup', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'tasks', VpcId: vpcId, SecurityGroupEgress: DENY_ALL_EGRESS },
    });
    allowLoadBalancerToTarget(app, 'LoadBalancerToTasks', {
      loadBalancerSecurityGroupId: lb.listenerRef.loadBalancerSecurityGroupId!,
      targetSecurityGroupId: tasks.attr('GroupId'),
      port: 8080,
    });
  });
  const app = out.stack('App');
  assert.equal(app.byId('WebTargetGroup').properties, {
    VpcId: { Ref: 'NetworkVpc' },
    Port: 8080,
    Protocol: 'HTTP',
    TargetType: 'ip',
    HealthCheckEnabled: true,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPath: '/health',
    HealthCheckIntervalSeconds: 15,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 4,
    Matcher: { HttpCode: '200-299' },
    TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '10' }],
  });
  assert.equal(app.byId('WebRule').properties, {
    ListenerArn: { Ref: 'LoadBalancerHttpsListener' },
    Priority: 100,
    Conditions: [
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/web/*'] } },
      { Field: 'host-header', HostHeaderConfig: { Values: ['example.com'] } },
    ],
    Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'WebTargetGroup' } }],
  });
  assert.equal(app.byId('LoadBalancerToTasksEgress').properties, {
    GroupId: { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' },
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
    DestinationSecurityGroupId: { 'Fn::GetAtt': ['TaskSecurityGroup', 'GroupId'] },
    Description: 'Load balancer to targets on port 8080',
  });
  assert.equal(app.byId('LoadBalancerToTasksIngress').properties, {
    GroupId: { 'Fn::GetAtt': ['TaskSecurityGroup', 'GroupId'] },
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
    SourceSecurityGroupId: { Ref: 'LoadBalancerLoadBalancerSecurityGroupGroupId' },
    Description: 'Targets from the load balancer on port 8080',
  });
});

test('existing network and listener (seed 002): rule and target group from parameters', () => {
  const out = compileTree((root) => {
    const listenerArn = root.parameter('ListenerArn', { Type: 'String' });
    const priority = root.parameter('RulePriority', { Type: 'Number', MinValue: 1, MaxValue: 50000 });
    const net = existingNetwork({
      vpcId: root.parameter('VpcId', { Type: 'AWS::EC2::VPC::Id' }).ref,
      vpcCidr: '10.20.0.0/16',
      privateSubnetIds: root.parameter('SubnetIds', { Type: 'List<AWS::EC2::Subnet::Id>' }).ref,
    });
    const svc = root.nested('Service');
    const tg = targetGroup(svc, 'TargetGroup', { vpcId: net.vpcId, port: 80, name: 'orders-staging' });
    const listener = existingListener({ listenerArn: listenerArn.ref });
    listenerRule(svc, 'Rule', { listener, priority: priority.ref, pathPatterns: ['/orders/*'], targetGroupArn: tg.ref });
    listenerRule(svc, 'Rule2', { listener, priority: priority.ref, hostHeaders: ['orders.example.com'], targetGroupArn: tg.ref });
    svc.output('Subnets', net.privateSubnetIds);
  });
  compiled.push(out);
  const svc = out.stack('Service');
  svc.resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Name: 'orders-staging', VpcId: { Ref: 'VpcId' } });
  svc.resource('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: 'ListenerArn' }, Priority: { Ref: 'RulePriority' }, Conditions: [{ Field: 'path-pattern' }] });
  assert.equal(existingListener({ listenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/x/1/2' }).priorityScope, 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/x/1/2');
});

// ---------------------------------------------------------------------------------------------- errors

const TG_A = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/a/0123456789abcdef';
const TG_B = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/b/0123456789abcdef';
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const tryLb = (props: Partial<LoadBalancerProps>) =>
  inputErrorOf(() => compileTree((root) => void loadBalancer(root, { vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], protocol: 'http', ...props })));

test('errors: HTTPS without a certificate, bad names, TLS policy, ports, sources, subnets', () => {
  assert.match(tryLb({ protocol: 'https' }), /^loadBalancer\.certificateArn: undefined is missing: an HTTPS listener needs an ACM certificate ARN/);
  assert.match(tryLb({ protocol: undefined }), /^loadBalancer\.certificateArn: undefined is missing/);
  assert.match(tryLb({ path: 'web.alb', name: 'a-load-balancer-name-longer-than-32' }), /^web\.alb\.name: "a-load-balancer-name-longer-than-32" is longer than 32 characters \(35\)/);
  assert.match(tryLb({ name: '-web' }), /^loadBalancer\.name: "-web" is not a name of letters, digits and inner hyphens/);
  assert.match(tryLb({ protocol: 'https', certificateArn: 'arn:aws:acm:eu-west-1:1234:cert' }), /^loadBalancer\.certificateArn: "arn:aws:acm:eu-west-1:1234:cert" is not an ACM \(or IAM server\) certificate ARN/);
  assert.match(tryLb({ protocol: 'https', certificateArn: CERT, sslPolicy: 'ELBSecurityPolicy-2016-08' as never }), /^loadBalancer\.sslPolicy: "ELBSecurityPolicy-2016-08" is not a current TLS policy \(ELBSecurityPolicy-TLS13-1-2-2021-06, /);
  assert.match(tryLb({ protocol: 'https', certificateArn: CERT, httpPort: 443 }), /^loadBalancer\.httpsPort: 443 is also the HTTP port/);
  assert.match(tryLb({ scheme: 'internal' }), /^loadBalancer\.ingressCidrs: \[\] is empty and so is ingressPrefixListIds/);
  assert.match(tryLb({ ingressCidrs: ['0.0.0.0'] }), /^loadBalancer\.ingressCidrs\[0\]: "0\.0\.0\.0" is not an IPv4 CIDR block/);
  assert.match(tryLb({ subnetIds: ['subnet-1'] }), /^loadBalancer\.subnetIds: \["subnet-1"\] has 1 subnets \(an ALB needs subnets in at least two availability zones\); allowed: 2 to 200$/);
  assert.match(tryLb({ idleTimeoutSeconds: 0 }), /^loadBalancer\.idleTimeoutSeconds: 0 is not an integer from 1 to 4000/);
  assert.match(tryLb({ accessLogs: { prefix: '/alb/' } }), /^loadBalancer\.accessLogs\.prefix: "\/alb\/" is not an S3 key prefix/);
  assert.match(tryLb({ accessLogs: { prefix: 'x/AWSLogs' } }), /^loadBalancer\.accessLogs\.prefix: "x\/AWSLogs" contains "AWSLogs"/);
});

test('errors: target group name, port and health check', () => {
  const tryTg = (props: Partial<Parameters<typeof targetGroup>[2]>) =>
    inputErrorOf(() => compileTree((root) => void targetGroup(root, 'Tg', { vpcId: 'vpc-1', port: 80, ...props })));
  assert.match(tryTg({ name: 'orders-service-target-group-production' }), /^targetGroup\.name: "orders-service-target-group-production" is longer than 32 characters \(38\)/);
  assert.match(tryTg({ path: 'service.targetGroup', port: 0 }), /^service\.targetGroup\.port: 0 is not an integer from 1 to 65535/);
  assert.match(tryTg({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }), /^targetGroup\.healthCheck\.timeoutSeconds: 10 must be less than the interval \(10 s\)/);
  assert.match(tryTg({ healthCheck: { path: 'health' } }), /^targetGroup\.healthCheck\.path: "health" is not a path starting with "\/"/);
  assert.match(tryTg({ healthCheck: { matcher: '2xx' } }), /^targetGroup\.healthCheck\.matcher: "2xx" is not HTTP codes/);
  assert.match(tryTg({ healthCheck: { healthyThreshold: 1 } }), /^targetGroup\.healthCheck\.healthyThreshold: 1 is not an integer from 2 to 10/);
  assert.match(tryTg({ deregistrationDelaySeconds: 4000 }), /^targetGroup\.deregistrationDelaySeconds: 4000 is not an integer from 0 to 3600/);
});

test('errors: duplicate rule priorities name both users; separate trees do not collide', () => {
  const listener = existingListener({ listenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/1/2' });
  const twoRules = (second: number, otherListener = false) => (root: Stack) => {
    listenerRule(root.nested('A'), 'Rule', { listener, priority: 10, pathPatterns: ['/a/*'], targetGroupArn: TG_A });
    const other = otherListener ? existingListener({ listenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/1/3' }) : listener;
    listenerRule(root.nested('B'), 'Rule', { path: 'b.rule', listener: other, priority: second, pathPatterns: ['/b/*'], targetGroupArn: TG_B });
  };
  const message = inputErrorOf(() => compileTree(twoRules(10)));
  assert.match(message, /^b\.rule\.priority: 10 is already the priority of Root\/A\/Rule on listener arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener\/app\/web\/1\/2 \(used again by Root\/B\/Rule\)/);
  compileTree(twoRules(11));
  compileTree(twoRules(11));
  compileTree(twoRules(10, true));
  assert.match(inputErrorOf(() => compileTree(twoRules(50001))), /^b\.rule\.priority: 50001 is not an integer from 1 to 50000/);
  assert.match(
    inputErrorOf(() =>
      compileTree((root) => void listenerRule(root, 'R', { listener, priority: 1, pathPatterns: ['/a', '/b', '/c'], hostHeaders: ['a.example', 'b.example', 'c.example'], targetGroupArn: TG_A })),
    ),
    /^listenerRule\.pathPatterns: 6 condition values in all; a listener rule allows at most 5/,
  );
  assert.match(
    inputErrorOf(() => compileTree((root) => void listenerRule(root, 'R', { listener, priority: 1, targetGroupArn: TG_A }))),
    /^listenerRule\.pathPatterns: undefined is missing: give pathPatterns, hostHeaders or both/,
  );
});

test('every compiled tree is cfn-lint clean', () => {
  assert.equal(lintCompiled(...compiled.map((c) => c.result)), []);
});

test.run();
