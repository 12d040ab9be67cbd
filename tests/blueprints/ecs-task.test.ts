import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster } from '../../blueprints/ecs/cluster/index.js';
import { fargateTask, parseContainerDefinitions, readContainerDefinitions, FARGATE_SIZES, type ContainerProps } from '../../blueprints/ecs/task/index.js';
import { ecrPublicPullThroughCache } from '../../blueprints/ecr/index.js';
import { compileTree, errorOf, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { checkovCompiled } from '../helpers/checkov.js';

const web: ContainerProps = { name: 'web', image: 'public.ecr.aws/nginx/nginx:latest', portMappings: [{ name: 'http', containerPort: 8080, appProtocol: 'http' }] };
const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: ['sts:AssumeRole'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*' } },
      },
    },
  ],
};
const policyOf = (role: { properties: Record<string, unknown> }) =>
  (role.properties['Policies'] as { PolicyDocument: { Statement: unknown[] } }[])[0]!.PolicyDocument.Statement;

// Default logging (managed group), per-service execution role, secrets, ECR image, no exec.
const managed = compileTree((root) => {
  fargateTask(root, 'Api', {
    cpu: 512,
    memory: 1024,
    architecture: 'ARM64',
    ephemeralStorageGiB: 30,
    containers: [
      {
        name: 'api',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2.3',
        cpu: 256,
        memory: 512,
        portMappings: [{ name: 'api', containerPort: 3000, hostPort: 3000 }],
        environment: { NODE_ENV: 'production' },
        secrets: {
          DB_PASSWORD: { secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', jsonKey: 'password', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1111' },
          API_KEY: { ssmParameterArn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/api/key' },
        },
        healthCheck: { command: ['CMD-SHELL', 'wget -q -O- http://localhost:3000/health || exit 1'] },
        user: '1000:1000',
        ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
        stopTimeout: 30,
        mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp' }],
    taskRole: {
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly'],
      s3Buckets: [{ bucketName: 'reports-bucket', access: 'readwrite', prefix: 'reports/' }],
    },
  });
});

test('managed log group: retention, KMS, deleted with the stack; awslogs options', () => {
  const group = managed.root.resource('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['ApiLogsKey', 'Arn'] } });
  assert.equal(group.resource['DeletionPolicy'], 'Delete');
  const td = managed.root.resource('AWS::ECS::TaskDefinition', {
    Cpu: '512',
    Memory: '1024',
    NetworkMode: 'awsvpc',
    RequiresCompatibilities: ['FARGATE'],
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    EphemeralStorage: { SizeInGiB: 30 },
    Volumes: [{ Name: 'tmp' }],
  });
  const [api] = td.properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(api!['LogConfiguration'], {
    LogDriver: 'awslogs',
    Options: { 'awslogs-group': { Ref: 'ApiLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'api' },
  });
  assert.equal(api!['ReadonlyRootFilesystem'], true);
  assert.equal(api!['PortMappings'], [{ Name: 'api', ContainerPort: 3000, HostPort: 3000, Protocol: 'tcp' }]);
  assert.equal(api!['Secrets'], [
    { Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::' },
    { Name: 'API_KEY', ValueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/api/key' },
  ]);
  assert.equal(api!['LinuxParameters'], undefined);
});

test('per-service execution role: exact least-privilege statements', () => {
  const role = managed.root.byId('ApiExecutionRole');
  assert.equal(role.properties['AssumeRolePolicyDocument'], trust);
  assert.equal(role.properties['ManagedPolicyArns'], undefined);
  assert.equal(policyOf(role), [
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['ApiLogGroup', 'Arn'] }] },
    { Sid: 'AuthenticateToEcr', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
    {
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/api' }],
    },
    { Sid: 'ReadSsmParameters', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/api/key'] },
    { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf'] },
    { Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['arn:aws:kms:eu-west-1:123456789012:key/1111'] },
  ]);
});

test('task role: managed policies and S3 access scoped to a prefix', () => {
  const role = managed.root.byId('ApiRole');
  assert.equal(role.properties['ManagedPolicyArns'], ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly']);
  assert.equal(policyOf(role), [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::reports-bucket' }],
      Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
    },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::reports-bucket/reports/*' }] },
  ]);
});

// awslogs to a group ECS creates; no logging; shared execution role; exec on via the cluster.
const shared = compileTree((root) => {
  const c = cluster(root.nested('Cluster'), { sharedExecutionRole: true });
  fargateTask(root.nested('App'), 'Worker', {
    cpu: 256,
    memory: 512,
    cluster: c.ref,
    exec: true,
    executionRole: { shared: c.sharedExecutionRole! },
    logging: { mode: 'ecsCreatedGroup', groupName: '/ecs/worker' },
    containers: [
      { name: 'worker', image: 'docker.io/library/busybox:1.36', command: ['sleep', '3600'] },
      { name: 'quiet', image: 'docker.io/library/busybox:1.36', essential: false, logging: { mode: 'none' }, dependsOn: [{ containerName: 'worker', condition: 'START' }] },
    ],
  });
});

test('awslogs to a group ECS creates, and no logging', () => {
  const td = shared.stack('App').resource('AWS::ECS::TaskDefinition', {});
  const [worker, quiet] = td.properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(worker!['LogConfiguration'], {
    LogDriver: 'awslogs',
    Options: { 'awslogs-group': '/ecs/worker', 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'worker', 'awslogs-create-group': 'true' },
  });
  assert.equal(quiet!['LogConfiguration'], undefined);
  shared.stack('App').expectNone('AWS::Logs::LogGroup');
});

test('shared execution role: the task attaches its own policy to the cluster role', () => {
  const role = shared.stack('Cluster').byId('SharedExecutionRole');
  assert.equal(role.properties['AssumeRolePolicyDocument'], trust);
  assert.equal(role.properties['Policies'], undefined);
  const policy = shared.stack('App').byId('WorkerExecutionPolicy');
  assert.equal(policy.properties['Roles'], [{ Ref: 'ClusterSharedExecutionRole' }]);
  assert.equal((policy.properties['PolicyDocument'] as { Statement: unknown[] }).Statement, [
    {
      Sid: 'WriteLogsToGroupsEcsCreates',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/ecs/worker:*' }],
    },
  ]);
  const td = shared.stack('App').resource('AWS::ECS::TaskDefinition', { ExecutionRoleArn: { Ref: 'ClusterSharedExecutionRoleArn' } });
  assert.equal(td.resource['DependsOn'], ['WorkerExecutionPolicy']);
});

test('exec on: task role statements, init process, a writable root filesystem and no volumes over the agent paths', () => {
  const role = shared.stack('App').byId('WorkerRole');
  assert.equal(policyOf(role), [
    {
      Sid: 'EcsExecChannels',
      Effect: 'Allow',
      Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      Resource: ['*'],
    },
    { Sid: 'EcsExecSessionKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ Ref: 'ClusterExecKeyArn' }] },
    { Sid: 'EcsExecFindLogGroup', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: ['*'] },
    {
      Sid: 'EcsExecTranscripts',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${ClusterExecLogGroup}:*' }],
    },
  ]);
  const td = shared.stack('App').resource('AWS::ECS::TaskDefinition', {});
  const containers = td.properties['ContainerDefinitions'] as Record<string, unknown>[];
  // ECS Exec does not support a read-only root filesystem: every container gets a writable one.
  assert.equal(containers.map((c) => c['ReadonlyRootFilesystem']), [false, false]);
  assert.equal(containers[0]!['LinuxParameters'], { InitProcessEnabled: true });
  assert.equal(containers.map((c) => c['MountPoints']), [undefined, undefined]);
  assert.is(td.properties['Volumes'], undefined);
  assert.ok(
    shared.result.warnings.some((w) => w.stack === 'Root/App' && /ECS Exec is on, so these containers run with a writable root filesystem: worker, quiet/.test(w.message)),
    'the build says why the roots are writable',
  );
});

test('exec on: a container that asks for a read-only root is refused, and a writable one stays quiet', () => {
  const message = inputErrorOf(() =>
    compileTree((root) => fargateTask(root, 'T', { cpu: 256, memory: 512, exec: {}, containers: [{ ...web, readonlyRootFilesystem: true }] })),
  );
  assert.match(message, 'task.containers[0].readonlyRootFilesystem: true is not supported with ECS Exec');
  const quiet = compileTree((root) => fargateTask(root, 'T', { cpu: 256, memory: 512, exec: {}, containers: [{ ...web, readonlyRootFilesystem: false }] }));
  assert.equal(quiet.result.warnings.filter((w) => /ECS Exec/.test(w.message)), []);
});

test('a group ECS creates is a compile-time warning that says it is outside the stack', () => {
  const notes = shared.result.warnings.filter((w) => w.stack === 'Root/App').map((w) => w.message);
  assert.ok(notes.some((m) => /\/ecs\/worker: a log group ECS creates \(awslogs-create-group\) is outside the stack/.test(m)), notes.join('\n'));
  assert.ok(notes.some((m) => /container worker writes to \/ecs\/worker, a log group ECS creates outside the product .*\[ecs.log-groups-in-product\]$/.test(m)), notes.join('\n'));
});

// FireLens with the managed Fluent Bit router, to a log group of the stack; image through the pull-through cache.
const firelens = compileTree((root) => {
  const cache = ecrPublicPullThroughCache(root, 'EcrPublicCache');
  const group = root.add('AppLogs', {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { RetentionInDays: 30, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  });
  fargateTask(root, 'Web', {
    cpu: 1024,
    memory: 2048,
    logging: { mode: 'firelens', options: { Name: 'cloudwatch_logs', region: 'eu-west-1', log_group_name: group.ref, auto_create_group: 'false' } },
    containers: [{ ...web, image: cache.image('public.ecr.aws/nginx/nginx:latest') }],
  });
});

test('FireLens: Fluent Bit sidecar from the public SSM parameter, app depends on it', () => {
  const parameter = firelens.root.parameter('WebFluentBitImage');
  assert.equal(parameter['Type'], 'AWS::SSM::Parameter::Value<String>');
  assert.equal(parameter['Default'], '/aws/service/aws-for-fluent-bit/stable');
  const td = firelens.root.resource('AWS::ECS::TaskDefinition', {});
  const [app, router] = td.properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(app!['LogConfiguration'], { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch_logs', region: 'eu-west-1', log_group_name: { Ref: 'AppLogs' }, auto_create_group: 'false' } });
  assert.equal(app!['DependsOn'], [{ ContainerName: 'log-router', Condition: 'START' }]);
  assert.equal(app!['Image'], { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ecr-public/nginx/nginx:latest' });
  assert.equal(router!['Image'], { Ref: 'WebFluentBitImage' });
  assert.equal(router!['FirelensConfiguration'], { Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } });
  assert.equal((router!['LogConfiguration'] as { LogDriver: string }).LogDriver, 'awslogs');
  const statements = policyOf(firelens.root.byId('WebExecutionRole'));
  assert.equal(statements.slice(1), [
    { Sid: 'AuthenticateToEcr', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
    {
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/ecr-public/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:*:repository/aws-for-fluent-bit' },
      ],
    },
    {
      Sid: 'PullThroughCache',
      Effect: 'Allow',
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/ecr-public/*' }],
    },
  ]);
});

// Seed 004: container definitions from a JSON file.
const fromJson = compileTree((root) => {
  fargateTask(root, 'Prod', { cpu: 256, memory: 512, family: 'matabit-prod', containers: readContainerDefinitions('tests/fixtures/task-definitions-prod.json') });
});

test('container definitions from a JSON file', () => {
  const td = fromJson.root.resource('AWS::ECS::TaskDefinition', { Family: 'matabit-prod' });
  assert.equal((td.properties['ContainerDefinitions'] as unknown[])[0], {
    Name: 'matabit-prod-container',
    Image: '485876055632.dkr.ecr.us-west-2.amazonaws.com/matabit-ecr:prod',
    Essential: true,
    ReadonlyRootFilesystem: true,
    Cpu: 10,
    Memory: 512,
    PortMappings: [{ ContainerPort: 80, HostPort: 80, Protocol: 'tcp' }],
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: 'ProdLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'matabit-prod-container' },
    },
  });
});

test('the Fargate size table is exported', () => {
  assert.equal(FARGATE_SIZES[256], [512, 1024, 2048]);
  assert.equal(FARGATE_SIZES[8192]!.at(-1), 61440);
  assert.equal(FARGATE_SIZES[16384]!.length, 12);
});

const task = (containers: ContainerProps[], extra: Record<string, unknown> = {}) => () =>
  compileTree((root) => fargateTask(root, 'T', { cpu: 256, memory: 512, containers, ...extra }));

test('input errors name the path and the value', () => {
  assert.match(errorOf(task([web], { cpu: 256, memory: 4096 })), 'task.memory: 4096 is not a valid Fargate memory for 256 CPU units (512, 1024, 2048)');
  assert.match(errorOf(task([web], { cpu: 300 })), 'task.cpu: 300 is not a Fargate CPU value');
  assert.match(errorOf(task([{ ...web, memory: 400 }, { name: 'b', image: 'x', memory: 200 }])), 'task.containers: "600 MiB of memory" is more than the task\'s 512 MiB');
  assert.match(errorOf(task([{ ...web, cpu: 200 }, { name: 'b', image: 'x', cpu: 100 }])), 'task.containers: "300 CPU units" is more than the task\'s 256 CPU units');
  assert.match(errorOf(task([])), 'task.containers: [] has 0 containers; allowed: 1 to 10');
  const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x' }));
  assert.match(errorOf(task(eleven)), /^task\.containers: \[.* has 11 containers; allowed: 1 to 10$/);
  const tenPlusRouter = eleven.slice(1);
  assert.match(
    errorOf(task(tenPlusRouter, { logging: { mode: 'firelens', options: {} } })),
    'task.containers: "11 containers (log router included)" is outside the allowed range',
  );
  assert.match(errorOf(task([web, { ...web }])), 'task.containers[1]: "web" is a duplicate container name (already used at task.containers[0])');
  assert.match(
    errorOf(task([web, { name: 'b', image: 'x', portMappings: [{ name: 'http', containerPort: 9090 }] }])),
    'task.containers[1].portMappings[0].name: "http" is a duplicate port name (already used at task.containers[0].portMappings[0].name)',
  );
  assert.match(errorOf(task([{ ...web, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }])), 'task.containers[0].dependsOn[0].containerName: "db" is not a container of this task (web)');
  assert.match(
    errorOf(task([{ ...web, logging: { mode: 'firelens', options: {} } }])),
    'task.containers[0].logging: "awsfirelens" log driver needs a log router',
  );
  assert.match(errorOf(task([web], { logging: { mode: 'firelens', options: {}, router: 'provided' } })), 'task.logging: "awsfirelens" log driver needs a log router');
  assert.match(errorOf(task([{ ...web, portMappings: [{ containerPort: 70000 }] }])), 'task.containers[0].portMappings[0].containerPort: 70000 is not an integer from 1 to 65535');
  assert.match(errorOf(task([{ ...web, portMappings: [{ containerPort: 80, hostPort: 8080 }] }])), 'task.containers[0].portMappings[0].hostPort: 8080 must equal containerPort (80)');
  assert.match(
    errorOf(task([{ ...web, secrets: { TOKEN: { ssmParameterArn: '/api/token' } } }])),
    'task.containers[0].secrets.TOKEN.ssmParameterArn: "/api/token" is not an SSM parameter ARN',
  );
  assert.match(errorOf(task([web], { ephemeralStorageGiB: 500 })), 'task.ephemeralStorageGiB: 500 is not an integer from 21 to 200');
  assert.match(
    errorOf(task([web], { taskRole: { statements: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] } })),
    'task.taskRole.statements[0].Resource: "*" is a wildcard resource for actions that can be scoped (s3:GetObject)',
  );
  assert.match(
    errorOf(task([web], { taskRole: { statements: [{ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:s3:::b'] }] } })),
    'task.taskRole.statements[0].Action[0]: "*" is not an IAM action',
  );
});

test('JSON file errors name the file and the field', () => {
  assert.match(
    errorOf(() => readContainerDefinitions('tests/fixtures/task-definitions-bad-port.json', 'task-definitions/prod.json')),
    'task-definitions/prod.json: [0].portMappings[0].containerPort: "80x" is not an integer from 1 to 65535',
  );
  assert.match(errorOf(() => readContainerDefinitions('tests/fixtures/task-definitions-malformed.json')), 'tests/fixtures/task-definitions-malformed.json: "file" is not valid JSON');
  assert.match(
    errorOf(() => readContainerDefinitions('tests/fixtures/task-definitions-prod.json', 'x.json').length && readContainerDefinitions('tests/fixtures/missing.json', 'missing.json')),
    'missing.json: "tests/fixtures/missing.json" cannot be read (ENOENT)',
  );
  const hostPort = JSON.stringify([{ name: 'a', image: 'b', portMappings: [{ containerPort: 80, hostPort: 81 }] }]);
  assert.match(errorOf(() => parseContainerDefinitions(hostPort, 'p.json')), 'p.json: [0].portMappings[0].hostPort: 81 must equal containerPort (80) in awsvpc network mode');
  assert.match(
    errorOf(() => parseContainerDefinitions('[{"name":"a","image":"b","links":["db"]}]', 'p.json')),
    'p.json: [0].links: ["db"] is not supported in the awsvpc network mode Fargate uses',
  );
  assert.match(errorOf(() => parseContainerDefinitions('{}', 'p.json')), 'p.json: (top level): "object" is not an array');
  assert.match(errorOf(() => parseContainerDefinitions('[{"image":"b"}]', 'p.json')), 'p.json: [0].name: undefined is missing: it is required');
});

test('cfn-lint and checkov are clean on every task setup', () => {
  assert.equal(lintCompiled(managed.result, shared.result, firelens.result, fromJson.result), []);
  assert.equal(checkovCompiled(managed.result, shared.result, firelens.result, fromJson.result), []);
});

test.run();
