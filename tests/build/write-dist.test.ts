import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment } from '../../build/compile-product.js';
import minimal from '../../build/products/minimal-service.js';
import { removeStaleStaging, writeDist } from '../../build/write-dist.js';

const scratch = mkdtempSync(join(tmpdir(), 'write-dist-test-'));
const prod = buildEnvironment(minimal, 'prod', 'json');
const staging = buildEnvironment(minimal, 'staging', 'json');
test.after(() => rmSync(scratch, { recursive: true, force: true }));

let fresh = 0;
/** A dist/ with minimal-service prod and staging built by writeDist. */
function builtDist(): string {
  const dist = join(scratch, `dist-${fresh++}`);
  writeDist(dist, [prod, staging]);
  return dist;
}

/** A folder with one marker file, as a killed build leaves it. */
function leftover(path: string, marker = 'left by a killed build'): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'marker'), marker);
  return path;
}

/** The PID of a process that has exited (PIDs are not reused this soon). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

const hidden = (dist: string) => readdirSync(dist).filter((n) => n.startsWith('.')).sort();

test('a build killed while writing leaves .staging-<pid>-*; the next build removes it', () => {
  const dist = builtDist();
  // A real build process, killed (SIGKILL, no cleanup runs) while it writes its staging folder.
  const killed = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      // The kill comes on the first file written into the staging folder (a folder that already holds
      // this build is left alone, so the build given is a changed one).
      `import fs from 'node:fs';
       import { syncBuiltinESMExports } from 'node:module';
       const write = fs.writeFileSync;
       fs.writeFileSync = (path, ...rest) => { write(path, ...rest); if (String(path).includes('.staging-')) process.kill(process.pid, 'SIGKILL'); };
       syncBuiltinESMExports();
       const { writeDist } = await import('./build/write-dist.ts');
       const { buildEnvironment } = await import('./build/compile-product.ts');
       const { default: minimal } = await import('./build/products/minimal-service.ts');
       const built = buildEnvironment(minimal, 'prod', 'json');
       writeDist(${JSON.stringify(dist)}, [{ ...built, manifest: { ...built.manifest, environment: 'prod (changed)' } }]);`,
    ],
    { encoding: 'utf8' },
  );
  assert.is(killed.signal, 'SIGKILL', killed.stderr);
  const left = hidden(dist);
  assert.is(left.length, 1, left.join());
  assert.match(left[0]!, /^\.staging-\d+-[A-Za-z0-9]{6}$/);
  assert.ok(readdirSync(join(dist, left[0]!, 'minimal-service', 'prod')).length > 0, 'the killed build had written into its staging folder');

  writeDist(dist, [prod]);
  assert.equal(hidden(dist), [], 'the next build cleaned up');
  assert.equal(readdirSync(join(dist, 'minimal-service')).sort(), ['prod', 'staging']);
});

test('stale staging of dead or unrecorded owners and *.previous folders go; a live build\'s staging stays', async () => {
  const dist = builtDist();
  const live = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const dead = leftover(join(dist, `.staging-${deadPid()}-aB3dE9`));
    const unowned = leftover(join(dist, '.staging-Qw12Er'));
    const running = leftover(join(dist, `.staging-${live.pid}-Zx98Cv`), 'a concurrent build is writing here');
    const mine = leftover(join(dist, `.staging-${process.pid}-Mn45Bv`), 'this process is writing here');
    const previous = leftover(join(dist, 'minimal-service', 'prod.previous'));

    writeDist(dist, [prod]);
    assert.not.ok(existsSync(dead), 'owner gone: removed');
    assert.not.ok(existsSync(unowned), 'from a build that did not record its owner: removed');
    assert.not.ok(existsSync(previous), 'the environment beside it exists: removed');
    assert.is(readFileSync(join(running, 'marker'), 'utf8'), 'a concurrent build is writing here', 'a running owner keeps its folder');
    assert.ok(existsSync(mine), 'this process\'s own staging is not taken for stale');
    assert.equal(readdirSync(join(dist, 'minimal-service')).sort(), ['prod', 'staging']);
  } finally {
    live.kill('SIGKILL');
  }
});

test('a build killed between its two renames: the environment it had set aside is put back, not deleted', () => {
  const dist = builtDist();
  const before = readFileSync(join(dist, 'minimal-service', 'staging', 'root.json'), 'utf8');
  // What the swap leaves after `rename(target, staging/.previous/...)` when killed before the second rename.
  const killed = join(dist, `.staging-${deadPid()}-Kk11Ll`);
  mkdirSync(join(killed, '.previous', 'minimal-service'), { recursive: true });
  spawnSync('mv', [join(dist, 'minimal-service', 'staging'), join(killed, '.previous', 'minimal-service', 'staging')]);
  // The same for the layout of earlier builds, <environment>.previous beside a missing environment.
  spawnSync('mv', [join(dist, 'minimal-service', 'prod'), join(dist, 'minimal-service', 'prod.previous')]);

  assert.equal(removeStaleStaging(dist).sort(), [`.staging-${killed.split('.staging-')[1]}`, join('minimal-service', 'prod.previous')].sort());
  assert.is(readFileSync(join(dist, 'minimal-service', 'staging', 'root.json'), 'utf8'), before);
  assert.ok(existsSync(join(dist, 'minimal-service', 'prod', 'manifest.json')));
  assert.equal(hidden(dist), []);
  assert.equal(readdirSync(join(dist, 'minimal-service')).sort(), ['prod', 'staging']);
});

test('two builds in one dist/ at the same time both complete and leave nothing behind', async () => {
  const dist = builtDist();
  const build = () =>
    new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import { writeDist } from './build/write-dist.ts';
           import { buildEnvironment } from './build/compile-product.ts';
           import minimal from './build/products/minimal-service.ts';
           const envs = [buildEnvironment(minimal, 'prod', 'json'), buildEnvironment(minimal, 'staging', 'json')];
           for (let i = 0; i < 20; i++) writeDist(${JSON.stringify(dist)}, envs);`,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.on('exit', (code) => done(code));
    });
  assert.equal(await Promise.all([build(), build()]), [0, 0]);
  assert.equal(hidden(dist), []);
  assert.equal(readdirSync(join(dist, 'minimal-service')).sort(), ['prod', 'staging']);
});

test.run();
