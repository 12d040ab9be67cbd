/**
 * `make stackset` as a function of its variables, so tests drive it without a process per case:
 * checks the variables, reads the built product (dist/, its manifest), makes the regional templates,
 * publishes them to each region's bucket, then creates or updates the StackSet and its instances.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { formatOfFile, parseTemplate } from '../../dsl/index.js';
import { nestedOutputReads } from '../deploy/emulator.js';
import { DeployError } from '../deploy/errors.js';
import { checkParameters, readParameterFile, type TemplateParameter } from '../deploy/params.js';
import { PublishError } from '../publish/errors.js';
import { readManifest } from '../publish/manifest.js';
import { s3SettingsFromEnv } from '../publish/s3-location.js';
import { cloudFormationClient, cloudFormationEndpoint } from './client.js';
import { deployStackSet, type DeployOptions, type StackSetApi } from './deploy.js';
import { StackSetError } from './errors.js';
import { stackSetRequest } from './options.js';
import { publishRegional, writeStackSetCopies, type RegionalPublishOptions } from './publish-regional.js';
import { capabilitiesOf, regionalTemplates, rootTemplate, subtree } from './regional.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Dependencies {
  /** CloudFormation; default the SDK client for REGION and the endpoint in the environment. */
  cloudFormation?: StackSetApi;
  s3ClientFor?: RegionalPublishOptions['clientFor'];
  poll?: DeployOptions['poll'];
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

export const USAGE =
  'usage: make stackset PRODUCT=<product> [ENV=<environment>] [LAYER=<nested stack>] TARGETS=<ou-...|r-...>,... REGIONS=<region>,... BUCKET=<prefix-{region}>|<region>=<bucket>,... ' +
  '[FAILURE_TOLERANCE=<n>|<n>%] [MAX_CONCURRENT=<n>|<n>%] [REGION_ORDER=<region>,...] [REGION_CONCURRENCY=SEQUENTIAL|PARALLEL] [CONCURRENCY_MODE=STRICT_FAILURE_TOLERANCE|SOFT_FAILURE_TOLERANCE] ' +
  '[STACKSET=<name>] [PARAMS=<file.json>] [PREFIX=<key prefix>] [AUTO_DEPLOY=1|0] [RETAIN_STACKS=1|0] [CALL_AS=SELF|DELEGATED_ADMIN] [REGION=<StackSet region>]';

/** The built environment: ENV, or the product's only one. */
function environmentFolder(dist: string, product: string, environment: string | undefined): string {
  const folder = join(dist, product);
  const built = existsSync(folder) ? readdirSync(folder).filter((e) => existsSync(join(folder, e, 'manifest.json'))) : [];
  if (environment && built.includes(environment)) return join(folder, environment);
  if (!environment && built.length === 1) return join(folder, built[0]!);
  const what = environment ? `${product}/${environment} is not built` : built.length ? `${product} has several built environments (${built.join(', ')}): choose one with ENV=` : `${product} is not built`;
  throw new StackSetError(`${what}; run make build PRODUCT=${product}${environment ? ` ENV=${environment}` : ''}`);
}

const STACK_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * A layer deployed alone loses what the product root passes it. Outputs of its sibling stacks
 * (`Fn::GetAtt [Sibling, Outputs.X]`) do not exist in a StackSet of the layer, so each must be given in
 * PARAMS (one value for every account and region) or the product deployed whole; root parameters passed
 * down are ordinary StackSet parameters (PARAMS, or their defaults).
 */
function checkLayerInputs(folder: string, manifest: Manifest, layer: string, declared: Record<string, TemplateParameter>, given: Record<string, string>): void {
  const file = join(folder, manifest.root);
  const root = parseTemplate(readFileSync(file, 'utf8'), formatOfFile(file)) as { Resources?: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }> };
  const passed = root.Resources?.[layer]?.Properties?.Parameters ?? {};
  const fromSiblings = new Map<string, string[]>();
  for (const [name, value] of Object.entries(passed)) {
    if (name in given || declared[name]?.Default !== undefined) continue;
    const getAtt = (value as { 'Fn::GetAtt'?: unknown })?.['Fn::GetAtt'];
    const sibling = Array.isArray(getAtt) ? String(getAtt[0]) : typeof getAtt === 'string' ? getAtt.split('.')[0]! : undefined;
    if (sibling) fromSiblings.set(sibling, [...(fromSiblings.get(sibling) ?? []), name]);
  }
  if (!fromSiblings.size) return;
  const what = [...fromSiblings].map(([sibling, names]) => `${names.join(', ')} from ${sibling}`).join('; ');
  throw new StackSetError(`LAYER=${layer} takes ${what} (outputs the product root wires in, which a StackSet of the layer alone does not have): deploy ${manifest.product} whole (no LAYER) or a layer that needs no other stack, or give them in PARAMS (one value for every account and region)`);
}

/** An emulator's HTML error page instead of CloudFormation's XML, explained (moto cannot evaluate nested-stack outputs). */
function explainEmulator(error: Error, endpoint: string | undefined, template: Parameters<typeof nestedOutputReads>[0] | undefined): string | undefined {
  if (!endpoint || !/XML parse error|Deserialization error/i.test(error.message)) return undefined;
  const status = (error as { $response?: { statusCode?: number } }).$response?.statusCode;
  const answered = `the endpoint ${endpoint} answered ${status ? `HTTP ${status} with ` : ''}an HTML error page instead of CloudFormation's XML while the StackSet was deployed`;
  const reads = template ? nestedOutputReads(template) : 0;
  if (reads) {
    return `${answered}: the emulator cannot evaluate nested-stack outputs, and this StackSet template reads ${reads} of them (Fn::GetAtt <stack>.Outputs.<name>). This is a known limit of the emulator, not a fault of the template: deploy to AWS to run it`;
  }
  return `${answered}: the emulator failed on something this template uses (its log says what). AWS may well accept the template`;
}

/** Returns the exit code: 0 done, 1 failed (one message on err), 2 usage. */
export async function runStackSet(vars: NodeJS.ProcessEnv, io: Io = consoleIo, dependencies: Dependencies = {}): Promise<number> {
  if (!vars['PRODUCT'] || !vars['TARGETS'] || !vars['REGIONS'] || !vars['BUCKET']) {
    io.err(USAGE);
    return 2;
  }
  let created: ReturnType<typeof cloudFormationClient> | undefined;
  let stackSetTemplate: Parameters<typeof nestedOutputReads>[0] | undefined;
  try {
    const settings = s3SettingsFromEnv(vars);
    const request = stackSetRequest(vars, settings.region);
    const folder = environmentFolder(resolve(vars['DIST'] || 'dist'), request.product, request.environment);
    const manifest = readManifest(folder);
    const name = request.stackSetName ?? `${manifest.product}-${manifest.environment}${request.layer ? `-${request.layer}` : ''}`;
    if (!STACK_SET_NAME.test(name)) throw new StackSetError(`the StackSet name ${JSON.stringify(name)} (from PRODUCT, ENV and LAYER) is not one CloudFormation takes (letters, digits and hyphens, starting with a letter): give STACKSET=<name>`);

    const templates = regionalTemplates(folder, manifest, subtree(manifest, request.layer), request.buckets, request.prefix ?? manifest.product, (file) => readFileSync(file, 'utf8'));
    const root = rootTemplate(templates);
    stackSetTemplate = root;
    const declared = (root.Parameters ?? {}) as Record<string, TemplateParameter>;
    const file = request.parametersFile ? readParameterFile(request.parametersFile) : { parameters: {}, tags: {} };
    if (request.layer) checkLayerInputs(folder, manifest, request.layer, declared, file.parameters);
    for (const note of checkParameters(file.parameters, declared, request.parametersFile ? `PARAMS ${request.parametersFile}` : 'PARAMS')) io.out(note);

    const copies = join(folder, 'stackset', name);
    writeStackSetCopies(copies, templates);
    io.out(`StackSet ${name}: ${manifest.product}/${manifest.environment}${request.layer ? ` layer ${request.layer}` : ''}, ${templates.children.length} nested template(s) to ${request.regions.length} region(s), template in ${request.homeRegion}`);
    const url = await publishRegional(templates, {
      buckets: request.buckets,
      regions: request.regions,
      homeRegion: request.homeRegion,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      log: io.out,
      ...(dependencies.s3ClientFor ? { clientFor: dependencies.s3ClientFor } : {}),
    });
    io.out(`template: ${url} (copies in ${copies})`);

    const api = dependencies.cloudFormation ?? (created = cloudFormationClient(request.homeRegion, cloudFormationEndpoint(vars)));
    const outcome = await deployStackSet(
      api,
      name,
      request,
      {
        url,
        body: templates.root.body,
        parameters: file.parameters,
        capabilities: capabilitiesOf(templates),
        description: `${manifest.product}/${manifest.environment}${request.layer ? ` layer ${request.layer}` : ''}, deployed by make stackset`,
      },
      { log: io.out, ...(dependencies.poll ? { poll: dependencies.poll } : {}) },
    );
    io.out(`stackset: ${outcome.created ? 'created' : outcome.updated ? 'updated' : 'unchanged'}, ${outcome.operations.length} operation(s) succeeded, ${outcome.instances.length} stack instance(s)`);
    return 0;
  } catch (error) {
    const e = error as Error;
    const known = error instanceof StackSetError || error instanceof PublishError || error instanceof DeployError || e.name === 'InputError';
    const emulator = known ? undefined : explainEmulator(e, cloudFormationEndpoint(vars), stackSetTemplate);
    const aws = (e as { $metadata?: unknown }).$metadata !== undefined;
    io.err(`stackset failed: ${known ? e.message : (emulator ?? (aws ? `CloudFormation ${e.name}: ${e.message}` : (e.stack ?? String(e))))}`);
    return 1;
  } finally {
    created?.destroy();
  }
}
