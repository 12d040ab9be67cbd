/**
 * An AWS Organization on the local emulator, for StackSet tests: OUs with one member account each,
 * and a look inside a member account. Each runs as one boto3 process of the pinned venv (the AWS CLI
 * would start a process per call).
 */
import { execFileSync } from 'node:child_process';
import { venvTool } from '../../../scripts/sandbox/moto.js';
import { REGION } from './sandbox.js';

export interface Organization {
  root: string;
  /** OU id by name. */
  units: Record<string, string>;
  /** Member account id by OU name (one account per OU). */
  accounts: Record<string, string>;
}

function python(script: string, input: unknown, env: NodeJS.ProcessEnv): unknown {
  return JSON.parse(execFileSync(venvTool('python3'), ['-c', script], { encoding: 'utf8', input: JSON.stringify(input), env }));
}

const ORGANIZATION = `
import json, sys, boto3
args = json.load(sys.stdin)
org = boto3.client('organizations', endpoint_url=args['endpoint'], region_name=args['region'])
org.create_organization(FeatureSet='ALL')
root = org.list_roots()['Roots'][0]['Id']
units, accounts = {}, {}
for name in args['units']:
    unit = org.create_organizational_unit(ParentId=root, Name=name)['OrganizationalUnit']['Id']
    account = org.create_account(Email=name.lower() + '@example.com', AccountName=name)['CreateAccountStatus']['AccountId']
    org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=unit)
    units[name], accounts[name] = unit, account
print(json.dumps({'root': root, 'units': units, 'accounts': accounts}))
`;

/** An organisation with an OU (and one member account in it) per name. */
export function createOrganization(endpoint: string, env: NodeJS.ProcessEnv, units: string[]): Organization {
  return python(ORGANIZATION, { endpoint, region: REGION, units }, env) as Organization;
}

const MEMBER_VIEW = `
import json, sys, boto3
args = json.load(sys.stdin)
sts = boto3.client('sts', endpoint_url=args['endpoint'], region_name=args['region'])
c = sts.assume_role(RoleArn='arn:aws:iam::%s:role/OrganizationAccountAccessRole' % args['account'], RoleSessionName='stackset-test')['Credentials']
keys = dict(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'], endpoint_url=args['endpoint'])
view = {}
for region in args['regions']:
    stacks = boto3.client('cloudformation', region_name=region, **keys).list_stacks()['StackSummaries']
    vpcs = boto3.client('ec2', region_name=region, **keys).describe_vpcs()['Vpcs']
    view[region] = {'stacks': [s['StackName'] for s in stacks if not s['StackStatus'].startswith('DELETE')], 'vpcs': [v['CidrBlock'] for v in vpcs]}
print(json.dumps(view))
`;

/** What a member account holds in each region (stack names, VPC CIDRs), seen from inside it through a role it trusts. */
export function memberView(endpoint: string, env: NodeJS.ProcessEnv, account: string, regions: string[]): Record<string, { stacks: string[]; vpcs: string[] }> {
  return python(MEMBER_VIEW, { endpoint, region: REGION, account, regions }, env) as Record<string, { stacks: string[]; vpcs: string[] }>;
}
