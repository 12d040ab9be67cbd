/**
 * Generator for blueprints/ecs/cluster/ec2-instance-types.json: every EC2 instance type the EC2 API
 * accepts, so that a misspelt type (`t3.nonsense`, `m6i.larg`) fails the build instead of the Auto
 * Scaling group at deploy time.
 *
 * Source of truth: the `InstanceType` enum of the EC2 API model botocore ships
 * (<site-packages>/botocore/data/ec2/<api version>/service-2.json[.gz], the newest API version), read
 * from the botocore the pinned AWS CLI installs into .venv (`make venv`). The EC2 API reference lists the
 * same values: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html (InstanceType).
 * The table is compact (sizes grouped by family), sorted, and committed; this script is not part of the
 * build or the tests.
 *
 *   npx tsx scripts/generate-instance-types.ts            regenerate the table
 *   npx tsx scripts/generate-instance-types.ts --check    exit 1 if the committed table differs from what would be generated
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'blueprints/ecs/cluster/ec2-instance-types.json');

/** The botocore version and the `InstanceType` enum of its newest EC2 API model, read by the venv's Python. */
function readEnum(): { botocore: string; apiVersion: string; types: string[] } {
  const python = join(ROOT, '.venv/bin/python');
  if (!existsSync(python)) throw new Error('no .venv: run `make venv` first (it installs the pinned AWS CLI and its botocore)');
  const program = [
    'import botocore, botocore.loaders, json',
    'loader = botocore.loaders.Loader()',
    "version = sorted(loader.list_api_versions('ec2', 'service-2'))[-1]",
    "model = loader.load_service_model('ec2', 'service-2', version)",
    "print(json.dumps({'botocore': botocore.__version__, 'apiVersion': version, 'types': model['shapes']['InstanceType']['enum']}))",
  ].join('\n');
  return JSON.parse(execFileSync(python, ['-c', program], { encoding: 'utf8' })) as { botocore: string; apiVersion: string; types: string[] };
}

/** `{ "t3": ["2xlarge", "large", ...] }`, families and sizes sorted (code-point order, stable across platforms). */
function byFamily(types: readonly string[]): Record<string, string[]> {
  const families = new Map<string, Set<string>>();
  for (const type of types) {
    const dot = type.indexOf('.');
    if (dot <= 0 || dot === type.length - 1) throw new Error(`unexpected instance type ${JSON.stringify(type)} (not <family>.<size>)`);
    const family = type.slice(0, dot);
    if (!families.has(family)) families.set(family, new Set());
    families.get(family)!.add(type.slice(dot + 1));
  }
  const sorted = (values: Iterable<string>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted(families.keys()).map((family) => [family, sorted(families.get(family)!)]));
}

function render(): string {
  const { botocore, apiVersion, types } = readEnum();
  const families = byFamily(types);
  const lines = Object.entries(families).map(([family, sizes]) => `    ${JSON.stringify(family)}: ${JSON.stringify(sizes)}`);
  return [
    '{',
    `  "source": ${JSON.stringify(`botocore ${botocore}, EC2 API ${apiVersion}, shape InstanceType (scripts/generate-instance-types.ts)`)},`,
    `  "count": ${types.length},`,
    '  "families": {',
    lines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

const text = render();
const shown = relative(ROOT, OUT);
if (process.argv.includes('--check')) {
  const committed = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (committed !== text) {
    console.error(`${shown} is stale: run npx tsx scripts/generate-instance-types.ts`);
    process.exit(1);
  }
  console.log(`${shown} is current`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${shown} (${Buffer.byteLength(text)} bytes)`);
}
