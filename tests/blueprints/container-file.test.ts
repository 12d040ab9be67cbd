/**
 * Seed 004: container definitions in a JSON file, in ECS's own shape. Every field of the API's
 * container definition (the generated table) is either taken, converted to CloudFormation's name, or
 * refused with the reason; unknown fields and wrong types are named with file, container and field.
 * The cases are generated from the table and the full fixture, so a field the API gains fails here
 * until the blueprint takes or refuses it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTAINER_DEFINITION_FIELDS, type ValueShape } from '../../blueprints/ecs/task/container-fields.js';
import { REFUSED_FIELDS } from '../../blueprints/ecs/task/container-shape.js';
import { fargateTask, parseContainerDefinitions, readContainerDefinitions } from '../../blueprints/ecs/task/index.js';
import { InputError, type Json } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { inlineStatements } from '../products/helpers.js';

const FULL = 'tests/fixtures/task-definitions-full.json';
const fullText = readFileSync(FULL, 'utf8');
type JsonObject = { [key: string]: Json };

const built = compileTree((root) => {
  fargateTask(root, 'Shop', { cpu: 512, memory: 1024, volumes: [{ name: 'cache' }], containers: readContainerDefinitions(FULL, 'task-definitions/prod.json') });
});

test('every field Fargate runs, from a file, becomes its CloudFormation property', () => {
  const definition = built.root.resource('AWS::ECS::TaskDefinition', {});
  const [web, agent, forwarder] = definition.properties['ContainerDefinitions'] as JsonObject[];
  const logs = (prefix: string) => ({
    LogDriver: 'awslogs',
    Options: { 'awslogs-group': { Ref: 'ShopLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': prefix },
  });
  assert.equal(web, {
    Name: 'web',
    Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2',
    Essential: true,
    ReadonlyRootFilesystem: false,
    Cpu: 256,
    Memory: 768,
    MemoryReservation: 512,
    PortMappings: [{ Name: 'http', ContainerPort: 8080, HostPort: 8080, Protocol: 'tcp', AppProtocol: 'http' }],
    Environment: [
      { Name: 'STAGE', Value: 'prod' },
      { Name: 'EMPTY', Value: '' },
    ],
    EnvironmentFiles: [{ Value: 'arn:aws:s3:::shop-config/web/prod.env', Type: 's3' }],
    Secrets: [
      { Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf:password::' },
      { Name: 'API_KEY', ValueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shop/api-key' },
    ],
    HealthCheck: { Command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 10 },
    DependsOn: [{ ContainerName: 'agent', Condition: 'START' }],
    User: '101:101',
    LinuxParameters: { Capabilities: { Add: ['SYS_PTRACE'], Drop: ['NET_RAW'] }, InitProcessEnabled: true },
    Command: ['nginx', '-g', 'daemon off;'],
    EntryPoint: ['/docker-entrypoint.sh'],
    WorkingDirectory: '/usr/share/nginx/html',
    Ulimits: [{ Name: 'nofile', SoftLimit: 65535, HardLimit: 65535 }],
    StartTimeout: 60,
    StopTimeout: 30,
    MountPoints: [{ SourceVolume: 'cache', ContainerPath: '/var/cache/nginx', ReadOnly: false }],
    VolumesFrom: [{ SourceContainer: 'agent', ReadOnly: true }],
    LogConfiguration: logs('web'),
    RestartPolicy: { Enabled: true, IgnoredExitCodes: [0], RestartAttemptPeriod: 300 },
    VersionConsistency: 'enabled',
    Interactive: false,
    PseudoTerminal: false,
    DockerLabels: { team: 'shop' },
    SystemControls: [{ Namespace: 'net.core.somaxconn', Value: '1024' }],
  });
  assert.equal(agent, {
    Name: 'agent',
    Image: 'docker.io/example/agent:2.1',
    Essential: false,
    ReadonlyRootFilesystem: true,
    Cpu: 0,
    MemoryReservation: 64,
    LogConfiguration: logs('agent'),
    RepositoryCredentials: { CredentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:dockerhub-AbCdEf' },
  });
  assert.equal(forwarder!['FirelensConfiguration'], { Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } });
});

test('the execution role may read exactly the secrets, environment files and registry credentials the file names', () => {
  const statements = inlineStatements(built.root.byId('ShopExecutionRole'));
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
  assert.equal(bySid['ReadSecrets']!.Resource, [
    'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf',
    'arn:aws:secretsmanager:eu-west-1:111122223333:secret:dockerhub-AbCdEf',
  ]);
  assert.equal(bySid['ReadSsmParameters']!.Resource, ['arn:aws:ssm:eu-west-1:111122223333:parameter/shop/api-key']);
  assert.equal(bySid['ReadEnvironmentFiles'], { Sid: 'ReadEnvironmentFiles', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shop-config/web/prod.env'] });
  assert.equal(bySid['LocateEnvironmentFileBuckets'], { Sid: 'LocateEnvironmentFileBuckets', Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: ['arn:aws:s3:::shop-config'] });
});

/** Every field path of the table (`portMappings.name`), objects and lists of objects walked. */
function tablePaths(fields: Readonly<Record<string, { type: string; fields?: unknown; of?: ValueShape }>>, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([name, field]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const nested = field.type === 'object' ? field.fields : field.type === 'list' && field.of?.type === 'object' ? field.of.fields : undefined;
    return [path, ...(nested ? tablePaths(nested as typeof fields, path) : [])];
  });
}

/** Every field path the full fixture sets (list indices dropped). */
function fixturePaths(value: Json, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => fixturePaths(item, prefix));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    // Maps (labels, options) hold names of their own, not fields.
    const field = fieldAt(path);
    return [path, ...(field?.type === 'map' ? [] : fixturePaths(item, path))];
  });
}

function fieldAt(path: string): ValueShape | undefined {
  let fields: Readonly<Record<string, ValueShape>> | undefined = CONTAINER_DEFINITION_FIELDS;
  let field: ValueShape | undefined;
  for (const name of path.split('.')) {
    field = fields?.[name];
    if (!field) return undefined;
    fields = field.type === 'object' ? field.fields : field.type === 'list' ? field.of?.fields : undefined;
  }
  return field;
}

const refusedAt = (path: string) => Object.keys(REFUSED_FIELDS).some((refused) => path === refused || path.startsWith(`${refused}.`));

test('every field of the API is taken (the full fixture sets it and compiles) or refused with a reason', () => {
  const used = new Set(fixturePaths(JSON.parse(fullText) as Json));
  const unclassified = tablePaths(CONTAINER_DEFINITION_FIELDS).filter((path) => !refusedAt(path) && !used.has(path));
  assert.equal(unclassified, []);
  // A refused field names a field of the API (no reason for a field that does not exist).
  assert.equal(Object.keys(REFUSED_FIELDS).filter((path) => !fieldAt(path)), []);
});

/** A value of the field's shape that asks for something. */
function sample(shape: ValueShape): Json {
  switch (shape.type) {
    case 'string':
      return shape.enum?.[0] ?? 'x';
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'list':
      return [sample(shape.of!)];
    case 'map':
      return { k: 'v' };
    case 'object': {
      const [name, field] = Object.entries(shape.fields!)[0]!;
      return { [name]: sample(field) };
    }
  }
}

test('each refused field, set, fails at file, container and field with its reason', () => {
  for (const [dotted, reason] of Object.entries(REFUSED_FIELDS)) {
    const container: JsonObject = { name: 'web', image: 'nginx:1.27' };
    let holder = container;
    let at = '[0]';
    const names = dotted.split('.');
    names.forEach((name, i) => {
      const field = fieldAt(names.slice(0, i + 1).join('.'))!;
      if (i === names.length - 1) {
        holder[name] = sample(field);
        at += `.${name}`;
      } else if (field.type === 'list') {
        const item: JsonObject = {};
        holder[name] = [item];
        holder = item;
        at += `.${name}[0]`;
      } else {
        const item: JsonObject = {};
        holder[name] = item;
        holder = item;
        at += `.${name}`;
      }
    });
    const message = inputErrorOf(() => parseContainerDefinitions(JSON.stringify([container]), 'p.json'));
    assert.ok(message.startsWith(`p.json: ${at}: `) && message.endsWith(reason), `${dotted}: ${message}`);
  }
});

/** A value of another JSON type than the field's. */
function wrongType(shape: ValueShape): Json {
  switch (shape.type) {
    case 'string':
      return 5;
    case 'integer':
      return '5';
    case 'boolean':
      return 'true';
    case 'list':
      return { item: 1 };
    default:
      return ['x'];
  }
}

test('a wrong type anywhere in the file is named with file, container and field (every field of the full fixture)', () => {
  const original = JSON.parse(fullText) as JsonObject[];
  let cases = 0;
  const visit = (value: Json, path: string, shape: ValueShape, replace: ((v: Json) => void) | undefined) => {
    if (replace) {
      const saved = value;
      replace(wrongType(shape));
      let message = '';
      try {
        parseContainerDefinitions(JSON.stringify(original), 'f.json');
      } catch (error) {
        assert.instance(error, InputError, `${path}: ${(error as Error).message}`);
        message = (error as Error).message;
      }
      assert.ok(message.startsWith(`f.json: ${path}: `), `${path} set to ${JSON.stringify(wrongType(shape))}: ${message || 'accepted'}`);
      replace(saved);
      cases++;
    }
    if (Array.isArray(value) && shape.type === 'list') value.forEach((item, i) => visit(item, `${path}[${i}]`, shape.of!, (v) => (value[i] = v)));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value)) {
        const item = shape.type === 'map' ? shape.of! : shape.fields![key]!;
        visit(value[key]!, `${path}.${key}`, item, (v) => (value[key] = v));
      }
    }
  };
  original.forEach((container, i) => visit(container, `[${i}]`, { type: 'object', fields: CONTAINER_DEFINITION_FIELDS }, undefined));
  assert.ok(cases >= 111, `only ${cases} cases`);
});

test('unknown fields get the closest known one; duplicates, bare secret names and bad files are named', () => {
  const parse = (containers: unknown) => inputErrorOf(() => parseContainerDefinitions(JSON.stringify(containers), 'p.json'));
  assert.match(parse([{ name: 'a', image: 'b', portMapping: [] }]), 'p.json: [0].portMapping: [] is not a field of an ECS container definition (did you mean portMappings?)');
  assert.match(parse([{ name: 'a', image: 'b', linuxParameters: { initProcesEnabled: true } }]), 'p.json: [0].linuxParameters.initProcesEnabled: true is not a field of an ECS container definition (did you mean initProcessEnabled?)');
  assert.match(
    parse([{ name: 'a', image: 'b', environment: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }]),
    'p.json: [0].environment[1].name: "A" is a duplicate environment variable name (already set at [0].environment[0])',
  );
  assert.match(
    parse([{ name: 'a', image: 'b', secrets: [{ name: 'S', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/s' }, { name: 'S', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/t' }] }]),
    'p.json: [0].secrets[1].name: "S" is a duplicate secret name (already set at [0].secrets[0])',
  );
  assert.match(parse([{ name: 'a', image: 'b', secrets: [{ name: 'S', valueFrom: 'db-password' }] }]), 'p.json: [0].secrets[0].valueFrom: "db-password" is not an SSM parameter ARN or a Secrets Manager secret ARN');
  assert.match(parse([{ name: 'a', image: 'b', environment: [{ name: 'A', value: '1' }], secrets: [{ name: 'A', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/a' }] }]), 'p.json: [0].secrets: "A" is also set in environment');
  assert.match(parse([{ name: 'a', image: 'b' }, { name: 'a', image: 'c' }]), 'p.json: [1].name: "a" is a duplicate container name (already used at [0].name)');
  assert.match(parse([{ name: 'a', image: 'b', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/a' } } }]), "p.json: [0].logConfiguration: {\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/a\"}} is the blueprint's");
  assert.match(parse([{ name: 'a', image: 'b', links: {} }]), 'p.json: [0].links: {} is not supported in the awsvpc network mode');
  assert.match(parse([null]), 'p.json: [0]: null is not an object (a container definition)');
});

test('the file can turn the read-only root filesystem off (and on: the default)', () => {
  const [web, agent] = parseContainerDefinitions(fullText, 'f.json');
  assert.equal([web!.readonlyRootFilesystem, agent!.readonlyRootFilesystem], [false, undefined]);
});

test('cfn-lint and checkov are clean on the task from the full file', () => {
  assert.equal(lintCompiled(built.result), []);
  assert.equal(checkovCompiled(built.result), []);
});

test('the committed field table is what the generator makes from the pinned sources', () => {
  execFileSync('node', ['--import', 'tsx', 'scripts/generate-container-fields.ts', '--check'], { stdio: ['ignore', 'pipe', 'pipe'] });
});

test.run();
