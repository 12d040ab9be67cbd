/**
 * Wraps `aws cloudformation deploy` for a published template: parameters checked against the
 * template first, the capabilities nested IAM stacks need, tags, review mode
 * (`--no-execute-changeset`), and a summary of the change set or of the stack afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOfFile, parseTemplate } from '../../dsl/index.js';
import { venvTool } from '../sandbox/moto.js';
import { customCloudFormationEndpoint, explainEmulatorFailure } from './emulator.js';
import { DeployError } from './errors.js';
import { checkParameters, type TemplateParameter } from './params.js';

export interface DeployOptions {
  templateFile: string;
  stack: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  /** Create the change set and stop (review it, then execute it in the console or CLI). */
  review: boolean;
  /** Where `aws` uploads a root too large to inline (over 51,200 bytes). */
  bucket?: string;
  region?: string;
  /** CloudFormation service role the stack is deployed with (`make permissions` prints one), so the caller needs no rights on the resources. */
  roleArn?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface ChangeSummary {
  action: string;
  logicalId: string;
  type: string;
  replacement?: string;
}

export interface DeployResult {
  status: 'executed' | 'review' | 'no-changes';
  changeSetId?: string;
  changes: ChangeSummary[];
  stackStatus?: string;
  outputs: Record<string, string>;
}

/**
 * The largest template body CloudFormation takes inline (TemplateBody: 51,200 bytes; larger ones go
 * through S3): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
const INLINE_BYTES = 51_200;

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export function checkStackName(stack: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stack)) throw new DeployError(`STACK ${JSON.stringify(stack)} is not a stack name (a letter, then up to 127 letters, digits or hyphens)`);
}

/** The `aws` arguments for a deploy; exported so the mapping itself is tested. */
export function deployArguments(options: DeployOptions): string[] {
  const args = ['cloudformation', 'deploy', '--template-file', options.templateFile, '--stack-name', options.stack, '--capabilities', ...CAPABILITIES, '--no-fail-on-empty-changeset'];
  const parameters = Object.entries(options.parameters);
  if (parameters.length) args.push('--parameter-overrides', ...parameters.map(([k, v]) => `${k}=${v}`));
  const tags = Object.entries(options.tags);
  if (tags.length) args.push('--tags', ...tags.map(([k, v]) => `${k}=${v}`));
  if (options.review) args.push('--no-execute-changeset');
  if (options.bucket) args.push('--s3-bucket', options.bucket);
  if (options.region) args.push('--region', options.region);
  if (options.roleArn) args.push('--role-arn', options.roleArn);
  return args;
}

function aws(args: string[], env: NodeJS.ProcessEnv | undefined): { status: number; stdout: string; stderr: string } {
  const run = spawnSync(venvTool('aws'), args, { env: env ?? process.env, encoding: 'utf8' });
  if (run.error) throw new DeployError(`cannot run the AWS CLI (${run.error.message}); run make venv`);
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

function awsJson<T>(args: string[], options: DeployOptions): T {
  const run = aws([...args, '--output', 'json', ...(options.region ? ['--region', options.region] : [])], options.env);
  if (run.status !== 0) throw new DeployError(`aws ${args.slice(0, 2).join(' ')} failed: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as T;
}

export function deploy(options: DeployOptions): DeployResult {
  const log = options.log ?? ((l: string) => console.log(l));
  checkStackName(options.stack);
  if (!existsSync(options.templateFile)) throw new DeployError(`${options.templateFile} does not exist: run make publish first`);
  const body = readFileSync(options.templateFile, 'utf8');
  const template = parseTemplate(body, formatOfFile(options.templateFile)) as {
    Parameters?: Record<string, TemplateParameter>;
    Resources?: Record<string, { Type?: string }>;
  };
  for (const note of checkParameters(options.parameters, template.Parameters ?? {}, 'PARAMS')) log(note);

  const inline = options.bucket ? undefined : inlineBody(options.templateFile, body, template, log);
  try {
    return deployFile({ ...options, templateFile: inline?.file ?? options.templateFile }, template, log);
  } finally {
    inline?.cleanup();
  }
}

/**
 * Without a bucket, the template goes inline: a pretty template over 51,200 bytes whose minified
 * JSON fits (CloudFormation counts the bytes it receives) is deployed as that minified copy; one
 * that does not fit even minified is refused here, with what to do, instead of by the CLI.
 */
function inlineBody(file: string, body: string, template: unknown, log: (line: string) => void): { file: string; cleanup: () => void } | undefined {
  const bytes = Buffer.byteLength(body);
  if (bytes <= INLINE_BYTES) return undefined;
  const minified = JSON.stringify(template);
  const sent = Buffer.byteLength(minified);
  if (sent > INLINE_BYTES) {
    throw new DeployError(`${file} is ${bytes} bytes (${sent} minified), over the ${INLINE_BYTES} bytes CloudFormation takes inline: give BUCKET=<bucket> for the CLI to upload it to`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'deploy-inline-'));
  const copy = join(folder, 'template.json');
  writeFileSync(copy, minified);
  log(`${file}: ${bytes} bytes as written, ${sent} minified: deploying the minified copy inline (CloudFormation takes up to ${INLINE_BYTES} bytes without a bucket)`);
  return { file: copy, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

function deployFile(options: DeployOptions, template: { Resources?: Record<string, { Type?: string }> }, log: (line: string) => void): DeployResult {
  const run = aws(deployArguments(options), options.env);
  const text = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0 && !/No updates are to be performed/.test(text)) {
    const emulator = explainEmulatorFailure(text, customCloudFormationEndpoint(options.env ?? process.env), template);
    if (emulator) throw new DeployError(`aws cloudformation deploy of ${options.stack} failed: ${emulator}`);
    const said = run.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Waiting for/.test(l));
    const reason = said.length ? said.slice(0, 2).join(' ').slice(0, 400) : `exit ${run.status}`;
    throw new DeployError(`aws cloudformation deploy of ${options.stack} failed: ${reason}`);
  }
  if (/No changes to deploy|No updates are to be performed/.test(text)) {
    log(`${options.stack}: no changes to deploy`);
    return { status: 'no-changes', changes: [], outputs: {} };
  }
  if (options.review) {
    const changeSetId = /--change-set-name\s+(\S+)/.exec(text)?.[1];
    if (!changeSetId) throw new DeployError(`aws cloudformation deploy did not name the change set it created:\n${text.trim()}`);
    const described = awsJson<{ Changes?: { ResourceChange?: { Action?: string; LogicalResourceId?: string; ResourceType?: string; Replacement?: string } }[] }>(
      ['cloudformation', 'describe-change-set', '--change-set-name', changeSetId],
      options,
    );
    const changes = (described.Changes ?? []).map(({ ResourceChange: c }) => ({
      action: c?.Action ?? '?',
      logicalId: c?.LogicalResourceId ?? '?',
      type: c?.ResourceType ?? '?',
      ...(c?.Replacement ? { replacement: c.Replacement } : {}),
    }));
    log(`change set for ${options.stack} (not executed): ${changes.length} change(s)`);
    for (const c of changes) log(`  ${c.action.padEnd(7)} ${c.logicalId.padEnd(32)} ${c.type}${c.replacement ? `  replacement: ${c.replacement}` : ''}`);
    // The CLI's commands are describe-change-set and execute-change-set (hyphenated; `deploy`'s own
    // flag is --no-execute-changeset): https://docs.aws.amazon.com/cli/latest/reference/cloudformation/execute-change-set.html
    const region = options.region ? ` --region ${options.region}` : '';
    log(`review: aws cloudformation describe-change-set --change-set-name ${changeSetId}${region}`);
    log(`execute: aws cloudformation execute-change-set --change-set-name ${changeSetId}${region}`);
    return { status: 'review', changeSetId, changes, outputs: {} };
  }
  const stacks = awsJson<{ Stacks?: { StackStatus?: string; Outputs?: { OutputKey?: string; OutputValue?: string }[] }[] }>(['cloudformation', 'describe-stacks', '--stack-name', options.stack], options);
  const stack = stacks.Stacks?.[0];
  const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? '?', o.OutputValue ?? '']));
  log(`${options.stack}: ${stack?.StackStatus ?? 'unknown status'}`);
  for (const [k, v] of Object.entries(outputs)) log(`  ${k} = ${v}`);
  return { status: 'executed', changes: [], outputs, ...(stack?.StackStatus ? { stackStatus: stack.StackStatus } : {}) };
}
