/**
 * One StackSet template for every region, with nested templates read from the stack's own region.
 *
 * A StackSet has ONE template for all its stack instances (CreateStackSet takes one TemplateBody or
 * TemplateURL), so a nested stack's `TemplateURL` cannot be a different literal per region. It does not
 * have to be: TemplateURL is an ordinary String property and takes intrinsic functions, which each stack
 * instance resolves in its own region (the regional-bucket pattern of the AWS Quick Starts and of
 * https://aws.amazon.com/blogs/infrastructure-and-automation/best-practices-for-using-amazon-s3-endpoints-in-aws-cloudformation-templates/).
 * So each template with nested stacks gets, for each child, either
 * - `Fn::Sub https://<prefix>-${AWS::Region}.s3.${AWS::Region}.${AWS::URLSuffix}/<key>` for a bucket pattern
 *   (`BUCKET=templates-{region}`): the same bytes serve any region that has its bucket, including regions
 *   added later, so adding a region never changes the StackSet template; or
 * - `Fn::Sub ['${Base}/<key>', { Base: Fn::FindInMap [StackSetTemplateBuckets, ${AWS::Region}, Base] }]` for a
 *   map (`BUCKET=eu-west-1=a,us-east-1=b`), with the mapping of each region's bucket address.
 * Children are content-addressed and their bytes are the same in every region, so each bucket gets the
 * same keys. Bucket names with dots use the path-style address (virtual hosts with dots fail TLS), as
 * scripts/publish/s3-location.ts does.
 */
import { join } from 'node:path';
import type { Manifest, ManifestArtifact } from '../../build/compile-product.js';
import { formatOfFile, parseTemplate, serialize, type Json, type TemplateFormat } from '../../dsl/index.js';
import { sha256Hex } from '../publish/manifest.js';
import { partitionOf } from '../publish/s3-location.js';
import { StackSetError } from './errors.js';
import type { TemplateBuckets } from './options.js';

export const BUCKET_MAPPING = 'StackSetTemplateBuckets';

export interface RegionalArtifact {
  /** File name in the built folder (root.json, Network.json, ...). */
  path: string;
  stack: string;
  key: string;
  sha256: string;
  body: string;
  format: TemplateFormat;
}

export interface RegionalTemplates {
  /** The StackSet's own template (the product root, or the LAYER's nested stack). */
  root: RegionalArtifact;
  /** Its nested templates, children first, as uploaded to every region's bucket. */
  children: RegionalArtifact[];
}

interface Template {
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Resources?: Record<string, { Type?: string; Properties?: { TemplateURL?: unknown } }>;
  Transform?: unknown;
}

/** The artifacts of the StackSet: the chosen stack and everything nested below it, children first. */
export function subtree(manifest: Manifest, layer: string | undefined): ManifestArtifact[] {
  const byPath = new Map(manifest.artifacts.map((a) => [a.path, a]));
  const root = byPath.get(manifest.root)!;
  let top = root;
  if (layer) {
    const child = root.children.find((c) => c.logicalId === layer);
    if (!child) throw new StackSetError(`LAYER=${layer} is not a nested stack of ${manifest.product}/${manifest.environment} (its root nests ${root.children.map((c) => c.logicalId).join(', ') || 'none'})`);
    top = byPath.get(child.path)!;
  }
  const selected: ManifestArtifact[] = [];
  const visit = (artifact: ManifestArtifact) => {
    for (const child of artifact.children) visit(byPath.get(child.path)!);
    selected.push(artifact);
  };
  visit(top);
  return selected;
}

/** The regional address of `key`, as a value CloudFormation resolves in each stack's region. */
function regionalUrl(buckets: TemplateBuckets, key: string): Json {
  if (buckets.kind === 'map') return { 'Fn::Sub': [`\${Base}/${key}`, { Base: { 'Fn::FindInMap': [BUCKET_MAPPING, { Ref: 'AWS::Region' }, 'Base'] } }] };
  const bucket = buckets.pattern.split('{region}').join('${AWS::Region}');
  return { 'Fn::Sub': bucket.includes('.') ? `https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${bucket}/${key}` : `https://${bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${key}` };
}

/** Each mapped region's bucket address, `https://<bucket>.s3.<region>.<dns suffix>`, for the map form. */
function bucketMapping(buckets: TemplateBuckets & { kind: 'map' }): Json {
  const base = (bucket: string, region: string) => {
    const { dnsSuffix } = partitionOf(region);
    return bucket.includes('.') ? `https://s3.${region}.${dnsSuffix}/${bucket}` : `https://${bucket}.s3.${region}.${dnsSuffix}`;
  };
  return Object.fromEntries(Object.keys(buckets.byRegion).sort().map((region) => [region, { Base: base(buckets.byRegion[region]!, region) }]));
}

/**
 * The StackSet's templates with every nested TemplateURL regional: read from the built folder (whose
 * TemplateURLs are local file names), children first, each keyed by the hash of its regional bytes.
 */
export function regionalTemplates(folder: string, manifest: Manifest, artifacts: readonly ManifestArtifact[], buckets: TemplateBuckets, prefix: string, read: (file: string) => string): RegionalTemplates {
  const keys = new Map<string, string>();
  const out: RegionalArtifact[] = [];
  for (const artifact of artifacts) {
    const format = formatOfFile(artifact.path);
    let body = read(join(folder, artifact.path));
    if (artifact.children.length) {
      const template = parseTemplate(body, format) as Template;
      for (const [id, resource] of Object.entries(template.Resources ?? {})) {
        if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
        const local = resource.Properties?.TemplateURL;
        const key = typeof local === 'string' ? keys.get(local) : undefined;
        if (key === undefined) throw new StackSetError(`${manifest.product}/${manifest.environment}: nested stack ${id} of ${artifact.path} points at ${JSON.stringify(local)}, which is not a template of this build; run make build again`);
        resource.Properties = { ...resource.Properties, TemplateURL: regionalUrl(buckets, key) };
      }
      if (buckets.kind === 'map') {
        if (template.Mappings?.[BUCKET_MAPPING]) throw new StackSetError(`${artifact.path} already has a mapping named ${BUCKET_MAPPING}; use a bucket pattern (BUCKET=templates-{region})`);
        template.Mappings = { ...template.Mappings, [BUCKET_MAPPING]: bucketMapping(buckets) };
      }
      body = serialize(template as Json, format);
    }
    const sha256 = sha256Hex(body);
    const key = `${prefix}/${sha256}.${format}`;
    keys.set(artifact.path, key);
    out.push({ path: artifact.path, stack: artifact.stack, key, sha256, body, format });
  }
  return { root: out.at(-1)!, children: out.slice(0, -1) };
}

/** What CreateStackSet must acknowledge for these templates: IAM resources anywhere in the tree. */
export function capabilitiesOf(templates: RegionalTemplates): ('CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM')[] {
  const iam = [templates.root, ...templates.children].some((artifact) => Object.values((parseTemplate(artifact.body, artifact.format) as Template).Resources ?? {}).some((r) => r.Type?.startsWith('AWS::IAM::')));
  return iam ? ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] : [];
}

/** The StackSet template's parameters, as `make deploy` checks them (deploy's TemplateParameter shape). */
export function rootTemplate(templates: RegionalTemplates): Template {
  const template = parseTemplate(templates.root.body, templates.root.format) as Template;
  // "Stack sets with service-managed permissions don't currently support the use of macros in templates
  // (this includes the AWS::Include and AWS::Serverless transforms)": CreateStackSet, Capabilities.
  if (template.Transform !== undefined) {
    throw new StackSetError(`${templates.root.path} declares Transform ${JSON.stringify(template.Transform)}; service-managed StackSets do not support macros or transforms in their template (CreateStackSet, Capabilities)`);
  }
  return template;
}
