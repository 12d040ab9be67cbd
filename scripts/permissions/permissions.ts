/**
 * `make permissions`: the least-privilege policy a CloudFormation service role needs to deploy, update and
 * delete a built product (dsl/permissions.ts), read from dist/<product>/<env>/ (manifest and templates; the
 * packaged copies, when `make publish` made them, say where the nested templates were published).
 *
 * Two outputs:
 * - `template` (default): a CloudFormation template of the role (trusted by CloudFormation of this account) and
 *   its managed policies, which deploys as it is in any account, region and partition;
 * - `policy`: the policy documents themselves, for this ACCOUNT and REGION, to create with `aws iam`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Aws, Stack, compile, formatOfFile, parseTemplate, type Template } from '../../dsl/index.js';
import {
  derivePermissions,
  MANAGED_POLICY_MAX_CHARS,
  partitionOfRegion,
  policySize,
  resolveResource,
  resourceValue,
  splitIntoPolicies,
  type PolicyDocumentJson,
} from '../../dsl/permissions.js';
import { footprintOfTemplates } from '../../dsl/permissions-footprint.js';
import { readManifest } from '../publish/manifest.js';

export class PermissionsError extends Error {
  override name = 'PermissionsError';
}

export interface PermissionsOptions {
  /** dist/<product>/<environment> */
  folder: string;
  /** The stack the role deploys (its nested stacks and generated names start with it). */
  stack: string;
  output: 'template' | 'policy';
  /** For `policy`: the 12-digit account and the region the placeholders stand for. */
  account?: string;
  region?: string;
  /** Where the children were published when the folder has no packaged copies (`make publish` BUCKET and PREFIX). */
  bucket?: string;
  prefix?: string;
}

export interface PermissionsResult {
  /** The JSON to print. */
  text: string;
  policies: PolicyDocumentJson[];
  /** What the reader should know (actions left out, where the templates are read from). */
  notes: string[];
}

/** `https://<bucket>.s3.<region>.amazonaws.com[.cn]/<key>` -> `<bucket>/<folder of key>/*` as an S3 object ARN. */
function templateObjectOf(url: string): string {
  const match = /^https:\/\/([a-z0-9.-]+)\.s3[.-][a-z0-9.-]*amazonaws\.com(?:\.cn)?\/(.+)$/.exec(url);
  if (!match) throw new PermissionsError(`TemplateURL ${url} is not an S3 URL that make publish writes`);
  const [, bucket = '', key = ''] = match;
  const folder = dirname(key);
  return `arn:\${AWS::Partition}:s3:::${bucket}/${folder === '.' ? '' : `${folder}/`}*`;
}

function readTemplates(folder: string, files: readonly string[]): Template[] {
  return files.map((file) => parseTemplate(readFileSync(join(folder, file), 'utf8'), formatOfFile(file)) as Template);
}

function nestedTemplateUrls(templates: readonly Template[]): string[] {
  const urls: string[] = [];
  for (const t of templates) {
    for (const r of Object.values((t['Resources'] ?? {}) as Record<string, { Type?: string; Properties?: { TemplateURL?: unknown } }>)) {
      if (r.Type === 'AWS::CloudFormation::Stack' && typeof r.Properties?.TemplateURL === 'string') urls.push(r.Properties.TemplateURL);
    }
  }
  return urls;
}

export function permissionsFor(options: PermissionsOptions): PermissionsResult {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stack)) throw new PermissionsError(`STACK ${JSON.stringify(options.stack)} is not a stack name (a letter, then up to 127 letters, digits or hyphens)`);
  const manifest = readManifest(options.folder);
  const files = manifest.artifacts.map((a) => a.path);
  const templates = readTemplates(options.folder, files);
  const notes: string[] = [];

  let templateObjects: string[] = [];
  const hasChildren = manifest.artifacts.length > 1;
  const packaged = join(options.folder, 'packaged');
  if (hasChildren && existsSync(join(packaged, manifest.root))) {
    templateObjects = [...new Set(nestedTemplateUrls(readTemplates(packaged, files.filter((f) => existsSync(join(packaged, f))))).map(templateObjectOf))];
    notes.push(`nested templates read from ${templateObjects.join(', ')} (the packaged copies in ${packaged})`);
  } else if (hasChildren && options.bucket) {
    templateObjects = [`arn:\${AWS::Partition}:s3:::${options.bucket}/${options.prefix ?? manifest.product}/*`];
    notes.push(`nested templates read from ${templateObjects[0]} (BUCKET and PREFIX)`);
  } else if (hasChildren) {
    notes.push('no s3:GetObject for the nested templates: run make publish first, or give BUCKET (and PREFIX) where they are published');
  }

  const scope = { stackNamePrefix: options.stack };
  const footprint = footprintOfTemplates(templates, scope, templateObjects);
  const derived = derivePermissions(footprint, scope);
  if (derived.unknownActions.length) notes.push(`left out, not IAM actions in the Service Authorization Reference: ${derived.unknownActions.join(', ')}`);
  const policies = splitIntoPolicies(derived.statements);
  notes.push(`${derived.statements.length} statements in ${policies.length} managed polic${policies.length === 1 ? 'y' : 'ies'} (${policies.map((p) => policySize(p.Statement)).join(', ')} of ${MANAGED_POLICY_MAX_CHARS} characters)`);

  const label = `${manifest.product}/${manifest.environment}`;
  if (options.output === 'policy') {
    if (!options.account || !/^\d{12}$/.test(options.account)) throw new PermissionsError(`ACCOUNT ${JSON.stringify(options.account ?? '')} is not a 12-digit account id (OUTPUT=policy resolves the ARNs for one account)`);
    if (!options.region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region)) throw new PermissionsError(`REGION ${JSON.stringify(options.region ?? '')} is not a region name such as eu-west-1 (OUTPUT=policy resolves the ARNs for one region)`);
    const values = { partition: partitionOfRegion(options.region), region: options.region, accountId: options.account };
    const resolved = policies.map((p, i) => ({
      PolicyName: `${options.stack}-deploy-${i + 1}`,
      PolicyDocument: { ...p, Statement: p.Statement.map((s) => ({ ...s, Resource: s.Resource.map((r) => resolveResource(r, values)) })) },
    }));
    return { text: `${JSON.stringify(resolved, null, 2)}\n`, policies, notes };
  }
  return { text: roleTemplate(label, options.stack, policies), policies, notes };
}

/** The service role and its managed policies, as a template compiled by the DSL (validated, deterministic). */
function roleTemplate(label: string, stackName: string, policies: readonly PolicyDocumentJson[]): string {
  const root = Stack.root(`CloudFormation service role for ${label} as stack ${stackName}: what deploying, updating and deleting it needs (make permissions)`);
  const managed = policies.map((p, i) =>
    root.add(`DeployPolicy${i + 1}`, {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: `${label} as ${stackName}, part ${i + 1} of ${policies.length}: derived from the CloudFormation registry schemas`,
        PolicyDocument: { Version: p.Version, Statement: p.Statement.map((s) => ({ ...s, Resource: s.Resource.map(resourceValue) })) },
      },
    }),
  );
  const role = root.add('DeployRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `CloudFormation deploys ${label} as ${stackName} with this role (aws cloudformation deploy --role-arn)`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': Aws.accountId } } }],
      },
      ManagedPolicyArns: managed.map((m) => m.ref),
    },
  });
  root.output('RoleArn', role.attr('Arn'), { Description: `Give it to make deploy: ROLE=<this>` });
  root.output('RoleName', role.ref, { Description: 'The role name' });
  return compile(root).root.body;
}
