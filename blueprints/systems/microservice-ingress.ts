/**
 * Who may reach the microservice's tasks: seed 002's three rule maps (security groups, CIDRs, prefix
 * lists, each entry with its own ports and description) as a fixed number of optional rule slots per
 * kind. A CloudFormation template cannot take a map, and a rule built per member of a list parameter
 * (the LanguageExtensions transform's Fn::ForEach) could carry no port range and description of its
 * own per member and would name its rule resources after the values (a changed CIDR would replace the
 * rule under another logical id). So each slot is three parameters (the source, the ports, the
 * description) and one `AWS::EC2::SecurityGroupIngress` under a Condition that holds when the source
 * is given. An empty port field means the container port.
 */
import { Fn, type ConditionHandle, type ParameterHandle, type Res, type Stack, type Value } from '../../dsl/index.js';

/** Rule slots of each kind. */
export const INGRESS_SLOTS_PER_KIND = 2;

/** A port, 1 to 65535, as a pattern (the `Ports` parameters are text: one port or a range). */
const PORT = '([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
/**
 * A security group rule description: up to 255 of a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html, Description).
 */
const RULE_DESCRIPTION = '^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}$';

interface SlotKind {
  /** Parameter and resource name part: `SecurityGroup` -> `AllowedSecurityGroup2` (the first slot's source: `firstSource`). */
  name: 'SecurityGroup' | 'Cidr' | 'PrefixList';
  /** The AWS::EC2::SecurityGroupIngress property that names the source. */
  property: 'SourceSecurityGroupId' | 'CidrIp' | 'SourcePrefixListId';
  pattern: string;
  what: string;
  label: string;
  /**
   * The first slot's source parameter as released before there were slots: kept, so a team that
   * updates a launched product keeps the value it gave (a renamed parameter would fall back to empty
   * and drop the rule).
   */
  firstSource: string;
}

const KINDS: readonly SlotKind[] = [
  { name: 'SecurityGroup', property: 'SourceSecurityGroupId', pattern: 'sg-[0-9a-f]{8,17}', what: 'a security group id (sg-...)', label: 'security group', firstSource: 'AllowedSecurityGroupId' },
  {
    name: 'Cidr',
    property: 'CidrIp',
    // /1 to /32: the whole internet reaches tasks through the load balancer, never directly.
    pattern: '((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([1-9]|[12][0-9]|3[0-2])',
    what: 'an IPv4 CIDR, /1 to /32',
    label: 'CIDR',
    firstSource: 'AllowedCidr',
  },
  { name: 'PrefixList', property: 'SourcePrefixListId', pattern: 'pl-[0-9a-f]{8,17}', what: 'a managed prefix list id (pl-...)', label: 'prefix list', firstSource: 'AllowedPrefixListId' },
];

export interface IngressSlot {
  kind: SlotKind['name'];
  property: SlotKind['property'];
  /** 1-based number of the slot within its kind. */
  number: number;
  source: ParameterHandle;
  ports: ParameterHandle;
  description: ParameterHandle;
}

/** The slots' parameters, security groups first, then CIDRs, then prefix lists. */
export function ingressSlotParameters(root: Stack): IngressSlot[] {
  return KINDS.flatMap((kind) =>
    Array.from({ length: INGRESS_SLOTS_PER_KIND }, (_, i) => {
      const id = `Allowed${kind.name}${i + 1}`;
      const number = i + 1;
      return {
        kind: kind.name,
        property: kind.property,
        number,
        source: root.parameter(number === 1 ? kind.firstSource : id, {
          Type: 'String',
          Default: '',
          AllowedPattern: `^(${kind.pattern})?$`,
          ConstraintDescription: `empty or ${kind.what}`,
          Description: 'Source admitted. Empty: no rule',
          Label: `Allowed ${kind.label} ${number}`,
        }),
        ports: root.parameter(`${id}Ports`, {
          Type: 'String',
          Default: '',
          AllowedPattern: `^(${PORT}(-${PORT})?)?$`,
          ConstraintDescription: 'empty, a port or a range (8000-8100) of 1 to 65535',
          Description: 'Port or range. Empty: the container port',
          Label: `Allowed ${kind.label} ${number} ports`,
        }),
        description: root.parameter(`${id}Description`, {
          Type: 'String',
          // The first slot's default is the description released versions gave the rule.
          Default: number === 1 ? `From the allowed ${kind.label}` : `From the allowed ${kind.label} ${number}`,
          AllowedPattern: RULE_DESCRIPTION,
          ConstraintDescription: '1 to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*',
          Description: 'Rule description',
          Label: `Allowed ${kind.label} ${number} description`,
        }),
      };
    }),
  );
}

/** Holds when the slot's source is given. */
export function slotGiven(root: Stack, slot: IngressSlot): ConditionHandle {
  return root.condition(`HasAllowed${slot.kind}${slot.number}`, Fn.not(Fn.equals(slot.source.ref, '')));
}

/**
 * One ingress rule per slot, each made only when its source is given. Ports: `443` or `8000-8100`
 * (`${Ports}-${Ports}` split at `-` gives the first and last port either way), or the container
 * port when empty. The range's order (from <= to) is checked by EC2 when the rule is made.
 */
export function ingressSlotRules(
  root: Stack,
  slots: readonly IngressSlot[],
  groupId: Value<string>,
  containerPort: Value<number>,
): Res<'AWS::EC2::SecurityGroupIngress'>[] {
  return slots.map((slot) => {
    const onContainerPort = root.condition(`Allowed${slot.kind}${slot.number}OnContainerPort`, Fn.equals(slot.ports.ref, ''));
    const bounds = Fn.split('-', Fn.sub`${slot.ports.ref}-${slot.ports.ref}`);
    const port = (index: 0 | 1) => Fn.if(onContainerPort, containerPort, Fn.select(index, bounds));
    // The first slot keeps the rule's released logical id (a new id would replace the rule).
    return root.add(`IngressFrom${slot.kind}${slot.number === 1 ? '' : slot.number}`, {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Condition: slotGiven(root, slot),
      Properties: {
        GroupId: groupId,
        IpProtocol: 'tcp',
        FromPort: port(0),
        ToPort: port(1),
        [slot.property]: slot.source.ref,
        Description: slot.description.ref,
      },
    });
  });
}
