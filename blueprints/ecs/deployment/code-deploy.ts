/**
 * CodeDeploy blue/green for an ECS service (controller CODE_DEPLOY): an ECS application, a
 * deployment group that shifts production traffic from the blue to the green target group after test
 * traffic checks out, rolls back automatically on failure or alarm, and the service role CodeDeploy
 * acts with (the AWS managed AWSCodeDeployRoleForECS policy). Later releases go through CodeDeploy
 * deployments (an AppSpec naming the new task definition), not through stack updates: ECS refuses a
 * task definition change on a CODE_DEPLOY service. After a deployment the listeners forward to
 * whichever group is live; the template still names the first (blue) group, and CloudFormation
 * leaves the listener rule alone as long as its template does not change.
 */
import { Aws, check, Fn, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { listenerArn } from '../../loadbalancer/listener-rule.js';
import type { ListenerRef } from '../../loadbalancer/types.js';
import type { BlueGreenProps } from './deployment-configuration.js';

const CONFIG_NAME = /^[A-Za-z0-9.\-_+=,@]{1,100}$/;

export interface BlueGreenResources {
  application: Res<'AWS::CodeDeploy::Application'>;
  deploymentGroup: Res<'AWS::CodeDeploy::DeploymentGroup'>;
  role: Res<'AWS::IAM::Role'>;
}

export interface BlueGreenDeploymentProps {
  path: string;
  blueGreen: BlueGreenProps;
  /** Cluster NAME (CodeDeploy takes no ARN here): Ref of an AWS::ECS::Cluster. */
  clusterName: Value<string>;
  serviceName: Value<string>;
  productionListener: ListenerRef;
  blueTargetGroupName: Value<string>;
  greenTargetGroupName: Value<string>;
  /** Alarms that stop and roll back a deployment. */
  alarmNames?: Value<string>[];
}

export function blueGreenDeployment(stack: Stack, id: string, props: BlueGreenDeploymentProps): BlueGreenResources {
  const { path, blueGreen } = props;
  const configName = check.matches(`${path}.deploymentConfigName`, blueGreen.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce', CONFIG_NAME, 'a CodeDeploy deployment config name');
  const terminationWait = check.integerInRange(`${path}.terminationWaitMinutes`, blueGreen.terminationWaitMinutes ?? 5, 0, 2880);
  const readyWait = check.integerInRange(`${path}.readyWaitMinutes`, blueGreen.readyWaitMinutes ?? 0, 0, 2880);

  const role = stack.add(`${id}Role`, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'CodeDeploy blue/green deployments of one ECS service',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'codedeploy.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': Aws.accountId } },
          },
        ],
      },
      ManagedPolicyArns: [codeDeployForEcsPolicyArn()],
    },
  });
  const application = stack.add(`${id}Application`, {
    Type: 'AWS::CodeDeploy::Application',
    Properties: { ComputePlatform: 'ECS' },
  });
  const alarms = props.alarmNames;
  const deploymentGroup = stack.add(`${id}DeploymentGroup`, {
    Type: 'AWS::CodeDeploy::DeploymentGroup',
    Properties: {
      ApplicationName: application.ref,
      ServiceRoleArn: role.attr('Arn'),
      DeploymentConfigName: configName,
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      BlueGreenDeploymentConfiguration: {
        DeploymentReadyOption: readyWait > 0
          ? { ActionOnTimeout: 'STOP_DEPLOYMENT', WaitTimeInMinutes: readyWait }
          : { ActionOnTimeout: 'CONTINUE_DEPLOYMENT', WaitTimeInMinutes: 0 },
        TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: terminationWait },
      },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', ...(alarms ? ['DEPLOYMENT_STOP_ON_ALARM'] : [])],
      },
      ...(alarms
        ? { AlarmConfiguration: { Enabled: true, Alarms: alarms.map((name) => ({ Name: name })) } }
        : {}),
      ECSServices: [{ ClusterName: props.clusterName, ServiceName: props.serviceName }],
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          {
            TargetGroups: [{ Name: props.blueTargetGroupName }, { Name: props.greenTargetGroupName }],
            ProdTrafficRoute: { ListenerArns: [listenerArn(props.productionListener)] },
            TestTrafficRoute: { ListenerArns: [listenerArn(blueGreen.testListener)] },
          },
        ],
      },
    },
  });
  return { application, deploymentGroup, role };
}

function codeDeployForEcsPolicyArn(): Value<string> {
  return Fn.sub`arn:${Aws.partition}:iam::aws:policy/AWSCodeDeployRoleForECS`;
}
