/**
 * The task blueprint's inputs as schemas: every input rejects typos, wrong types and values AWS
 * refuses with the path, the value and what is allowed; inputs a launching team could choose take
 * deploy-time values, and a parameter fed to one receives its constraint; the Fargate CPU/memory pair
 * is enforced for literals, one parameter or two, from one table.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FARGATE_CPU_VALUES, FARGATE_SIZES, describeValues, fargateTask, type ContainerProps, type FargateTaskProps } from '../../blueprints/ecs/task/index.js';
import { IMAGE_REFERENCE } from '../../blueprints/ecr/index.js';
import { Fn, type Stack } from '../../dsl/index.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';

const app: ContainerProps = { name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ containerPort: 8080 }] };
const taskWith = (extra: Record<string, unknown>, containers: unknown[] = [app]) => () =>
  compileTree((root) => fargateTask(root, 'T', { cpu: 256, memory: 512, containers, ...extra } as FargateTaskProps));
const containerWith = (extra: Record<string, unknown>) => taskWith({}, [{ ...app, ...extra }]);

test('typos are rejected with the closest known input, at any depth', () => {
  assert.match(inputErrorOf(taskWith({ cpuu: 512 })), 'task.cpuu: 512 is not a known input (did you mean cpu?)');
  assert.match(inputErrorOf(containerWith({ portMapings: [] })), 'task.containers[0].portMapings: [] is not a known input (did you mean portMappings?)');
  assert.match(inputErrorOf(containerWith({ healthCheck: { command: ['CMD', 'true'], intervall: 5 } })), 'task.containers[0].healthCheck.intervall: 5 is not a known input (did you mean interval?)');
  assert.match(inputErrorOf(taskWith({ taskRole: { s3Bucket: [] } })), 'task.taskRole.s3Bucket: [] is not a known input (did you mean s3Buckets?)');
  assert.match(inputErrorOf(taskWith({ logging: { mode: 'managedGroup', retentionInDay: 7 } })), 'task.logging.retentionInDay: 7 is not a known input (did you mean retentionInDays?)');
});

test('wrong types are named as such: strings are not numbers or booleans, null is not an item, arrays are not objects', () => {
  assert.match(inputErrorOf(containerWith({ portMappings: [{ containerPort: '80' }] })), 'task.containers[0].portMappings[0].containerPort: "80" is not an integer from 1 to 65535');
  assert.match(inputErrorOf(containerWith({ essential: 'false' })), 'task.containers[0].essential: "false" is not true or false');
  assert.match(inputErrorOf(containerWith({ command: ['sh', null] })), 'task.containers[0].command[1]: null is not a string');
  assert.match(inputErrorOf(taskWith({ volumes: { name: 'tmp' } })), 'task.volumes: {"name":"tmp"} is not a list of volumes');
  assert.match(inputErrorOf(taskWith({ cpu: '256' })), 'task.cpu: "256" is not a Fargate CPU value (256, 512, 1024, 2048, 4096, 8192, 16384)');
  assert.match(inputErrorOf(taskWith({ exec: 'true' })), 'task.exec: "true" is not true or false');
  assert.match(inputErrorOf(taskWith({ logging: 'managedGroup' })), 'task.logging: "managedGroup" is not a logging mode');
  assert.match(inputErrorOf(taskWith({ containers: [null] }, [null])), 'task.containers[0]: null is not an object');
});

test('values AWS refuses: image grammar, tag and digest together, sizes, names, retention', () => {
  assert.match(inputErrorOf(containerWith({ image: '' })), 'task.containers[0].image: "" is not an image reference');
  assert.match(inputErrorOf(containerWith({ image: 'nginx latest please' })), 'task.containers[0].image: "nginx latest please" is not an image reference');
  assert.match(inputErrorOf(containerWith({ image: `nginx:1.27@sha256:${'a'.repeat(64)}` })), 'is not an image reference');
  assert.match(inputErrorOf(taskWith({ memory: 600 })), 'task.memory: 600 is not a Fargate memory size in MiB (512, 1024 to 30720 in steps of 1024,');
  assert.match(inputErrorOf(containerWith({ name: 'web app' })), 'task.containers[0].name: "web app" is not a container name');
  assert.match(inputErrorOf(taskWith({ logging: { mode: 'managedGroup', retentionInDays: 2 } })), 'task.logging.retentionInDays: 2 is not a CloudWatch Logs retention in days (1, 3, 5,');
  assert.match(inputErrorOf(taskWith({ logging: { mode: 'ecsCreatedGroup', groupName: 'logs with spaces' } })), 'task.logging.groupName: "logs with spaces" is not a log group name');
  assert.match(inputErrorOf(containerWith({ ulimits: [{ name: 'nofile', softLimit: 10, hardLimit: 5 }] })), 'task.containers[0].ulimits[0]: {"name":"nofile","softLimit":10,"hardLimit":5} has softLimit 10 above hardLimit 5');
  assert.match(inputErrorOf(containerWith({ linuxParameters: { capabilities: { add: ['NET_ADMIN'] } } })), 'task.containers[0].linuxParameters.capabilities.add[0]: "NET_ADMIN" is not a capability Fargate lets a container add (SYS_PTRACE)');
  assert.match(inputErrorOf(containerWith({ stopTimeout: 300 })), 'task.containers[0].stopTimeout: 300 is not an integer from 2 to 120');
  assert.match(inputErrorOf(containerWith({ secrets: { TOKEN: { ssmParameterArn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/t', jsonKey: 'k' } } })), 'task.containers[0].secrets.TOKEN: ');
  assert.match(inputErrorOf(containerWith({ secrets: { TOKEN: {} } })), 'task.containers[0].secrets.TOKEN: {} needs exactly one of ssmParameterArn and secretArn');
  assert.match(inputErrorOf(containerWith({ environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.txt', type: 's3' }] })), 'task.containers[0].environmentFiles[0].value: "arn:aws:s3:::bucket/app.txt" is not an S3 object ARN of a .env file');
  assert.match(inputErrorOf(containerWith({ volumesFrom: [{ sourceContainer: 'app' }] })), 'task.containers[0].volumesFrom[0].sourceContainer: "app" is not another container of this task (none)');
  assert.match(inputErrorOf(taskWith({ volumes: [{ name: 'tmp' }, { name: 'tmp' }] })), 'task.volumes[1]: "tmp" is a duplicate volume name (already used at task.volumes[0])');
});

test('an image: text, a deploy-time value, or an ImageRef; a parameter fed to it receives the image grammar', () => {
  const built = compileTree((root) => {
    const image = root.parameter('Image', { Type: 'String', Default: 'public.ecr.aws/nginx/nginx:1.27' });
    fargateTask(root, 'T', { cpu: 256, memory: 512, containers: [{ ...app, image: image.ref }] });
  });
  const parameter = built.root.parameter('Image');
  // Java (CloudFormation's AllowedPattern dialect) takes `/` unescaped; the compiler writes the grammar without `\/`.
  assert.is(parameter['AllowedPattern'], IMAGE_REFERENCE.source.replace(/\\\//g, '/'));
  assert.is(parameter['MaxLength'], 255);
  const [container] = built.root.resource('AWS::ECS::TaskDefinition', {}).properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(container!['Image'], { Ref: 'Image' });
});

test('deploy-time values for family, architecture, storage, environment values, a port and the log retention', () => {
  const built = compileTree((root) => {
    const p = (id: string, def: Parameters<Stack['parameter']>[1]) => root.parameter(id, def).ref;
    fargateTask(root, 'T', {
      cpu: 256,
      memory: 512,
      family: p('Family', { Type: 'String', Default: 'shop' }),
      architecture: p('Arch', { Type: 'String', Default: 'ARM64' }),
      ephemeralStorageGiB: p('Storage', { Type: 'Number', Default: 30 }),
      logging: { mode: 'managedGroup', retentionInDays: p('Retention', { Type: 'Number', Default: 30 }) },
      containers: [
        {
          ...app,
          portMappings: [{ containerPort: p('Port', { Type: 'Number', Default: 8080 }) }],
          environment: { STAGE: p('Stage', { Type: 'String', Default: 'dev' }) },
          healthCheck: { command: ['CMD', 'true'], interval: p('Interval', { Type: 'Number', Default: 30 }) },
          stopTimeout: p('StopTimeout', { Type: 'Number', Default: 30 }),
        },
      ],
    });
  });
  assert.equal(built.root.parameter('Family')['AllowedPattern'], '^[a-zA-Z0-9_-]+$');
  assert.equal(built.root.parameter('Arch')['AllowedValues'], ['X86_64', 'ARM64']);
  assert.equal([built.root.parameter('Storage')['MinValue'], built.root.parameter('Storage')['MaxValue']], [21, 200]);
  assert.equal([built.root.parameter('Port')['MinValue'], built.root.parameter('Port')['MaxValue']], [1, 65535]);
  assert.equal([built.root.parameter('Interval')['MinValue'], built.root.parameter('Interval')['MaxValue']], [5, 300]);
  assert.equal([built.root.parameter('StopTimeout')['MinValue'], built.root.parameter('StopTimeout')['MaxValue']], [2, 120]);
  assert.equal((built.root.parameter('Retention')['AllowedValues'] as unknown[]).length, 22);
  // Any text is a valid environment value: the parameter gets no constraint.
  assert.equal(Object.keys(built.root.parameter('Stage')).sort(), ['Default', 'Type']);
  const definition = built.root.resource('AWS::ECS::TaskDefinition', { Family: { Ref: 'Family' }, EphemeralStorage: { SizeInGiB: { Ref: 'Storage' } } });
  const [container] = definition.properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(container!['PortMappings'], [{ ContainerPort: { Ref: 'Port' }, HostPort: { Ref: 'Port' }, Protocol: 'tcp' }]);
  assert.equal(container!['Environment'], [{ Name: 'STAGE', Value: { Ref: 'Stage' } }]);
  assert.equal(container!['HealthCheck'], { Command: ['CMD', 'true'], Interval: { Ref: 'Interval' }, Timeout: 5, Retries: 3, StartPeriod: 0 });
  assert.equal(lintCompiled(built.result), []);
});

test('a deploy-time port is rendered, not offered to services (they need the number); hostPort cannot follow it', () => {
  let ports: unknown;
  compileTree((root) => {
    const port = root.parameter('Port', { Type: 'Number', Default: 8080 });
    ports = fargateTask(root, 'T', { cpu: 256, memory: 512, containers: [{ ...app, portMappings: [{ containerPort: port.ref }, { containerPort: 9090 }] }] }).containers[0]!.ports;
  });
  assert.equal(ports, [{ containerPort: 9090, protocol: 'tcp' }]);
  const message = inputErrorOf(() =>
    compileTree((root) => {
      const port = root.parameter('Port', { Type: 'Number', Default: 8080 });
      fargateTask(root, 'T', { cpu: 256, memory: 512, containers: [{ ...app, portMappings: [{ containerPort: port.ref, hostPort: 8080 }] }] });
    }),
  );
  assert.match(message, 'task.containers[0].portMappings[0].hostPort: 8080 must be left out when containerPort is a deploy-time value');
});

test('Fargate sizes: two parameters get one rule per CPU value in their stack, from the same table as literals', () => {
  const built = compileTree((root) => {
    const cpu = root.parameter('Cpu', { Type: 'String', Default: '512' });
    const memory = root.parameter('Memory', { Type: 'String', Default: '1024' });
    // The task is in a nested stack; the rules read the parameters where they are declared.
    fargateTask(root.nested('App'), 'T', { cpu: cpu.ref, memory: memory.ref, containers: [app] });
    fargateTask(root.nested('Worker'), 'T', { cpu: cpu.ref, memory: memory.ref, containers: [app] });
  });
  const rules = built.root.template['Rules'] as Record<string, { RuleCondition: unknown; Assertions: { Assert: unknown; AssertDescription: string }[] }>;
  assert.equal(Object.keys(rules), FARGATE_CPU_VALUES.map((cpu) => `FargateMemoryFor${cpu}Cpu`), 'one set of rules for the pair, though two tasks use it');
  for (const [cpu, memories] of Object.entries(FARGATE_SIZES)) {
    assert.equal(rules[`FargateMemoryFor${cpu}Cpu`], {
      RuleCondition: { 'Fn::Equals': [{ Ref: 'Cpu' }, cpu] },
      Assertions: [{ Assert: { 'Fn::Contains': [memories.map(String), { Ref: 'Memory' }] }, AssertDescription: `With ${cpu} CPU units, Memory must be ${describeValues(memories, 'MiB')}` }],
    });
  }
  assert.equal(built.root.parameter('Cpu')['AllowedValues'], FARGATE_CPU_VALUES.map(String));
  assert.equal(lintCompiled(built.result), []);
});

test('Fargate sizes: one parameter next to a literal is narrowed to what the literal allows', () => {
  const built = compileTree((root) => {
    const memory = root.parameter('Memory', { Type: 'String', Default: '1024' });
    const cpu = root.parameter('Cpu', { Type: 'String', Default: '4096' });
    fargateTask(root, 'A', { cpu: 512, memory: memory.ref, containers: [app] });
    fargateTask(root, 'B', { cpu: cpu.ref, memory: 16384, containers: [app] });
  });
  assert.equal(built.root.parameter('Memory')['AllowedValues'], FARGATE_SIZES[512]!.map(String));
  assert.equal(built.root.parameter('Cpu')['AllowedValues'], ['2048', '4096', '8192']);
  assert.is(built.root.template['Rules'], undefined);
  // A Default the narrowing excludes is a compile error naming the input.
  const message = (() => {
    try {
      compileTree((root) => fargateTask(root, 'A', { cpu: 256, memory: root.parameter('Memory', { Type: 'String', Default: '4096' }).ref, containers: [app] }));
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  })();
  assert.match(message, 'has the Default "4096", which is not a Fargate memory for 256 CPU units (it feeds task.memory)');
});

test('Fargate sizes: any other deploy-time value passes unchecked (documented), literals are still checked', () => {
  compileTree((root) => {
    const big = root.condition('Big', Fn.equals(root.parameter('Size', { Type: 'String', Default: 'small' }).ref, 'big'));
    fargateTask(root, 'T', { cpu: Fn.if(big, '1024', '256'), memory: Fn.if(big, '2048', '512'), containers: [app] });
  });
  assert.match(inputErrorOf(taskWith({ cpu: 256, memory: 4096 })), 'task.memory: 4096 is not a valid Fargate memory for 256 CPU units (512, 1024, 2048)');
});

test('secrets from Secrets Manager keep their JSON key, version stage and id in valueFrom', () => {
  const built = compileTree((root) =>
    fargateTask(root, 'T', {
      cpu: 256,
      memory: 512,
      containers: [{ ...app, secrets: { DB: { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf', jsonKey: 'password', versionStage: 'AWSPREVIOUS' } } }],
    }),
  );
  const [container] = built.root.resource('AWS::ECS::TaskDefinition', {}).properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(container!['Secrets'], [{ Name: 'DB', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf:password:AWSPREVIOUS:' }]);
});

test.run();
