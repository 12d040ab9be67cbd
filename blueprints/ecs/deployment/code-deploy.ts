/**
 * CodeDeploy blue/green for an ECS service (controller CODE_DEPLOY): an ECS application, a
 * deployment group that shifts production traffic from the blue to the green target group after test
 * traffic checks out, rolls back automatically on failure or alarm, and the service role CodeDeploy
 * acts with (the AWS managed AWSCodeDeployRoleForECS policy).
 *
 * The update limitation: later releases go through CodeDeploy deployments (an AppSpec naming the new
 * task definition), never through stack updates. ECS refuses a task definition, load balancer, network
 * or platform version change on a CODE_DEPLOY service ("Unable to update task definition on services
 * with a CODE_DEPLOY deployment controller";
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html), so a stack update
 * that changes the image fails and rolls back. fargateService warns when this controller is chosen,
 * and the `ecs.code-deploy-updates` preflight check warns on any such service in a template. ECS's own
 * blue/green (`strategy: 'BLUE_GREEN'`) has neither limitation. After a deployment the listeners forward
 * to whichever group is live; the template still names the first (blue) group, and CloudFormation leaves
 * the listener rule alone as long as its template does not change.
 */
import { Aws, Fn, s, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { listenerArn } from '../../loadbalancer/listener-rule.js';
import type { ListenerRef } from '../../loadbalancer/types.js';
import type { BlueGreenInput } from './deployment-configuration.js';

export interface BlueGreenResources {
  application: Res<'AWS::CodeDeploy::Application'>;
  deploymentGroup: Res<'AWS::CodeDeploy::DeploymentGroup'>;
  role: Res<'AWS::IAM::Role'>;
}

export interface BlueGreenDeploymentProps {
  path: string;
  /** The parsed blue/green settings (deployment.blueGreen), with the test listener CODE_DEPLOY requires. */
  blueGreen: s.Output<typeof BlueGreenInput> & { testListener: ListenerRef };
  /** Cluster NAME (CodeDeploy takes no ARN here): Ref of an AWS::ECS::Cluster. */
  clusterName: Value<string>;
  serviceName: Value<string>;
  productionListener: ListenerRef;
  blueTargetGroupName: Value<string>;
  greenTargetGroupName: Value<string>;
  /** Alarms that stop and roll back a deployment. */
  alarmNames?: readonly Value<string>[];
}

export function blueGreenDeployment(stack: Stack, id: string, props: BlueGreenDeploymentProps): BlueGreenResources {
  const { blueGreen } = props;
  const configName = blueGreen.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce';
  const terminationWait = blueGreen.terminationWaitMinutes ?? 5;
  const readyWait = blueGreen.readyWaitMinutes ?? 0;

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
      ManagedPolicyArns: [Fn.sub`arn:${Aws.partition}:iam::aws:policy/AWSCodeDeployRoleForECS`],
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
        DeploymentReadyOption: readyOption(stack, id, readyWait),
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

/**
 * Wait 0 minutes: reroute as soon as green is ready; wait more: stop unless someone continues in time.
 * A deploy-time wait chooses between the two with a Condition.
 */
function readyOption(stack: Stack, id: string, minutes: number | Value<number>) {
  if (typeof minutes === 'number') {
    return minutes > 0 ? { ActionOnTimeout: 'STOP_DEPLOYMENT', WaitTimeInMinutes: minutes } : { ActionOnTimeout: 'CONTINUE_DEPLOYMENT', WaitTimeInMinutes: 0 };
  }
  const immediate = stack.condition(`${id}ReroutesAtOnce`, Fn.equals(minutes, 0));
  return { ActionOnTimeout: Fn.if(immediate, 'CONTINUE_DEPLOYMENT', 'STOP_DEPLOYMENT'), WaitTimeInMinutes: minutes };
}
