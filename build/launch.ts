/**
 * `node launch.cjs <bundle.cjs>`: runs a CommonJS bundle with V8's code cache kept next to it
 * (`<bundle>.v8-cache`), so that a build process neither parses the bundle nor compiles the
 * functions it calls: a third of a small product's build, the catalogue's slowest part cold.
 * Node 22 does the same natively (`module.enableCompileCache`); Node 20, which this project
 * supports, does not. V8 refuses a cache made from other source, another V8 or other flags
 * (`cachedDataRejected`); then the bundle runs compiled from source and the cache is rewritten
 * when the process ends, with every function the run compiled.
 *
 * A cache holds the functions of the runs that made it, and a build compiles only what its
 * selection needs (one product, one format). So the cache is also rewritten, with what it had
 * and what this run added, after the first run of a selection that no earlier writer covered
 * (`<bundle>.v8-cache.runs` lists them: the format and the product, `*` for all): after a full
 * JSON and a full YAML build, no run writes it again.
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
const runsFile = `${cacheFile}.runs`;
const source = readFileSync(file, 'utf8');
const readOrNothing = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined; // nothing cached yet: this run makes it
  }
};
const cachedData = readOrNothing(() => readFileSync(cacheFile));
// The wrapper CommonJS gives every module, so the bundle runs as `node bundle.cjs` would run it.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });

const selection = `${process.env['FORMAT'] || 'json'} ${process.env['PRODUCT'] || '*'}`;
const fresh = !cachedData || script.cachedDataRejected;
const writers = fresh ? [] : (readOrNothing(() => readFileSync(runsFile, 'utf8').split('\n').filter(Boolean)) ?? []);
const covered = writers.some((writer) => writer === selection || writer === `${selection.split(' ')[0]} *`);
if (fresh || !covered) {
  process.once('exit', () => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      writeFileSync(temporary, [...writers, selection].join('\n') + '\n');
      renameSync(temporary, runsFile);
    } catch {
      // a cache that cannot be written only costs the next run its speed
    }
  });
}
// The bundle sees the arguments `node bundle.cjs ...` would give it.
process.argv.splice(1, 2, file);
const bundleModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(file), bundleModule, file, dirname(file));
