/**
 * moto's AWS emulator as a local sandbox on 127.0.0.1: started on a free port, ready when it
 * answers HTTP, stopped by PID. Used by tests (which stop what they start) and by
 * `make sandbox` (which records the PID under .sandbox/ and leaves it running).
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface Sandbox {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Credentials and region the emulator accepts; any values do, these say what they are. */
export const SANDBOX_ENV = {
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

/** The project's pinned tool (`make venv`), else whatever is on PATH. */
export function venvTool(name: string): string {
  const pinned = resolve('.venv', 'bin', name);
  return existsSync(pinned) ? pinned : name;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the process `pid` (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. */
export async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === 3000) process.kill(pid, 'SIGKILL');
    if (waited > 6000) throw new Error(`process ${pid} did not stop`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StartOptions {
  port?: number;
  /** Leave it running after this process exits (make sandbox); output goes to `logFile`. */
  detached?: boolean;
  logFile?: string;
}

export async function startMoto(options: StartOptions = {}): Promise<Sandbox> {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(venvTool('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    detached: options.detached ?? false,
    stdio: ['ignore', out, out],
  });
  const failed = new Promise<Error>((done) => {
    child.once('error', (e) => done(new Error(`cannot start moto_server (${e.message}); run make venv`)));
    child.once('exit', (code) => done(new Error(`moto_server exited with ${code} before answering on ${endpoint}`)));
  });
  let problem: Error | undefined;
  void failed.then((e) => (problem = e));
  for (let waited = 0; !(await answers(endpoint)); waited += 100) {
    if (problem) throw problem;
    if (waited > 20000) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 20 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (options.detached) child.unref();
  const pid = child.pid!;
  return { endpoint, port, pid, stop: () => stopPid(pid) };
}
