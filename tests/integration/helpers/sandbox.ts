/** Test fixtures for the integration tests: a built product in a temp dist/ and a moto sandbox. */
import { ListObjectsV2Command, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment } from '../../../build/compile-product.js';
import minimal from '../../../build/products/minimal-service.js';
import { writeDist } from '../../../build/write-dist.js';
import type { TemplateFormat } from '../../../dsl/index.js';
import { s3Client } from '../../../scripts/publish/s3-client.js';
import { createBucket } from '../../../scripts/sandbox/bucket.js';
import { SANDBOX_ENV, startMoto, venvTool, type Sandbox } from '../../../scripts/sandbox/moto.js';

export const REGION = 'us-east-1';

/** dist/minimal-service/<env>/ compiled into a fresh temp dir; `folder` is the environment folder. */
export function tempDist(format: TemplateFormat = 'json', environment = 'prod'): { dist: string; folder: string; cleanup: () => void } {
  const dist = mkdtempSync(join(tmpdir(), 'publish-test-'));
  writeDist(dist, [buildEnvironment(minimal, environment, format)]);
  return { dist, folder: join(dist, minimal.name, environment), cleanup: () => rmSync(dist, { recursive: true, force: true }) };
}

export interface MotoFixture {
  sandbox: Sandbox;
  client: S3Client;
  /** Environment for child processes (CLI, aws) pointed at the sandbox. */
  env: NodeJS.ProcessEnv;
  bucket(name: string): Promise<string>;
  keys(bucket: string): Promise<string[]>;
  read(bucket: string, key: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startFixture(): Promise<MotoFixture> {
  Object.assign(process.env, SANDBOX_ENV);
  const sandbox = await startMoto();
  const client = s3Client({ region: REGION, endpoint: sandbox.endpoint });
  return {
    sandbox,
    client,
    env: { ...process.env, ...SANDBOX_ENV, AWS_ENDPOINT_URL: sandbox.endpoint },
    bucket: async (name) => {
      await createBucket(sandbox.endpoint, name, REGION);
      return name;
    },
    keys: async (bucket) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort(),
    read: async (bucket, key) => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString(),
    stop: async () => {
      client.destroy();
      await sandbox.stop();
    },
  };
}

/** Runs a node script of the project (like `make publish` does) and returns its exit status and output. */
export function runScript(script: string, env: NodeJS.ProcessEnv, args: string[] = []): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export const awsCli = () => venvTool('aws');
