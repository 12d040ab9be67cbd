/** Creates the sandbox's template bucket (idempotent). */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../publish/s3-client.js';

export const SANDBOX_BUCKET = 'sandbox-templates';

export async function createBucket(endpoint: string, bucket = SANDBOX_BUCKET, region = 'us-east-1'): Promise<void> {
  const client = s3Client({ region, endpoint });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  } finally {
    client.destroy();
  }
}
