/**
 * Task volumes: EFS (transit encryption, IAM authorisation and the task-role statements it needs, access
 * points), a volume configured at launch (EBS), bind mounts; a task role given by ARN. Asserted over the
 * compiled templates, linted with cfn-lint and checkov.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fargateTask, type ContainerProps, type FargateTaskProps } from '../../blueprints/ecs/task/index.js';
import type { CompileResult } from '../../dsl/index.js';
import { checkovCompiled } from '../helpers/checkov.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { lintCompiled } from '../helpers/lint.js';
import { absent } from '../helpers/template.js';

const trees: CompileResult[] = [];
const FS = 'fs-0123456789abcdef0';
const AP = 'fsap-0123456789abcdef0';
const app = (mountPoints: ContainerProps['mountPoints']): ContainerProps => ({ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', mountPoints });
const policyOf = (role: { properties: Record<string, unknown> }) =>
  (role.properties['Policies'] as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]!.PolicyDocument.Statement;
const taskWith = (props: Partial<FargateTaskProps>) =>
  inputErrorOf(() => compileTree((root) => fargateTask(root, 'T', { cpu: 256, memory: 512, containers: [app([])], ...props } as FargateTaskProps)));

test('EFS with an access point: transit encryption, IAM, and a task role that may mount and write through that access point only', () => {
  const out = compileTree((root) => {
    const task = fargateTask(root, 'Files', {
      cpu: 256,
      memory: 512,
      containers: [app([{ sourceVolume: 'shared', containerPath: '/data' }, { sourceVolume: 'scratch', containerPath: '/tmp' }])],
      volumes: [
        { name: 'shared', efs: { fileSystemId: FS, accessPointId: AP, mountTargetSecurityGroupId: 'sg-0123456789abcdef0' } },
        { name: 'scratch' },
      ],
    });
    assert.equal(task.efsVolumes, [{ volume: 'shared', fileSystemId: FS, mountTargetSecurityGroupId: 'sg-0123456789abcdef0' }]);
    assert.equal(task.launchVolumes, []);
  });
  trees.push(out.result);
  const td = out.root.resource('AWS::ECS::TaskDefinition', {
    Volumes: [
      { Name: 'shared', EFSVolumeConfiguration: { FilesystemId: FS, TransitEncryption: 'ENABLED', RootDirectory: absent, AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: AP } } },
      { Name: 'scratch', EFSVolumeConfiguration: absent },
    ],
  });
  assert.equal(td.properties['TaskRoleArn'], { 'Fn::GetAtt': ['FilesRole', 'Arn'] });
  assert.equal(policyOf(out.root.byId('FilesRole')), [
    {
      Sid: 'Efsshared',
      Effect: 'Allow',
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:elasticfilesystem:\${AWS::Region}:\${AWS::AccountId}:file-system/${FS}` }],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': { 'Fn::Sub': `arn:\${AWS::Partition}:elasticfilesystem:\${AWS::Region}:\${AWS::AccountId}:access-point/${AP}` } } },
    },
  ]);
});

test('EFS mounted read-only everywhere: mount without write; a root directory; root access on request; IAM off gives no statement', () => {
  const out = compileTree((root) => {
    fargateTask(root, 'Reader', {
      cpu: 256,
      memory: 512,
      containers: [app([{ sourceVolume: 'docs', containerPath: '/docs', readOnly: true }, { sourceVolume: 'admin', containerPath: '/admin' }, { sourceVolume: 'open', containerPath: '/open' }])],
      volumes: [
        { name: 'docs', efs: { fileSystemId: FS, rootDirectory: '/docs', transitEncryptionPort: 2999 } },
        { name: 'admin', efs: { fileSystemId: 'fs-00000000000000001', rootAccess: true } },
        { name: 'open', efs: { fileSystemId: 'fs-00000000000000002', iamAuthorization: false } },
      ],
    });
  });
  trees.push(out.result);
  out.root.resource('AWS::ECS::TaskDefinition', {
    Volumes: [
      { Name: 'docs', EFSVolumeConfiguration: { RootDirectory: '/docs', TransitEncryptionPort: 2999, TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: absent } } },
      { Name: 'admin', EFSVolumeConfiguration: { AuthorizationConfig: { IAM: 'ENABLED' } } },
      { Name: 'open', EFSVolumeConfiguration: { TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'DISABLED' } } },
    ],
  });
  const statements = policyOf(out.root.byId('ReaderRole'));
  assert.equal(statements.map((st) => [st['Sid'], st['Action'], st['Condition']]), [
    ['Efsdocs', ['elasticfilesystem:ClientMount'], undefined],
    ['Efsadmin', ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'], undefined],
  ]);
});

test('a volume configured at launch (EBS, described by the service); bind mounts stay plain', () => {
  const out = compileTree((root) => {
    const task = fargateTask(root, 'Db', { cpu: 512, memory: 1024, containers: [app([{ sourceVolume: 'data', containerPath: '/var/lib/data' }])], volumes: [{ name: 'data', configuredAtLaunch: true }] });
    assert.equal(task.launchVolumes, ['data']);
    assert.equal(task.efsVolumes, []);
  });
  trees.push(out.result);
  out.root.resource('AWS::ECS::TaskDefinition', { Volumes: [{ Name: 'data', ConfiguredAtLaunch: true }] });
  out.root.expectNone('AWS::IAM::Role', { Description: 'ECS task role: what the containers may do at run time' });
});

test('a task role given by ARN: used as is, nothing made, and the build says what it must allow', () => {
  const roleArn = 'arn:aws:iam::111122223333:role/platform/app-task';
  const out = compileTree((root) => {
    fargateTask(root, 'Byo', {
      cpu: 256,
      memory: 512,
      containers: [app([{ sourceVolume: 'shared', containerPath: '/data' }])],
      volumes: [{ name: 'shared', efs: { fileSystemId: FS } }],
      taskRole: { arn: roleArn },
    });
  });
  trees.push(out.result);
  assert.equal(out.root.resource('AWS::ECS::TaskDefinition').properties['TaskRoleArn'], roleArn);
  out.root.expectNone('AWS::IAM::Role', { Description: 'ECS task role: what the containers may do at run time' });
  assert.ok(
    out.result.warnings.some((w) => /task\.taskRole\.arn: the role given must itself allow elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite/.test(w.message)),
    out.result.warnings.map((w) => w.message).join('\n'),
  );
});

test('bad volumes fail with the input path, the value and what is allowed', () => {
  const cases: [Partial<FargateTaskProps>, string][] = [
    [{ volumes: [{ name: 'v', efs: { fileSystemId: 'fs-XYZ' } }] }, 'task.volumes[0].efs.fileSystemId: "fs-XYZ" is not an EFS file system id (fs-...)'],
    [{ volumes: [{ name: 'v', efs: { fileSystemId: FS, accessPointId: 'ap-1' } }] }, 'task.volumes[0].efs.accessPointId: "ap-1" is not an EFS access point id (fsap-...)'],
    [{ volumes: [{ name: 'v', efs: { fileSystemId: FS, accessPointId: AP, rootDirectory: '/x' } }] }, 'task.volumes[0].efs.rootDirectory: "/x" must be left out with an access point'],
    [{ volumes: [{ name: 'v', efs: { fileSystemId: FS, iamAuthorization: false, rootAccess: true } }] }, 'task.volumes[0].efs.rootAccess: true needs iamAuthorization'],
    [{ volumes: [{ name: 'v', efs: { fileSystemId: FS }, configuredAtLaunch: true }] }, 'task.volumes[0].configuredAtLaunch: true cannot be combined with efs'],
    [{ volumes: [{ name: 'a', configuredAtLaunch: true }, { name: 'b', configuredAtLaunch: true }] }, 'task.volumes[1].configuredAtLaunch: true is a second volume configured at launch (a is one): a task definition may have only one'],
    [{ volumes: [{ name: 'v', efs: { fileSystemId: FS, transitEncryption: 'DISABLED' } as never }] }, 'task.volumes[0].efs.transitEncryption: "DISABLED" is not a known input'],
    [{ taskRole: { arn: 'arn:aws:iam::111122223333:role/x', statements: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] } }, 'task.taskRole.statements: "given" cannot be combined with arn'],
    [{ taskRole: { arn: 'arn:aws:iam::111122223333:user/x' } }, 'task.taskRole.arn: "arn:aws:iam::111122223333:user/x" is not an IAM role ARN'],
  ];
  for (const [props, expected] of cases) assert.ok(taskWith(props).startsWith(expected), `${taskWith(props)}\n  expected: ${expected}`);
});

test('every template above is cfn-lint and checkov clean', () => {
  assert.equal(lintCompiled(...trees), []);
  assert.equal(checkovCompiled(...trees), []);
});

test.run();
