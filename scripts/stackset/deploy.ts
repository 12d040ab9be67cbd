/**
 * Creates or updates a service-managed StackSet and deploys its stack instances to organisational
 * units and regions, following each operation to its end:
 * - DescribeStackSet: absent, CreateStackSet (PermissionModel SERVICE_MANAGED, AutoDeployment, managed
 *   execution so that the update and the new instances queue instead of colliding); present with another
 *   template, parameters or auto-deployment, UpdateStackSet, which rolls out to every existing instance
 *   (no DeploymentTargets/Regions given: "To update all the stack instances associated with this stack set,
 *   do not specify DeploymentTargets or Regions", UpdateStackSet);
 * - CreateStackInstances for the TARGETS x REGIONS not covered yet (DeploymentTargets.OrganizationalUnitIds);
 * - DescribeStackSetOperation until SUCCEEDED, FAILED or STOPPED; a failure lists each account and region
 *   that failed with CloudFormation's reason (ListStackSetOperationResults).
 * Operation preferences apply to the operations this starts, not to later automatic deployments
 * ("StackSetOperationPreferences don't apply to AutoDeployment", API_StackSetOperationPreferences).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-associate-stackset-with-org.html
 */
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  UpdateStackSetCommand,
  type CreateStackInstancesCommandOutput,
  type CreateStackSetCommandOutput,
  type DescribeStackSetCommandOutput,
  type DescribeStackSetOperationCommandOutput,
  type ListStackInstancesCommandOutput,
  type ListStackSetOperationResultsCommandOutput,
  type Parameter,
  type StackInstanceSummary,
  type StackSet,
  type UpdateStackSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { StackSetError } from './errors.js';
import type { StackSetRequest } from './options.js';

/** The CloudFormation calls a StackSet deployment makes; the SDK client fits, and tests pass a stand-in. */
export interface StackSetApi {
  send(command: DescribeStackSetCommand): Promise<DescribeStackSetCommandOutput>;
  send(command: CreateStackSetCommand): Promise<CreateStackSetCommandOutput>;
  send(command: UpdateStackSetCommand): Promise<UpdateStackSetCommandOutput>;
  send(command: CreateStackInstancesCommand): Promise<CreateStackInstancesCommandOutput>;
  send(command: ListStackInstancesCommand): Promise<ListStackInstancesCommandOutput>;
  send(command: DescribeStackSetOperationCommand): Promise<DescribeStackSetOperationCommandOutput>;
  send(command: ListStackSetOperationResultsCommand): Promise<ListStackSetOperationResultsCommandOutput>;
}

export interface StackSetTemplate {
  /** HTTPS URL of the published StackSet template (in the StackSet region's bucket). */
  url: string;
  /** Its bytes, to tell whether the StackSet already runs this template. */
  body: string;
  parameters: Record<string, string>;
  capabilities: ('CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM')[];
  description: string;
}

export interface DeployOutcome {
  stackSetId: string;
  created: boolean;
  updated: boolean;
  /** Operations started and followed, in order. */
  operations: { action: 'UPDATE' | 'CREATE_INSTANCES'; id: string; status: string }[];
  instances: StackInstanceSummary[];
}

export interface DeployOptions {
  log: (line: string) => void;
  poll?: { intervalMs: number; attempts: number };
}

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

const parameterList = (values: Record<string, string>): Parameter[] =>
  Object.keys(values)
    .sort()
    .map((ParameterKey) => ({ ParameterKey, ParameterValue: values[ParameterKey]! }));

const sameParameters = (a: readonly Parameter[] | undefined, b: readonly Parameter[]) =>
  JSON.stringify([...(a ?? [])].map((p) => [p.ParameterKey, p.ParameterValue]).sort()) === JSON.stringify(b.map((p) => [p.ParameterKey, p.ParameterValue]));

async function describe(api: StackSetApi, name: string, callAs: StackSetRequest['callAs']): Promise<StackSet | undefined> {
  try {
    return (await api.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: callAs }))).StackSet;
  } catch (error) {
    if ((error as { name?: string }).name === 'StackSetNotFoundException') return undefined;
    throw error;
  }
}

/** Every page of an operation's per-account, per-region results. */
async function results(api: StackSetApi, name: string, operationId: string, callAs: StackSetRequest['callAs']) {
  const all: NonNullable<ListStackSetOperationResultsCommandOutput['Summaries']> = [];
  let NextToken: string | undefined;
  do {
    const page = await api.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: operationId, CallAs: callAs, ...(NextToken ? { NextToken } : {}) }));
    all.push(...(page.Summaries ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return all;
}

/** Follows an operation to its end; FAILED or STOPPED is an error naming every account and region that did not succeed. */
async function follow(api: StackSetApi, name: string, operationId: string, what: string, request: StackSetRequest, options: DeployOptions): Promise<string> {
  const poll = options.poll ?? { intervalMs: 10_000, attempts: 1080 };
  for (let attempt = 1; ; attempt++) {
    const operation = (await api.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId, CallAs: request.callAs }))).StackSetOperation;
    const status = operation?.Status ?? 'QUEUED';
    if (ENDED.has(status)) {
      const summaries = await results(api, name, operationId, request.callAs);
      const failed = summaries.filter((r) => r.Status !== 'SUCCEEDED');
      options.log(`  ${what} ${operationId}: ${status}${summaries.length ? ` (${summaries.length - failed.length} of ${summaries.length} stack instance(s) succeeded)` : ''}`);
      if (status !== 'SUCCEEDED') {
        const lines = failed.map((r) => `${r.Account ?? '?'} ${r.Region ?? '?'}: ${r.Status ?? '?'}${r.StatusReason ? ` ${r.StatusReason}` : ''}`);
        const reason = operation?.StatusReason ? ` (${operation.StatusReason})` : '';
        throw new StackSetError(`${what} of StackSet ${name} ended ${status}${reason}${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`);
      }
      return status;
    }
    if (attempt >= poll.attempts) throw new StackSetError(`${what} of StackSet ${name} is still ${status} after ${attempt} checks; follow it with aws cloudformation describe-stack-set-operation --stack-set-name ${name} --operation-id ${operationId}`);
    await new Promise((r) => setTimeout(r, poll.intervalMs));
  }
}

async function instancesOf(api: StackSetApi, name: string, callAs: StackSetRequest['callAs']): Promise<StackInstanceSummary[]> {
  const all: StackInstanceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await api.send(new ListStackInstancesCommand({ StackSetName: name, CallAs: callAs, ...(NextToken ? { NextToken } : {}) }));
    all.push(...(page.Summaries ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return all;
}

export async function deployStackSet(api: StackSetApi, name: string, request: StackSetRequest, template: StackSetTemplate, options: DeployOptions): Promise<DeployOutcome> {
  const { callAs } = request;
  const parameters = parameterList(template.parameters);
  const operations: DeployOutcome['operations'] = [];
  const existing = await describe(api, name, callAs);
  let stackSetId: string;
  let created = false;
  let updated = false;
  if (!existing) {
    const result = await api.send(
      new CreateStackSetCommand({
        StackSetName: name,
        Description: template.description,
        TemplateURL: template.url,
        Parameters: parameters,
        Capabilities: template.capabilities,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: request.autoDeployment,
        ManagedExecution: { Active: true },
        CallAs: callAs,
      }),
    );
    stackSetId = result.StackSetId ?? name;
    created = true;
    options.log(`created StackSet ${name} (${stackSetId}), service-managed, auto-deployment ${request.autoDeployment.Enabled ? `on${request.autoDeployment.RetainStacksOnAccountRemoval ? ', stacks retained when an account leaves' : ', stacks deleted when an account leaves'}` : 'off'}`);
  } else {
    if (existing.PermissionModel !== 'SERVICE_MANAGED') {
      throw new StackSetError(`StackSet ${name} exists with ${existing.PermissionModel ?? 'SELF_MANAGED'} permissions; make stackset manages service-managed StackSets (deploying to organisational units): choose another STACKSET name`);
    }
    stackSetId = existing.StackSetId ?? name;
    const sameAuto = !existing.AutoDeployment || (Boolean(existing.AutoDeployment.Enabled) === request.autoDeployment.Enabled && Boolean(existing.AutoDeployment.RetainStacksOnAccountRemoval) === Boolean(request.autoDeployment.RetainStacksOnAccountRemoval));
    if (existing.TemplateBody === template.body && sameParameters(existing.Parameters, parameters) && sameAuto) {
      options.log(`StackSet ${name} already runs this template with these parameters: no update`);
    } else {
      const update = await api.send(
        new UpdateStackSetCommand({
          StackSetName: name,
          Description: template.description,
          TemplateURL: template.url,
          Parameters: parameters,
          Capabilities: template.capabilities,
          AutoDeployment: request.autoDeployment,
          ManagedExecution: { Active: true },
          OperationPreferences: request.preferences,
          CallAs: callAs,
        }),
      );
      updated = true;
      options.log(`updating StackSet ${name}: every existing stack instance gets the new template (operation ${update.OperationId})`);
      if (update.OperationId) operations.push({ action: 'UPDATE', id: update.OperationId, status: await follow(api, name, update.OperationId, 'update', request, options) });
    }
  }

  // New OU/region pairs only: an instance's OrganizationalUnitId is the OU it was deployed through.
  const before = await instancesOf(api, name, callAs);
  const covered = (ou: string, region: string) => before.some((i) => i.OrganizationalUnitId === ou && i.Region === region);
  const missing = request.targets.some((ou) => request.regions.some((region) => !covered(ou, region)));
  if (missing) {
    const result = await api.send(
      new CreateStackInstancesCommand({
        StackSetName: name,
        DeploymentTargets: { OrganizationalUnitIds: request.targets },
        Regions: request.regions,
        OperationPreferences: request.preferences,
        CallAs: callAs,
      }),
    );
    options.log(`deploying stack instances to ${request.targets.join(', ')} in ${request.regions.join(', ')} (operation ${result.OperationId})`);
    if (result.OperationId) operations.push({ action: 'CREATE_INSTANCES', id: result.OperationId, status: await follow(api, name, result.OperationId, 'stack instance deployment', request, options) });
  } else {
    options.log(`every target OU already has stack instances in ${request.regions.join(', ')}: none to add (auto-deployment adds accounts that join)`);
  }
  const instances = await instancesOf(api, name, callAs);
  const byRegion = new Map<string, number>();
  for (const i of instances) byRegion.set(i.Region ?? '?', (byRegion.get(i.Region ?? '?') ?? 0) + 1);
  options.log(`StackSet ${name}: ${instances.length} stack instance(s) (${[...byRegion].map(([region, n]) => `${region} ${n}`).join(', ') || 'none yet'})`);
  return { stackSetId, created, updated, operations, instances };
}
