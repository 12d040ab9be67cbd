/**
 * `node launch.cjs <bundle.cjs>`: runs a CommonJS bundle with V8's code cache kept next to it
 * (`<bundle>.v8-cache`), so that a build process neither parses the bundle nor compiles the
 * functions it calls: a third of a small product's build, the catalogue's slowest part cold.
 * Node 22 does the same natively (`module.enableCompileCache`); Node 20, which this project
 * supports, does not. V8 refuses a cache made from other source, another V8 or other flags
 * (`cachedDataRejected`); then the bundle runs compiled from source and the cache is rewritten
 * when the process ends, with every function the run compiled.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

const bundle = process.argv[2];
if (!bundle) {
  console.error('usage: node launch.cjs <bundle.cjs> [arguments...]');
  process.exit(2);
}
const file = resolve(bundle);
const cacheFile = `${file}.v8-cache`;
const source = readFileSync(file, 'utf8');
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache yet: the run below makes one
}
// The wrapper CommonJS gives every module, so the bundle runs as `node bundle.cjs` would run it.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
if (!cachedData || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // a cache that cannot be written only costs the next run its speed
    }
  });
}
// The bundle sees the arguments `node bundle.cjs ...` would give it.
process.argv.splice(1, 2, file);
const bundleModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(file), bundleModule, file, dirname(file));
