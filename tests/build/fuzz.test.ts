/**
 * Seeded fuzzing of every product's inputs (issue: nothing silently wrong). FUZZ_SEED replays a run,
 * FUZZ_MUTATIONS sets the mutations per product (default 2,000). Zero crashes and zero wrong
 * acceptances are required; the seed and the first failures are printed so a failure replays.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue } from '../../build/catalogue.js';
import { buildEnvironment } from '../../build/compile-product.js';
import { jsonSchemaOf } from '../../build/input-docs.js';
import { defineProduct, isEnvironmentFile, type Product } from '../../build/product.js';
import { allowedTypes, isProjectError, jsonType, mutate, random, takesAnyKey, type Json, type Mutation } from '../helpers/fuzz.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261130);
const PER_PRODUCT = Number(process.env['FUZZ_MUTATIONS'] ?? 2000);
const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));

interface Finding {
  product: string;
  outcome: 'crash' | 'wrong acceptance';
  mutation: string;
  detail: string;
}

const inputsOf = (product: Product, environment: string): Json => {
  const entry = product.environments[environment];
  if (!isEnvironmentFile(entry)) return JSON.parse(JSON.stringify(entry)) as Json;
  const { $schema: _schema, ...inputs } = JSON.parse(readFileSync(entry.file, 'utf8')) as Record<string, Json>;
  return inputs;
};

/** Files an environment names (container definitions, releases): their contents are fuzzed too. */
const FILE_INPUTS: Record<string, string> = { 'minimal-service': 'containerDefinitionsFile', catalog: 'releasesFile' };
const SAMPLE_RELEASES = {
  releases: [
    {
      product: 'microservice',
      version: '1.0.0+0123456789ab',
      description: 'A release',
      templateUrl: 'https://b.s3.us-east-1.amazonaws.com/microservice/x.json',
      bucket: 'b',
      prefix: 'microservice',
      resourceTypes: ['AWS::ECS::Service'],
    },
  ],
};

const findings: Finding[] = [];
const counts = { mutations: 0, rejected: 0, accepted: 0 };

function run(product: Product, environment: string, mutation: Mutation, schemaTypes: (path: (string | number)[]) => Set<string> | undefined, inputs: unknown): void {
  counts.mutations++;
  const subject = defineProduct({ ...product, environments: { fuzz: inputs as never } } as Product);
  const describe = `${mutation.kind} at ${mutation.path.join('.') || '(top)'} = ${String(JSON.stringify(mutation.value) ?? mutation.value).slice(0, 80)} (environment ${environment})`;
  try {
    buildEnvironment(subject, 'fuzz', 'json');
  } catch (error) {
    if (isProjectError(error)) {
      counts.rejected++;
      return;
    }
    findings.push({ product: product.name, outcome: 'crash', mutation: describe, detail: String((error as Error).stack ?? error).split('\n').slice(0, 3).join(' | ') });
    return;
  }
  counts.accepted++;
  const allowed = mutation.value === undefined ? undefined : schemaTypes(mutation.path);
  const wrongType = allowed !== undefined && !allowed.has(jsonType(mutation.value));
  if (mutation.invalidByConstruction || wrongType) {
    findings.push({ product: product.name, outcome: 'wrong acceptance', mutation: describe, detail: wrongType ? `allowed: ${[...allowed!].join(', ')}` : 'invalid by construction' });
  }
}

test(`fuzz: ${PER_PRODUCT} seeded mutations of each product's inputs (seed ${SEED}) find no crash and no wrong acceptance`, () => {
  const pick = random(SEED);
  for (const product of catalogue) {
    const schema = jsonSchemaOf(product.inputs);
    const environments = Object.keys(product.environments);
    const fileInput = FILE_INPUTS[product.name];
    for (let i = 0; i < PER_PRODUCT; i++) {
      const environment = environments[i % environments.length]!;
      const base = inputsOf(product, environment) as Record<string, Json>;
      if (fileInput && i % 2 === 1) {
        // Half of the mutations go into the file the environment names.
        const original = product.name === 'catalog' ? (SAMPLE_RELEASES as unknown as Json) : (JSON.parse(readFileSync(String(base[fileInput]), 'utf8')) as Json);
        const mutation = mutate(original, pick);
        const file = join(scratch, `${product.name}-${i}.json`);
        writeFileSync(file, JSON.stringify(mutation.inputs, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
        const nonFinite = typeof mutation.value === 'number' && !Number.isFinite(mutation.value);
        // A file cannot hold NaN or Infinity (written as strings): judge those as the strings they became.
        run(product, environment, { ...mutation, invalidByConstruction: mutation.invalidByConstruction && !nonFinite }, () => undefined, { ...base, [fileInput]: file });
        rmSync(file, { force: true });
        continue;
      }
      const mutation = mutate(base, pick);
      // A new key in a map (tag options, say) is a name of the user's choosing, not a typo.
      const keyed = mutation.kind.endsWith(' key') && mutation.kind !== 'removed key';
      const invalid = mutation.invalidByConstruction && !(keyed && takesAnyKey(schema, mutation.path.slice(0, -1)));
      run(product, environment, { ...mutation, invalidByConstruction: invalid }, (path) => allowedTypes(schema, path), mutation.inputs);
    }
  }
  console.log(`fuzz seed ${SEED}: ${counts.mutations} mutations, ${counts.rejected} rejected, ${counts.accepted} accepted, ${findings.filter((f) => f.outcome === 'crash').length} crashes, ${findings.filter((f) => f.outcome === 'wrong acceptance').length} wrong acceptances`);
  const report = findings.slice(0, 15).map((f) => `${f.product}: ${f.outcome}: ${f.mutation}: ${f.detail}`);
  assert.equal(report, [], `replay with FUZZ_SEED=${SEED}`);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
