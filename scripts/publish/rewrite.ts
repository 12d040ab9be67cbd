/**
 * Points a template's nested stacks at their published URLs. The template is parsed and
 * written back with the compiler's own serialiser, so the result is as deterministic as the
 * build output, and its hash (the object key) depends only on content.
 */
import { parseTemplate, serialize, type Json, type TemplateFormat } from '../../dsl/index.js';

interface StackResource {
  Type?: string;
  Properties?: { TemplateURL?: unknown };
}

/**
 * Rewrites every `AWS::CloudFormation::Stack` TemplateURL found in `urls` (file name -> URL); the
 * result is written in `outputFormat` (by default the format it was read in).
 */
export function rewriteTemplateUrls(body: string, format: TemplateFormat, urls: ReadonlyMap<string, string>, outputFormat: TemplateFormat = format): string {
  const template = parseTemplate(body, format) as { Resources?: Record<string, StackResource> };
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const current = resource.Properties?.TemplateURL;
    if (typeof current !== 'string' || /^(https|s3):\/\//.test(current)) continue;
    const url = urls.get(current);
    if (url === undefined) throw new Error(`nested stack ${id} points at ${current}, which was not published before its parent`);
    resource.Properties = { ...resource.Properties, TemplateURL: url };
  }
  return serialize(template as Json, outputFormat);
}
