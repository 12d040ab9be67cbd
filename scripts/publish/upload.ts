/**
 * Uploads one content-addressed object: skipped when the key already holds the same bytes,
 * otherwise sent with its SHA-256 checksum (S3 rejects a body that does not match) and
 * checked again after the upload.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishError } from './errors.js';
import { sha256Hex } from './manifest.js';
import { statusOf, withRetries, type RetryOptions } from './retry.js';

export interface UploadRequest {
  bucket: string;
  key: string;
  body: string;
  contentType: string;
}

export type UploadOutcome = 'uploaded' | 'present';

const base64Of = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** The SHA-256 (hex) of the object at the key, or undefined when there is none. */
async function storedHash(client: S3Client, bucket: string, key: string, retry: RetryOptions): Promise<string | undefined> {
  let head;
  try {
    head = await withRetries(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' })), retry);
  } catch (error) {
    if (statusOf(error) === 404 || (error as { name?: string }).name === 'NotFound') return undefined;
    throw error;
  }
  const fromMetadata = head.Metadata?.['sha256'];
  if (fromMetadata) return fromMetadata;
  if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-')) return Buffer.from(head.ChecksumSHA256, 'base64').toString('hex');
  // Put there by another tool without a checksum: read it to know.
  const object = await withRetries(() => client.send(new GetObjectCommand({ Bucket: bucket, Key: key })), retry);
  return sha256Hex(Buffer.from(await object.Body!.transformToByteArray()));
}

export async function uploadOnce(client: S3Client, request: UploadRequest, retry: RetryOptions = {}): Promise<UploadOutcome> {
  const { bucket, key, body } = request;
  const hash = sha256Hex(body);
  if ((await storedHash(client, bucket, key, retry)) === hash) return 'present';
  const checksum = base64Of(hash);
  const put = await withRetries(
    () =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: request.contentType,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: checksum,
          Metadata: { sha256: hash },
        }),
      ),
    retry,
  );
  if (put.ChecksumSHA256 !== undefined && put.ChecksumSHA256 !== checksum) {
    throw new PublishError(`s3://${bucket}/${key}: S3 acknowledged checksum ${put.ChecksumSHA256}, expected ${checksum}`);
  }
  const stored = await storedHash(client, bucket, key, retry);
  if (stored !== hash) throw new PublishError(`s3://${bucket}/${key}: after upload the object's SHA-256 is ${stored ?? 'missing'}, expected ${hash}`);
  return 'uploaded';
}
