/**
 * EC2 instance types the EC2 API accepts, from the committed table scripts/generate-instance-types.ts
 * writes from the pinned botocore's EC2 model (`InstanceType`, as in
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html). A type the table lacks
 * fails the build: the launch template would take it, and the Auto Scaling group would fail at deploy.
 */
import { s } from '../../../dsl/index.js';
import table from './ec2-instance-types.json' with { type: 'json' };

const families: Readonly<Record<string, readonly string[]>> = table.families;
const familyNames = Object.keys(families);

/** `<family>.<size>`: what a deploy-time value must look like (its AllowedPattern); the table checks literals. */
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** What is wrong with `type`, or undefined when EC2 knows it. */
export function instanceTypeProblem(type: string): string | undefined {
  const dot = type.indexOf('.');
  const family = type.slice(0, dot);
  const size = type.slice(dot + 1);
  const sizes = Object.hasOwn(families, family) ? families[family] : undefined;
  if (!sizes) {
    const near = s.closestKey(family, familyNames);
    return `is not an EC2 instance type: there is no family ${JSON.stringify(family)}${near ? ` (did you mean ${near}?)` : ''}`;
  }
  if (!sizes.includes(size)) return `is not an EC2 instance type: ${family} comes in ${sizes.join(', ')}`;
  return undefined;
}

/** An EC2 instance type (`t3.medium`) the table knows. */
export const knownInstanceType = () => s.refine(s.text(INSTANCE_TYPE, 'an EC2 instance type (family.size, e.g. t3.medium)', { max: 64 }), instanceTypeProblem);

/** An EC2 instance type, checked against the table, or a deploy-time value matching `<family>.<size>`. */
export const ec2InstanceType = () => s.deployTime(knownInstanceType());
