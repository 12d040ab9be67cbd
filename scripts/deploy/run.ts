/** `make deploy` as a function of its variables, so tests can drive it without a process per case. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../build/compile-product.js';
import { deploy } from './deploy.js';
import { DeployError } from './errors.js';
import { parseTags, readParameterFile } from './params.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Returns the exit code: 0 done, 1 failed (one message on err), 2 usage. */
export function runDeploy(vars: NodeJS.ProcessEnv, io: Io = consoleIo): number {
  const product = vars['PRODUCT'];
  const environment = vars['ENV'];
  const stack = vars['STACK'];
  if (!product || !environment || !stack) {
    io.err('usage: make deploy PRODUCT=<product> ENV=<environment> STACK=<stack name> [PARAMS=<file.json>] [TAGS="k=v ..."] [REVIEW=1] [BUCKET=<bucket>] [REGION=<region>] [ROLE=<service role ARN>]');
    return 2;
  }
  try {
    const folder = join(resolve(vars['DIST'] || 'dist'), product, environment);
    if (!existsSync(join(folder, 'manifest.json'))) throw new DeployError(`${product}/${environment} is not built: run make build PRODUCT=${product} ENV=${environment}`);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const file = vars['PARAMS'] ? readParameterFile(vars['PARAMS']) : { parameters: {}, tags: {} };
    const tags = { product, environment, ...file.tags, ...parseTags(vars['TAGS']) };
    const review = ['1', 'true', 'yes'].includes((vars['REVIEW'] ?? '').toLowerCase());
    const role = vars['ROLE'];
    if (role && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(role)) throw new DeployError(`ROLE ${JSON.stringify(role)} is not an IAM role ARN (arn:aws:iam::123456789012:role/name; make permissions prints a template that creates one)`);
    deploy({
      templateFile: join(folder, 'packaged', manifest.root),
      stack,
      parameters: file.parameters,
      tags,
      review,
      env: vars,
      log: io.out,
      ...(vars['BUCKET'] ? { bucket: vars['BUCKET'] } : {}),
      ...(vars['REGION'] ? { region: vars['REGION'] } : {}),
      ...(role ? { roleArn: role } : {}),
    });
    return 0;
  } catch (error) {
    io.err(`deploy failed: ${error instanceof DeployError ? error.message : ((error as Error).stack ?? String(error))}`);
    return 1;
  }
}
