/**
 * A parameter value checked against the template's constraints before CloudFormation sees it, as
 * CloudFormation applies them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html):
 * AllowedPattern (whole value, Java regex) and AllowedValues on strings and on each member of a
 * CommaDelimitedList; MinLength/MaxLength on String; Number is an integer or float, and
 * MinValue/MaxValue bound it; list members are space-trimmed. `List<Number>` and `List<AWS::...>`
 * members are checked one by one with their member type (as cfn-lint's E2015 checks list defaults).
 * AWS-specific EC2 id types must have their id's shape (a prefix and 8 or 17 hexadecimal digits:
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html); whether the resource
 * exists is left to CloudFormation.
 */
import { translateJavaRegex } from './java-regex.js';

export interface TemplateParameter {
  Type?: string;
  Default?: unknown;
  AllowedPattern?: string;
  AllowedValues?: unknown[];
  MinValue?: number | string;
  MaxValue?: number | string;
  MinLength?: number | string;
  MaxLength?: number | string;
  ConstraintDescription?: string;
  NoEcho?: boolean | string;
}

export interface ValueCheck {
  /** What the template does not allow, one sentence each, starting with the parameter name. */
  problems: string[];
  /** Constraints that could not be checked here (left to CloudFormation). */
  notes: string[];
}

const EC2_ID_PREFIX: Record<string, [prefix: string, what: string]> = {
  'AWS::EC2::Image::Id': ['ami', 'an AMI id'],
  'AWS::EC2::Instance::Id': ['i', 'an instance id'],
  'AWS::EC2::SecurityGroup::Id': ['sg', 'a security group id'],
  'AWS::EC2::Subnet::Id': ['subnet', 'a subnet id'],
  'AWS::EC2::Volume::Id': ['vol', 'a volume id'],
  'AWS::EC2::VPC::Id': ['vpc', 'a VPC id'],
};

/** Integer or float, as CloudFormation's Number type takes them. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_SHOWN = 120;

function shown(value: string, parameter: TemplateParameter): string {
  if (parameter.NoEcho === true || parameter.NoEcho === 'true') return '(a NoEcho value)';
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value) + (value.length > MAX_SHOWN ? ` (${value.length} characters)` : '');
}

const numberOf = (bound: number | string | undefined) => (bound === undefined || bound === '' ? undefined : Number(bound));

/** `from 1 to 5`, `of at least 1`, `of at most 5`, and the template's words for the bounds. */
function bounds(low: number | undefined, high: number | undefined, names: [string, string]): string {
  const text = low !== undefined && high !== undefined ? `from ${low} to ${high}` : low !== undefined ? `of at least ${low}` : `of at most ${high}`;
  const named = [low !== undefined ? `${names[0]} ${low}` : '', high !== undefined ? `${names[1]} ${high}` : ''].filter(Boolean).join(', ');
  return `${text} (${named})`;
}

/** Problems of one scalar (a String or Number value, or one list member) against `type`. */
function memberProblems(value: string, type: string, parameter: TemplateParameter, isListMember: boolean): { allowed: string; byConstraint: boolean }[] {
  const found: { allowed: string; byConstraint: boolean }[] = [];
  const ec2 = EC2_ID_PREFIX[type];
  if (ec2 && !new RegExp(`^${ec2[0]}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(value)) found.push({ allowed: `${ec2[1]} (${ec2[0]}- and 8 or 17 hexadecimal digits, Type ${type})`, byConstraint: false });
  if (type === 'Number') {
    if (!NUMBER.test(value)) return [{ allowed: 'a number (Type Number)', byConstraint: false }];
    const low = numberOf(parameter.MinValue);
    const high = numberOf(parameter.MaxValue);
    if ((low !== undefined && Number(value) < low) || (high !== undefined && Number(value) > high)) found.push({ allowed: `a number ${bounds(low, high, ['MinValue', 'MaxValue'])}`, byConstraint: true });
  }
  if (type === 'String' && !isListMember) {
    const low = numberOf(parameter.MinLength);
    const high = numberOf(parameter.MaxLength);
    if ((low !== undefined && value.length < low) || (high !== undefined && value.length > high)) found.push({ allowed: `a length ${bounds(low, high, ['MinLength', 'MaxLength'])}; it has ${value.length} characters`, byConstraint: true });
  }
  const allowedValues = parameter.AllowedValues?.map(String);
  if (allowedValues && !allowedValues.includes(value) && !(type === 'Number' && allowedValues.some((a) => Number(a) === Number(value)))) {
    found.push({ allowed: `one of ${allowedValues.join(', ')} (AllowedValues)`, byConstraint: true });
  }
  return found;
}

export function checkValue(name: string, value: string, parameter: TemplateParameter): ValueCheck {
  const type = parameter.Type ?? 'String';
  const problems: string[] = [];
  const notes: string[] = [];
  // An SSM parameter type takes the parameter's name; the constraints apply to what it resolves to.
  if (type.startsWith('AWS::SSM::Parameter::Value<')) return { problems, notes };
  const listOf = type === 'CommaDelimitedList' ? 'String' : /^List<(.+)>$/.exec(type)?.[1];
  const members = listOf === undefined ? [value] : value.split(',').map((m) => m.trim());
  const memberType = listOf ?? type;

  let pattern: RegExp | undefined;
  if (parameter.AllowedPattern !== undefined) {
    const translated = translateJavaRegex(parameter.AllowedPattern);
    if ('regex' in translated) pattern = translated.regex;
    else notes.push(`${name}: AllowedPattern ${parameter.AllowedPattern} is left to CloudFormation (${translated.unsupported})`);
  }
  const constraint = parameter.ConstraintDescription;
  members.forEach((member, index) => {
    const found = memberProblems(member, memberType, parameter, listOf !== undefined);
    if (pattern && !pattern.test(member)) found.push({ allowed: `a value matching AllowedPattern ${parameter.AllowedPattern}`, byConstraint: true });
    const subject = listOf === undefined ? `${name}: ${shown(value, parameter)}` : `${name}: member ${index + 1} of ${members.length}, ${shown(member, parameter)},`;
    for (const { allowed, byConstraint } of found) {
      problems.push(`${subject} is not allowed: ${byConstraint && constraint ? `${constraint} (${allowed})` : allowed}`);
    }
  });
  return { problems, notes };
}
