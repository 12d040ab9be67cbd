/**
 * ARNs and host names a template builds must hold in every partition: `arn:${AWS::Partition}:...`
 * and `...amazonaws.${AWS::URLSuffix}`, never `arn:aws:` or `.amazonaws.com` next to a region or
 * account the template fills in (those fail in aws-cn and aws-us-gov). Complete literal ARNs are
 * left alone: they name a real resource of the partition they were copied from.
 */
import type { PreflightCheck } from '../check.js';
import { subOf, subParts, walkJson } from '../json.js';

const LITERAL_PARTITION = /arn:aws(-cn|-us-gov|-iso[a-z-]*)?:/;
const LITERAL_SUFFIX = /\.amazonaws\.com(\.cn)?(?![\w.-])/;

export const partitionCheck: PreflightCheck = {
  id: 'partition.built-arns',
  title: 'ARNs and AWS host names the template builds use `${AWS::Partition}` and `${AWS::URLSuffix}`',
  why: 'A literal `arn:aws:` or `amazonaws.com` in a built value points at the wrong partition in the China and GovCloud regions: the policy matches nothing or the image pull fails',
  source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html',
  run(tree, report) {
    for (const resource of tree.resources()) {
      walkJson(resource.properties, 'Properties', (value, path) => {
        const sub = subOf(value);
        if (sub) {
          const parts = subParts(sub.text);
          // Only text joined to something the template fills in is a built value.
          if (!parts.some((p) => 'variable' in p)) return;
          const text = parts.map((p) => ('text' in p ? p.text : '${}')).join('');
          const partition = LITERAL_PARTITION.exec(text);
          if (partition) {
            report({ severity: 'error', stack: resource.stack, logicalId: resource.id, property: path, message: `builds an ARN with the literal partition "${partition[0]}": use arn:\${AWS::Partition}:` });
          }
          // Service principals are names, not host names: their partition forms are not the URL suffix.
          const suffix = /\.Principal\.Service/.test(path) ? null : LITERAL_SUFFIX.exec(text);
          if (suffix) {
            report({ severity: 'error', stack: resource.stack, logicalId: resource.id, property: path, message: `builds a host name with the literal "${suffix[0]}": use \${AWS::URLSuffix} (amazonaws.com.cn in China)` });
          }
        }
        const join = value && typeof value === 'object' && !Array.isArray(value) ? value['Fn::Join'] : undefined;
        if (Array.isArray(join) && Array.isArray(join[1]) && typeof join[1][0] === 'string' && LITERAL_PARTITION.test(join[1][0]) && join[1].length > 1) {
          report({ severity: 'error', stack: resource.stack, logicalId: resource.id, property: path, message: 'joins an ARN that starts with a literal partition: start it with { "Ref": "AWS::Partition" }' });
        }
      });
    }
  },
};
