/**
 * Dual-stack addressing for a new VPC: an Amazon-provided IPv6 /56 on the VPC, one /64 per subnet
 * carved from it at deploy time (the block is only known then), and an egress-only internet gateway
 * through which private subnets reach IPv6 destinations without being reachable from them.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-migrate-ipv6.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
 */
import { Fn, type Res, type Stack, type Tok } from '../../dsl/index.js';

/** Host bits of an IPv6 subnet: AWS subnets take a /64 (Fn::Cidr counts host bits). */
const SUBNET_HOST_BITS = 64;
/** A /56 holds 256 /64 subnets, the most Fn::Cidr carves in one call. */
const SUBNETS_IN_A_56 = 256;

export interface Ipv6Addressing {
  /** The association of the Amazon-provided block with the VPC. */
  block: Res<'AWS::EC2::VPCCidrBlock'>;
  egressOnlyGateway: Res<'AWS::EC2::EgressOnlyInternetGateway'>;
  /** The /64 of the subnet at `index` (0-based over all subnets of the VPC). */
  subnetBlock(index: number): Tok;
}

export function ipv6Addressing(stack: Stack, vpc: Res<'AWS::EC2::VPC'>, subnetCount: number): Ipv6Addressing {
  if (subnetCount > SUBNETS_IN_A_56) throw new Error(`ipv6Addressing: ${subnetCount} subnets do not fit a /56`);
  const block = stack.add('VpcIpv6Block', {
    Type: 'AWS::EC2::VPCCidrBlock',
    Properties: { VpcId: vpc.ref, AmazonProvidedIpv6CidrBlock: true },
  });
  const egressOnlyGateway = stack.add('EgressOnlyInternetGateway', {
    Type: 'AWS::EC2::EgressOnlyInternetGateway',
    Properties: { VpcId: vpc.ref },
  });
  const blocks = Fn.cidr(Fn.select(0, vpc.attr('Ipv6CidrBlocks')), subnetCount, SUBNET_HOST_BITS);
  return { block, egressOnlyGateway, subnetBlock: (index) => Fn.select(index, blocks) };
}
