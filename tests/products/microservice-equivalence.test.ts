/**
 * The microservice was rebuilt on the shared blueprints (fargateService with its security group, load
 * balancing, discovery and step scaling) instead of its hand-written ECS service. Its template must
 * stay equivalent to the one compiled before (tests/fixtures/microservice-before.json): the same
 * resources of the same types, referencing the same things, with the same properties, except for the
 * differences listed here, each with its reason. Any other difference fails.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEnvironment } from '../../build/compile-product.js';
import product from '../../build/products/microservice.js';
import { referenceGraph, renameReferences, templateDifferences, type JsonObject, type Renames } from '../helpers/template-diff.js';

const before = JSON.parse(readFileSync('tests/fixtures/microservice-before.json', 'utf8')) as JsonObject;
const after = buildEnvironment(product, 'template', 'json').result.root.template as unknown as JsonObject;

/**
 * Logical ids the rebuild changed: only conditions (the resources and the first slot's source
 * parameters keep their released ids, see `keepLogicalIds` in the product), which became the first of
 * two slots per kind.
 */
const renames: Renames = {
  ids: {
    AllowSecurityGroup: 'HasAllowedSecurityGroup1',
    AllowCidr: 'HasAllowedCidr1',
    AllowPrefixList: 'HasAllowedPrefixList1',
  },
};

const SLOT = '(SecurityGroup|Cidr|PrefixList)';
/** Every expected difference: where (a pattern over `<section>.<id>[.<path>]`) and why. */
const EXPECTED: { where: RegExp; why: string }[] = [
  {
    where: /^Resources\.Service\.Properties\.DesiredCount$/,
    why: 'the service blueprint leaves DesiredCount to auto scaling: a stack update no longer resets the running count (ECS starts at 1, the scaler raises it to MinCapacity)',
  },
  { where: /^Parameters\.DesiredCount$/, why: 'removed with DesiredCount: MinCapacity is the count at launch' },
  { where: /^Resources\.Service\.Properties\.ForceNewDeployment$/, why: "seed 002's force_new_deployment: a new DeploymentNonce redeploys an unchanged image tag" },
  { where: /^Parameters\.DeploymentNonce$|^Conditions\.HasDeploymentNonce$/, why: 'force_new_deployment, see above' },
  {
    where: /^Resources\.(TaskDefinition\.Properties\.ContainerDefinitions\[0\]\.(Name|LogConfiguration\.Options\.awslogs-stream-prefix)|Service\.Properties\.LoadBalancers\[0\]\.ContainerName)$|^Parameters\.ContainerName$/,
    why: "seed 002's container_name (default app, as before): the container, its log streams and the load balancer target",
  },
  {
    where: /^Resources\.TaskDefinition\.Properties\.ContainerDefinitions\[0\]\.(Cpu|Memory)$|^Parameters\.Container(Cpu|Memory)$|^Conditions\.NoContainer(Cpu|Memory)$/,
    why: "seed 002's container_cpu/container_memory; 0 (the default) leaves them out, as before: the container may use the whole task",
  },
  {
    where: /^Resources\.TaskDefinition\.Properties\.ContainerDefinitions\[0\]\.Environment$|^Parameters\.EnvironmentVariable[1-3](Name|Value)$|^Conditions\.HasEnvironmentVariable[1-3]$/,
    why: "seed 002's container_environment_variables: three optional name/value slots after PROJECT and ENVIRONMENT",
  },
  {
    where: /^Resources\.TargetGroup\.Properties\.(Protocol|HealthCheckProtocol)$|^Parameters\.TargetGroupProtocol$/,
    why: "seed 002's target_group_protocol: HTTPS to the tasks (encryption in transit); HTTP stays the default",
  },
  {
    where: /^Resources\.TaskRole\.Properties\.ManagedPolicyArns\.Fn::If\[[12]\]\.(Fn::If|Ref)$|^Parameters\.TaskRolePolicyArns$|^Conditions\.HasTaskRolePolicies$/,
    why: "seed 002's task_role_policy, as customer managed policy ARNs attached next to the managed ones (a JSON policy parameter would be an unchecked grant)",
  },
  {
    where: /^Parameters\.TaskRoleManagedPolicyArns\.AllowedPattern$/,
    why: 'each member is now checked to be a policy ARN at launch (before: by IAM when the role was made)',
  },
  {
    where: new RegExp(`^Resources\\.IngressFrom${SLOT}\\.Properties\\.(Description|(From|To)Port\\.(Fn::If|Ref))$`),
    why: 'each ingress rule has its own ports (empty: the container port, as before) and description (default: the one before), from parameters',
  },
  {
    where: new RegExp(`^Resources\\.IngressFrom${SLOT}2$|^Parameters\\.Allowed${SLOT}(2|[12](Ports|Description))$|^Conditions\\.(HasAllowed${SLOT}2|Allowed${SLOT}[12]OnContainerPort)$`),
    why: "seed 002's three rule maps with more than one entry each: a second slot per kind, and ports and a description per slot",
  },
  { where: /^Rules\.IngressSourceGiven\.Assertions\[0\]\.(Assert\.Fn::Not\[0\]\.Fn::And|AssertDescription)$/, why: 'at least one source among all six slots' },
  {
    where: /^Resources\.(LogsKey|TaskExecutionRole|TaskRole|ListenerRule|Namespace|Discovery|ScalableTarget|ScalingCpu(High|Low)Alarm)\.Properties\.Tags$/,
    why: "seed 002's tags: Project and Environment on every resource that takes tags (before: five of them); the team's own tags are launch (stack) tags",
  },
  {
    where: /^Parameters\.ProjectName\.(AllowedPattern|MaxLength|MinLength|ConstraintDescription)$/,
    why: 'the Cloud Map DNS label the service discovery input requires (one definition, from the blueprint) instead of a narrower pattern of its own, and the tag value grammar (the name is also the Project tag)',
  },
  { where: /^Parameters\.PathPattern\.MinLength$/, why: 'the listener rule input adds its length bounds (1 to 128; the pattern already said so)' },
  { where: /^Parameters\.HealthCheckPath\.AllowedPattern$/, why: 'the target group input\'s pattern alone: the one this template declared accepted the same paths' },
];

const where = (difference: string) => difference.slice(0, difference.indexOf(': '));

test('after the renames, every difference from the template compiled before the rebuild is an expected one, and each expected one occurs', () => {
  const differences = templateDifferences(before, after, renames);
  const unexplained = differences.filter((d) => !EXPECTED.some((e) => e.where.test(where(d))));
  assert.equal(unexplained, [], `differences without a reason:\n${unexplained.join('\n')}`);
  const unseen = EXPECTED.filter((e) => !differences.some((d) => e.where.test(where(d)))).map((e) => e.where.source);
  assert.equal(unseen, [], 'expected differences that did not occur');
});

test('the same resources of the same types: every resource made before is made, under its new id', () => {
  const types = (template: JsonObject, ids: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(template['Resources'] as Record<string, { Type: string }>).map(([id, r]) => [ids[id] ?? id, r.Type]));
  const old = types(before, renames.ids);
  const now = types(after);
  for (const [id, type] of Object.entries(old)) assert.is(now[id], type, id);
  assert.equal(Object.keys(now).filter((id) => !(id in old)), ['IngressFromSecurityGroup2', 'IngressFromCidr2', 'IngressFromPrefixList2']);
});

test('the reference graph: every reference made before is made, and the new ones are the new inputs', () => {
  const old = new Map([...referenceGraph(renameReferences(before, renames) as JsonObject)].map(([id, references]) => [renames.ids[id] ?? id, references]));
  const now = referenceGraph(after);
  const added: string[] = [];
  for (const [id, references] of old) {
    const current = now.get(id)!;
    const lost = references.filter((r) => !current.includes(r));
    // DesiredCount is the one reference dropped (see the expected differences).
    assert.equal(lost, id === 'Service' ? ['DesiredCount'] : [], `${id} lost references`);
    added.push(...current.filter((r) => !references.includes(r)).map((r) => `${id} -> ${r}`));
  }
  // The tags reference ProjectName and Environment from every resource that takes tags.
  const tagged = ['Discovery', 'ListenerRule', 'LogsKey', 'Namespace', 'ScalableTarget', 'TaskExecutionRole', 'TaskRole'];
  assert.equal(added.filter((a) => / -> (Environment|ProjectName)$/.test(a)).sort(), tagged.flatMap((id) => (id === 'Discovery' ? [`${id} -> Environment`] : [`${id} -> Environment`, `${id} -> ProjectName`])).sort());
  assert.equal(added.filter((a) => !/ -> (Environment|ProjectName)$/.test(a)).sort(), [
    'IngressFromCidr -> AllowedCidr1Description',
    'IngressFromCidr -> AllowedCidr1OnContainerPort',
    'IngressFromCidr -> AllowedCidr1Ports',
    'IngressFromPrefixList -> AllowedPrefixList1Description',
    'IngressFromPrefixList -> AllowedPrefixList1OnContainerPort',
    'IngressFromPrefixList -> AllowedPrefixList1Ports',
    'IngressFromSecurityGroup -> AllowedSecurityGroup1Description',
    'IngressFromSecurityGroup -> AllowedSecurityGroup1OnContainerPort',
    'IngressFromSecurityGroup -> AllowedSecurityGroup1Ports',
    'Service -> ContainerName',
    'Service -> DeploymentNonce',
    'Service -> HasDeploymentNonce',
    'TargetGroup -> TargetGroupProtocol',
    'TaskDefinition -> ContainerCpu',
    'TaskDefinition -> ContainerMemory',
    'TaskDefinition -> ContainerName',
    'TaskDefinition -> EnvironmentVariable1Name',
    'TaskDefinition -> EnvironmentVariable1Value',
    'TaskDefinition -> EnvironmentVariable2Name',
    'TaskDefinition -> EnvironmentVariable2Value',
    'TaskDefinition -> EnvironmentVariable3Name',
    'TaskDefinition -> EnvironmentVariable3Value',
    'TaskDefinition -> HasEnvironmentVariable1',
    'TaskDefinition -> HasEnvironmentVariable2',
    'TaskDefinition -> HasEnvironmentVariable3',
    'TaskDefinition -> NoContainerCpu',
    'TaskDefinition -> NoContainerMemory',
    'TaskRole -> HasTaskRolePolicies',
    'TaskRole -> TaskRolePolicyArns',
  ]);
});

test('the comparison finds what it should: a changed property, a lost resource and a changed type are differences', () => {
  const copy = JSON.parse(JSON.stringify(after)) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  copy.Resources['TargetGroup']!.Properties['Port'] = 8080;
  delete copy.Resources['Discovery'];
  copy.Resources['LogsKey']!.Type = 'AWS::KMS::ReplicaKey';
  const differences = templateDifferences(after, copy as unknown as JsonObject, { ids: {} });
  assert.equal(differences, [
    'Resources.LogsKey.Type: "AWS::KMS::Key" -> "AWS::KMS::ReplicaKey"',
    'Resources.TargetGroup.Properties.Port: {"Ref":"ContainerPort"} -> 8080',
    'Resources.Discovery: removed',
  ]);
});

test.run();
