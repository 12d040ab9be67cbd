/**
 * Deploys to a custom CloudFormation endpoint (the sandbox, any emulator) fail in ways AWS never
 * does: moto answers what it cannot evaluate with an HTML 500 page, which the AWS CLI reports as
 * "Unable to parse response ..., invalid XML received". Its CloudFormation engine cannot read a
 * nested stack's outputs (`Fn::GetAtt [Child, Outputs.X]`), which every product's root uses. This
 * turns that answer into a sentence that says so, so nobody debugs a template AWS would accept.
 */

/**
 * The endpoint the AWS CLI sends CloudFormation calls to, when it is not AWS: the service-specific
 * variable wins over the global one
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 */
export function customCloudFormationEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  return env['AWS_ENDPOINT_URL_CLOUDFORMATION'] || env['AWS_ENDPOINT_URL'] || undefined;
}

interface TemplateResources {
  Resources?: Record<string, { Type?: string } | undefined>;
}

/** `Fn::GetAtt` of a nested stack's `Outputs.X`, anywhere in the template, in either spelling. */
export function nestedOutputReads(template: TemplateResources): number {
  const stacks = new Set(Object.entries(template.Resources ?? {}).filter(([, r]) => r?.Type === 'AWS::CloudFormation::Stack').map(([id]) => id));
  let reads = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::GetAtt') {
        const [resource, attribute] = typeof value === 'string' ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] : Array.isArray(value) ? value : [];
        if (typeof resource === 'string' && stacks.has(resource) && typeof attribute === 'string' && attribute.startsWith('Outputs.')) reads++;
      }
      visit(value);
    }
  };
  visit(template);
  return reads;
}

/** The AWS CLI's words for an answer that is not CloudFormation's XML (an HTML error page). */
const NOT_XML = /invalid XML received|Unable to parse response/i;

/**
 * A plain account of a deploy failure on a custom endpoint, or undefined when the failure is not
 * the emulator's (then the CLI's own words are shown).
 */
export function explainEmulatorFailure(cliOutput: string, endpoint: string | undefined, template: TemplateResources): string | undefined {
  if (!endpoint || !NOT_XML.test(cliOutput)) return undefined;
  const status = /\b(5\d\d) Internal Server Error\b/.exec(cliOutput)?.[1] ?? /\bHTTP (\d{3})\b/.exec(cliOutput)?.[1];
  const answered = `the endpoint ${endpoint} answered ${status ? `HTTP ${status} with ` : ''}an HTML error page instead of CloudFormation's XML`;
  const reads = nestedOutputReads(template);
  if (reads) {
    return (
      `${answered}: the emulator cannot evaluate nested-stack outputs, and this template reads ${reads} of them (Fn::GetAtt <stack>.Outputs.<name>). ` +
      'This is a known limit of the emulator, not a fault of the template: REVIEW=1 still creates and summarises the change set there; deploy to AWS to run it'
    );
  }
  return `${answered}: the emulator failed on something this template uses (its log says what; for make sandbox, .sandbox/moto.log). AWS may well accept the template`;
}
