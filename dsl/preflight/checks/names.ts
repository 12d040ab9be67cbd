/**
 * Physical names AWS rejects: too long, characters outside the API's set, or a reserved prefix.
 * Names a template derives from `${AWS::StackName}` are checked for every stack name
 * CloudFormation allows (a letter, then letters, digits and hyphens, 128 characters at most; a
 * nested stack's generated name too), so `ecs-platform-production` as a stack name cannot break a
 * capacity provider whose name starts with the stack name.
 */
import type { Json } from '../../wiring.js';
import type { PreflightCheck } from '../check.js';
import { subOf, subParts } from '../json.js';

export interface NameRule {
  property: string;
  max: number;
  min?: number;
  /** Characters (and shape) the API accepts, as a full-match pattern. */
  pattern: RegExp;
  /** Prefixes the API refuses (compared case-insensitively). */
  reservedPrefixes?: readonly string[];
  /**
   * CloudFormation names the resource `<stack name>-<logical id>-<random>` when the property is
   * left out: the stack name then decides the prefix.
   */
  generatedFromStackName?: boolean;
  source: string;
}

export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'AWS::ECS::CapacityProvider': {
    property: 'Name', max: 255, pattern: /^[a-zA-Z0-9_-]+$/, reservedPrefixes: ['aws', 'ecs', 'fargate'], generatedFromStackName: true,
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html',
  },
  'AWS::ECS::Cluster': { property: 'ClusterName', max: 255, pattern: /^[a-zA-Z0-9_-]+$/, source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html' },
  'AWS::ECS::Service': { property: 'ServiceName', max: 255, pattern: /^[a-zA-Z0-9_-]+$/, source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html' },
  'AWS::ECS::TaskDefinition': { property: 'Family', max: 255, pattern: /^[a-zA-Z0-9_-]+$/, source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html' },
  'AWS::KMS::Alias': {
    property: 'AliasName', max: 256, pattern: /^alias\/[a-zA-Z0-9/_-]+$/, reservedPrefixes: ['alias/aws/'],
    source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    property: 'Name', max: 32, pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/, reservedPrefixes: ['internal-'],
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    property: 'Name', max: 32, pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html',
  },
  'AWS::IAM::Role': { property: 'RoleName', max: 64, pattern: /^[\w+=,.@-]+$/, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  'AWS::IAM::InstanceProfile': { property: 'InstanceProfileName', max: 128, pattern: /^[\w+=,.@-]+$/, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html' },
  'AWS::SNS::Topic': { property: 'TopicName', max: 256, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, source: 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html' },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', max: 255, pattern: /^[^\x00-\x1f]+$/, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html' },
  'AWS::S3::Bucket': {
    property: 'BucketName', min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, reservedPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
  },
  'AWS::SSM::Parameter': {
    property: 'Name', max: 2048, pattern: /^[a-zA-Z0-9_.\-/]+$/, reservedPrefixes: ['aws', 'ssm', '/aws', '/ssm'],
    source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html',
  },
  'AWS::AutoScaling::AutoScalingGroup': { property: 'AutoScalingGroupName', max: 255, pattern: /^[^\x00-\x1f:]+$/, source: 'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html' },
  'AWS::EC2::LaunchTemplate': { property: 'LaunchTemplateName', min: 3, max: 128, pattern: /^[a-zA-Z0-9().\-/_]+$/, source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html' },
  'AWS::CodeDeploy::Application': { property: 'ApplicationName', max: 100, pattern: /^[^\x00-\x1f]+$/, source: 'https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateApplication.html' },
  'AWS::CodeDeploy::DeploymentGroup': { property: 'DeploymentGroupName', max: 100, pattern: /^[^\x00-\x1f]+$/, source: 'https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html' },
  'AWS::CloudFormation::StackSet': { property: 'StackSetName', max: 128, pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html' },
};

/** Stack names that stress a derived name: the longest, and ones starting like reserved prefixes. */
const LONGEST_STACK_NAME = 'S'.repeat(128);
const PROBE_STACK_NAMES = ['aws', 'aws-x', 'ecs', 'fargate', 'ssm', 'internal-x', 'xn--x', 'Upper-Case-1'];

/**
 * Renders a name for a given stack name: literal text kept, `${AWS::StackName}` replaced, any other
 * variable (a value only known at deploy time) as `unknown`, which stands for one letter.
 */
function render(value: Json, stackName: string): { text: string; unknown: boolean; derived: boolean } | undefined {
  if (typeof value === 'string') return { text: value, unknown: false, derived: false };
  const sub = subOf(value);
  if (!sub) return undefined;
  let text = '';
  let unknown = false;
  let derived = false;
  for (const part of subParts(sub.text)) {
    if ('text' in part) text += part.text;
    else if (part.variable === 'AWS::StackName' && !(part.variable in sub.variables)) {
      text += stackName;
      derived = true;
    } else {
      text += 'x';
      unknown = true;
    }
  }
  return { text, unknown, derived };
}

/**
 * `nested`: the logical id of the stack resource when the name is in a nested stack, whose name
 * CloudFormation makes `<parent stack name>-<logical id>-<suffix>` (so it never equals a probe).
 */
export function nameProblems(rule: NameRule, value: Json, nested?: string): string[] {
  const problems = new Set<string>();
  const stackNameOf = (probe: string) => (nested ? `${probe}-${nested}-1A2B3C4D5E6F` : probe);
  const longest = render(value, LONGEST_STACK_NAME);
  if (!longest) return [];
  const what = longest.derived ? ' for some stack names' : '';
  if (longest.text.length > rule.max) {
    problems.add(longest.derived ? `can be ${longest.text.length} characters long with a 128-character stack name; the limit is ${rule.max}` : `is ${longest.text.length} characters long; the limit is ${rule.max}`);
  }
  const samples = longest.derived ? PROBE_STACK_NAMES : [''];
  for (const stackName of samples) {
    const sample = render(value, longest.derived ? stackNameOf(stackName) : stackName)!;
    const reserved = (rule.reservedPrefixes ?? []).find((prefix) => sample.text.toLowerCase().startsWith(prefix));
    if (reserved) problems.add(`starts with the reserved prefix "${reserved}"${what} (e.g. stack name "${stackName}")`);
    if (!sample.unknown && !rule.pattern.test(sample.text)) problems.add(`has characters or a shape the API refuses${what} (${JSON.stringify(sample.text)} does not match ${rule.pattern.source})`);
    if (!sample.unknown && rule.min !== undefined && sample.text.length < rule.min) problems.add(`is shorter than ${rule.min} characters`);
  }
  return [...problems];
}

export const namesCheck: PreflightCheck = {
  id: 'names.api-rules',
  title: 'Physical names (literal or derived from the stack name) meet the API\'s length, character and reserved-prefix rules',
  why: 'CloudFormation passes names to the service API unchecked; a name the API refuses fails the stack at create, e.g. a capacity provider named after a stack called ecs-platform-production',
  source: 'the API reference of each type (see NAME_RULES in dsl/preflight/checks/names.ts)',
  run(tree, report) {
    for (const resource of tree.resources()) {
      const rule = NAME_RULES[resource.type];
      if (!rule) continue;
      const given = resource.properties[rule.property];
      const generated = given === undefined && rule.generatedFromStackName;
      // The generated name's length is CloudFormation's to keep; its prefix is the stack name's.
      const value = generated ? { 'Fn::Sub': '${AWS::StackName}-x' } : given;
      if (value === undefined) continue;
      const nested = resource.stack.includes('/') ? resource.stack.slice(resource.stack.lastIndexOf('/') + 1) : undefined;
      for (const problem of nameProblems(generated ? { ...rule, max: Infinity } : rule, value, nested)) {
        const what = generated ? `is left out, so CloudFormation names the resource after its stack, and that name ${problem}; give a name that cannot` : problem;
        report({ severity: 'error', stack: resource.stack, logicalId: resource.id, property: `Properties.${rule.property}`, message: `${what} (${rule.source})` });
      }
    }
  },
};
