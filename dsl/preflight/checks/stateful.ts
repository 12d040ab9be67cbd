/**
 * Resources that hold data or keys say what happens to them when the stack is deleted or the
 * resource replaced (DeletionPolicy and UpdateReplacePolicy, both explicit), and log groups are
 * complete: retention (else kept, and billed, forever) and a KMS key.
 */
import type { PreflightCheck } from '../check.js';

const STATEFUL = new Set(['AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::EFS::FileSystem', 'AWS::SecretsManager::Secret', 'AWS::DynamoDB::Table']);

export const statefulCheck: PreflightCheck = {
  id: 'stateful.explicit-policies',
  title: 'Stateful resources declare DeletionPolicy and UpdateReplacePolicy; log groups have retention and a KMS key',
  why: 'Left implicit, a stack deletion or a replacement silently deletes logs, keys or data; a log group without retention keeps (and bills) data forever, one without a key is unencrypted at rest under a customer key',
  source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html; https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/logs/encrypt-log-data-kms.html',
  run(tree, report) {
    for (const resource of tree.resources()) {
      if (!STATEFUL.has(resource.type)) continue;
      const missing = ['DeletionPolicy', 'UpdateReplacePolicy'].filter((attribute) => resource.resource[attribute] === undefined);
      if (missing.length) {
        report({ severity: 'error', stack: resource.stack, logicalId: resource.id, message: `${resource.type} has no ${missing.join(' and ')}: say whether it is kept or deleted with the stack` });
      }
      if (resource.type === 'AWS::Logs::LogGroup') {
        for (const property of ['RetentionInDays', 'KmsKeyId']) {
          if (resource.properties[property] === undefined) {
            report({ severity: 'error', stack: resource.stack, logicalId: resource.id, property: `Properties.${property}`, message: `is missing: every log group of a product has ${property === 'RetentionInDays' ? 'a retention' : 'a KMS key'}` });
          }
        }
      }
    }
  },
};
