/**
 * EC2-compatible task definitions (seed 003), the Fargate-only container settings refused where a task may
 * run on Fargate, an execution role given by ARN, and images a release tool owns through SSM.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateTask, ssmImage, type ContainerProps, type FargateTaskProps } from '../../blueprints/ecs/task/index.js';
import { footprintOfTemplates } from '../../dsl/permissions-footprint.js';
import type { CompileResult } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';

const trees: CompileResult[] = [];
const image = 'public.ecr.aws/docker/library/redis:7';
const taskError = (props: Record<string, unknown>) =>
  inputErrorOf(() => compileTree((root) => fargateTask(root, 'T', { containers: [{ name: 'app', image, memory: 256 }], ...props } as FargateTaskProps)));

test('an EC2-only task: RequiresCompatibilities EC2, awsvpc, no task size, container memory; EC2-only Linux settings', () => {
  const out = compileTree((root) => {
    const task = fargateTask(root, 'Cache', {
      compatibilities: ['EC2'],
      containers: [
        {
          name: 'redis',
          image,
          memory: 512,
          portMappings: [{ name: 'redis', containerPort: 6379 }],
          linuxParameters: { capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] }, sharedMemorySize: 128, tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec', 'nosuid'] }] },
        },
      ],
    });
    assert.equal(task.compatibilities, ['EC2']);
    assert.equal(task.cpu, undefined);
    assert.equal(task.memory, undefined);
  });
  trees.push(out.result);
  const td = out.root.resource('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['EC2'], NetworkMode: 'awsvpc', Cpu: absent, Memory: absent, EphemeralStorage: absent });
  const [redis] = td.properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(redis!['Memory'], 512);
  assert.equal(redis!['LinuxParameters'], {
    Capabilities: { Add: ['NET_ADMIN'], Drop: ['MKNOD'] },
    SharedMemorySize: 128,
    Tmpfs: [{ ContainerPath: '/run', Size: 64, MountOptions: ['noexec', 'nosuid'] }],
  });
});

test('an EC2-only task with a task size outside the Fargate table, and a task for both launch types under the Fargate rules', () => {
  const out = compileTree((root) => {
    fargateTask(root, 'Big', { compatibilities: ['EC2'], cpu: 3072, memory: 6000, containers: [{ name: 'app', image }] });
    fargateTask(root, 'Both', { compatibilities: ['FARGATE', 'EC2'], cpu: 512, memory: 1024, containers: [{ name: 'app', image }] });
  });
  trees.push(out.result);
  out.root.resource('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['EC2'], Cpu: '3072', Memory: '6000' });
  out.root.resource('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['FARGATE', 'EC2'], Cpu: '512', Memory: '1024' });
});

test('an execution role given by ARN: no role or policy made, and the build lists the actions it must allow; a literal ARN is found for iam:PassRole', () => {
  const roleArn = 'arn:aws:iam::111122223333:role/platform/ecs-execution';
  const out = compileTree((root) => {
    fargateTask(root, 'Byo', { cpu: 256, memory: 512, executionRole: { arn: roleArn }, containers: [{ name: 'app', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1' }] });
  });
  trees.push(out.result);
  assert.equal(out.root.resource('AWS::ECS::TaskDefinition').properties['ExecutionRoleArn'], roleArn);
  out.root.expectNone('AWS::IAM::Role');
  out.root.expectNone('AWS::IAM::Policy');
  const warning = out.result.warnings.find((w) => w.message.startsWith('task.executionRole.arn:'))?.message ?? '';
  assert.match(warning, 'must itself allow logs:CreateLogStream, logs:PutLogEvents, ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability');
  const footprint = footprintOfTemplates(out.result.stacks.map((stack) => stack.template as never), { stackNamePrefix: 'app' });
  assert.ok(footprint.passedRoles.includes(roleArn), `passed roles: ${footprint.passedRoles.join(', ')}`);
});

test('an image whose tag a release tool writes to SSM: an SSM parameter type resolved at every deployment; the execution role pulls from that repository only', () => {
  const out = compileTree((root) => {
    fargateTask(root, 'Web', { cpu: 256, memory: 512, containers: [{ name: 'web', image: ssmImage(root, 'WebImageTag', { parameterName: '/my-app/image-tag', repository: 'my-app' }) }] });
    fargateTask(root, 'Job', { cpu: 256, memory: 512, containers: [{ name: 'job', image: ssmImage(root, 'JobImage', { parameterName: '/jobs/image' }) }] });
  });
  trees.push(out.result);
  assert.equal(out.root.parameter('WebImageTag'), {
    Type: 'AWS::SSM::Parameter::Value<String>',
    Default: '/my-app/image-tag',
    Description: 'SSM parameter holding the image tag of my-app (read at every stack update)',
  });
  const web = out.root.byId('WebDefinition').properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(web[0]!['Image'], { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/my-app:${WebImageTag}' });
  const pulls = (role: string) =>
    ((out.root.byId(role).properties['Policies'] as { PolicyDocument: { Statement: { Sid?: string; Resource: unknown[] }[] } }[])[0]!.PolicyDocument.Statement.find((st) => st.Sid === 'PullImages'))!.Resource;
  assert.equal(pulls('WebExecutionRole'), [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/my-app' }]);
  const job = out.root.byId('JobDefinition').properties['ContainerDefinitions'] as Record<string, unknown>[];
  assert.equal(job[0]!['Image'], { Ref: 'JobImage' });
  assert.equal(pulls('JobExecutionRole'), [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*' }]);
});

test('Fargate-only and EC2-only rules fail with the input path, the value and what is allowed', () => {
  const onFargate = (linuxParameters: ContainerProps['linuxParameters']) => taskError({ cpu: 256, memory: 512, containers: [{ name: 'app', image, linuxParameters }] });
  assert.is(onFargate({ capabilities: { add: ['NET_ADMIN'] } }), 'task.containers[0].linuxParameters.capabilities.add[0]: "NET_ADMIN" is not a capability Fargate lets a container add (SYS_PTRACE)');
  assert.match(onFargate({ sharedMemorySize: 64 }), /^task\.containers\[0\]\.linuxParameters\.sharedMemorySize: 64 is not valid in a task that may run on Fargate/);
  assert.match(onFargate({ tmpfs: [{ containerPath: '/run', size: 1 }] }), /^task\.containers\[0\]\.linuxParameters\.tmpfs: .* is not valid in a task that may run on Fargate/);
  assert.match(
    taskError({ compatibilities: ['FARGATE', 'EC2'], cpu: 256, memory: 512, containers: [{ name: 'app', image, linuxParameters: { sharedMemorySize: 64 } }] }),
    /give the task compatibilities \['EC2'\]/,
  );
  assert.is(
    taskError({ compatibilities: ['EC2'], containers: [{ name: 'app', image }] }),
    'task.containers[0].memory: undefined is missing: a task without a task memory needs memory or memoryReservation on every container (RegisterTaskDefinition, EC2)',
  );
  assert.match(taskError({ compatibilities: ['EC2'], cpu: 64 }), /^task\.cpu: 64 is not an integer from 128 to 196608/);
  assert.match(taskError({ compatibilities: ['EC2'], ephemeralStorageGiB: 50 }), /^task\.ephemeralStorageGiB: 50 is Fargate's task storage/);
  assert.match(taskError({ compatibilities: ['FARGATE', 'FARGATE'], cpu: 256, memory: 512 }), /^task\.compatibilities\[1\]: "FARGATE" is a duplicate launch type/);
  assert.match(taskError({ compatibilities: ['EXTERNAL'], cpu: 256, memory: 512 }), /^task\.compatibilities\[0\]: "EXTERNAL" is not a launch type \(FARGATE or EC2\)/);
  assert.match(taskError({ compatibilities: ['FARGATE', 'EC2'], cpu: 3072, memory: 6000 }), /^task\.cpu: 3072 is not a Fargate CPU value/);
  assert.match(inputErrorOf(() => compileTree((root) => ssmImage(root, 'Img', { parameterName: 'bad name' }))), /^image\.parameterName: "bad name" is not an SSM parameter name/);
  assert.match(inputErrorOf(() => compileTree((root) => ssmImage(root, 'Img', { parameterName: '/a', repository: 'My_Repo' }))), /^image\.repository: "My_Repo" is not an ECR repository name/);
});

test('every template above is cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees), []);
});

test.run();
