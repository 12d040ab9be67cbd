/** The S3 client every script uses: SDK retries off (see retry.ts), short timeouts, path-style on custom endpoints. */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './s3-location.js';

// The project supports Node 20 (engines, CI); the SDK's notice about its future releases is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export function s3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 30000 },
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
  });
}
