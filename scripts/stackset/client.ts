/** The CloudFormation client the scripts use, and the endpoint it talks to (AWS, or a sandbox). */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';

// The project supports Node 20 (engines, CI); the SDK's notice about its future releases is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** A custom CloudFormation endpoint (a sandbox) from the environment, the way the AWS CLI and SDKs read it. */
export function cloudFormationEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  return env['AWS_ENDPOINT_URL_CLOUDFORMATION'] || env['AWS_ENDPOINT_URL'] || undefined;
}

export function cloudFormationClient(region: string, endpoint?: string): CloudFormationClient {
  return new CloudFormationClient({ region, maxAttempts: 3, ...(endpoint ? { endpoint } : {}) });
}
