/**
 * Classification against AWS's own word, over every resource of every product: one property
 * changed at a time in the compiled templates, the diff must say what the CloudFormation
 * reference says ("Update requires: Replacement / No interruption / Some interruptions"), and
 * for every create-only path the registry lists it must find the replacement, for every other
 * top-level property none.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogue } from '../../build/catalogue.js';
import { diffEnvironment } from '../../scripts/diff/diff-environment.js';
import { typeFacts } from '../../scripts/diff/effects.js';
import { isObject } from '../../scripts/diff/json.js';
import type { Effect, EnvironmentSource, Json, JsonObject } from '../../scripts/diff/model.js';
import { isDeployTime } from '../../scripts/diff/references.js';
import { build, sourceOf } from './helpers.js';

const environments: EnvironmentSource[] = catalogue.flatMap((product) => Object.keys(product.environments).map((environment) => sourceOf(build(product, environment))));

/** The environment with one resource's property set to `value` (that resource copied; the rest shared). */
function withProperty(env: EnvironmentSource, stack: string, id: string, path: (string | number)[], value: Json): EnvironmentSource {
  const original = env.stacks.get(stack)!.template;
  const resource = structuredClone(original.Resources![id]!);
  const template = { ...original, Resources: { ...original.Resources, [id]: resource } };
  let holder: Json = resource.Properties ?? (resource.Properties = {});
  for (const segment of path.slice(0, -1)) holder = (holder as Record<string, Json>)[segment as string]!;
  (holder as Record<string, Json>)[path.at(-1) as string] = value;
  const stacks = new Map(env.stacks);
  stacks.set(stack, { path: stack, template });
  return { ...env, stacks };
}

/** A literal unlike `value` (strings and numbers altered, booleans flipped, anything else a marker). */
function another(value: Json | undefined): Json {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}-changed`;
  return 'changed-by-test';
}

function effectOf(env: EnvironmentSource, stack: string, id: string, path: (string | number)[], value: Json): Effect | undefined {
  // The stack alone: what one property does to its own resource does not depend on the rest of the tree.
  const alone = { ...env, stacks: new Map([[stack, env.stacks.get(stack)!]]) };
  const diff = diffEnvironment(alone, withProperty(alone, stack, id, path, value));
  return diff.stacks.find((s) => s.path === stack)?.resources.find((r) => r.logicalId === id)?.effect;
}

/** From each type's page of the CloudFormation template reference ("Update requires"). */
const FACTS: [type: string, property: string, effect: Effect, source: string][] = [
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Port', 'replacement', 'aws-resource-elasticloadbalancingv2-targetgroup.html#cfn-elasticloadbalancingv2-targetgroup-port'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'HealthCheckPath', 'in-place', 'aws-resource-elasticloadbalancingv2-targetgroup.html#cfn-elasticloadbalancingv2-targetgroup-healthcheckpath'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Scheme', 'replacement', 'aws-resource-elasticloadbalancingv2-loadbalancer.html#cfn-elasticloadbalancingv2-loadbalancer-scheme'],
  ['AWS::ECS::Service', 'DesiredCount', 'in-place', 'aws-resource-ecs-service.html#cfn-ecs-service-desiredcount'],
  ['AWS::ECS::Service', 'ServiceName', 'replacement', 'aws-resource-ecs-service.html#cfn-ecs-service-servicename'],
  ['AWS::ECS::Service', 'LaunchType', 'may-replace', 'aws-resource-ecs-service.html#cfn-ecs-service-launchtype'],
  ['AWS::ECS::TaskDefinition', 'Cpu', 'replacement', 'aws-resource-ecs-taskdefinition.html#cfn-ecs-taskdefinition-cpu'],
  ['AWS::ECS::Cluster', 'ClusterSettings', 'in-place', 'aws-resource-ecs-cluster.html#cfn-ecs-cluster-clustersettings'],
  ['AWS::EC2::SecurityGroup', 'GroupDescription', 'replacement', 'aws-resource-ec2-securitygroup.html#cfn-ec2-securitygroup-groupdescription'],
  ['AWS::EC2::VPC', 'CidrBlock', 'replacement', 'aws-resource-ec2-vpc.html#cfn-ec2-vpc-cidrblock'],
  ['AWS::EC2::VPC', 'EnableDnsHostnames', 'in-place', 'aws-resource-ec2-vpc.html#cfn-ec2-vpc-enablednshostnames'],
  ['AWS::EC2::Subnet', 'CidrBlock', 'replacement', 'aws-resource-ec2-subnet.html#cfn-ec2-subnet-cidrblock'],
  ['AWS::Logs::LogGroup', 'RetentionInDays', 'in-place', 'aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays'],
  ['AWS::Logs::LogGroup', 'LogGroupName', 'replacement', 'aws-resource-logs-loggroup.html#cfn-logs-loggroup-loggroupname'],
  ['AWS::KMS::Key', 'Description', 'in-place', 'aws-resource-kms-key.html#cfn-kms-key-description'],
  ['AWS::IAM::Role', 'RoleName', 'replacement', 'aws-resource-iam-role.html#cfn-iam-role-rolename'],
  ['AWS::IAM::Role', 'Description', 'in-place', 'aws-resource-iam-role.html#cfn-iam-role-description'],
];

function* resourcesOf(type?: string) {
  for (const env of environments) {
    for (const [stack, source] of env.stacks) {
      for (const [id, resource] of Object.entries(source.template.Resources ?? {})) if (!type || resource.Type === type) yield { env, stack, id, resource, template: source.template };
    }
  }
}

test('each documented update behaviour, on every resource of that type in the catalogue', () => {
  for (const [type, property, expected, page] of FACTS) {
    let checked = 0;
    for (const { env, stack, id, resource, template } of resourcesOf(type)) {
      const current = resource.Properties?.[property];
      if (isDeployTime(current, template)) continue;
      assert.is(effectOf(env, stack, id, [property], another(current)), expected, `${env.product}/${env.environment} ${stack}/${id} ${property} (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/${page})`);
      checked++;
    }
    assert.ok(checked > 0, `the catalogue has a ${type} to check ${property} on`);
  }
});

test('every create-only path present in a compiled resource replaces it when changed; other top-level properties do not', () => {
  let createOnly = 0;
  let updatable = 0;
  for (const { env, stack, id, resource, template } of resourcesOf()) {
    if (resource.Type === 'AWS::CloudFormation::Stack') continue;
    const facts = typeFacts(resource.Type);
    const props = resource.Properties ?? {};
    for (const pattern of facts.createOnly) {
      // The first concrete path the pattern selects (list items: the first).
      const path: (string | number)[] = [];
      let value: Json | undefined = props;
      for (const part of pattern) {
        if (part === '*') {
          if (!Array.isArray(value) || !value.length) break;
          path.push(0);
          value = value[0];
        } else {
          if (!isObject(value) || value[part] === undefined) break;
          path.push(part);
          value = (value as JsonObject)[part];
        }
      }
      if (path.length !== pattern.length || value === undefined) continue;
      const expected: Effect = isDeployTime(value, template) ? 'may-replace' : 'replacement';
      assert.is(effectOf(env, stack, id, path, another(value)), expected, `${stack}/${id} ${pattern.join('/')}`);
      createOnly++;
    }
    const guarded = [...facts.createOnly, ...facts.conditional].map((p) => p[0]);
    for (const [property, value] of Object.entries(props)) {
      if (guarded.includes(property) || property === facts.name || isDeployTime(value, template)) continue;
      assert.is(effectOf(env, stack, id, [property], another(value)), 'in-place', `${stack}/${id} ${property}`);
      updatable++;
    }
  }
  assert.ok(createOnly > 100 && updatable > 300, `checked ${createOnly} create-only and ${updatable} updatable properties`);
});

test.run();
