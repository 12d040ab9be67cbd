/** The outputs a service's stack declares: what pipelines and other teams look up after a deploy. */
import { Fn, s, type Stack } from '../../../dsl/index.js';
import { isFargateService, type FargateService } from './fargate-service.js';

/** Letters and digits that tell several services' outputs apart (outputs ids allow nothing else). */
const PREFIX = s.text(/^[A-Za-z0-9]*$/, 'an output id prefix (letters and digits)', { max: 200 });

/**
 * Declares `<prefix>ServiceName`, `ServiceArn`, `TaskDefinitionArn`, `SecurityGroupId`, and when they
 * exist `TargetGroupArn` (and `GreenTargetGroupArn`), `AlarmArns` (comma-separated) and, for CODE_DEPLOY,
 * `CodeDeployApplication` and `CodeDeployDeploymentGroup` (what a release pipeline deploys to) on `stack`.
 * `prefix` (letters and digits) tells several services' outputs apart. Default: none.
 */
export function serviceOutputs(stack: Stack, svc: FargateService, prefix = ''): void {
  s.parse(s.made<FargateService>(isFargateService, 'a service made by fargateService'), svc, 'serviceOutputs.service');
  s.parse(PREFIX, prefix, 'serviceOutputs.prefix');
  stack.output(`${prefix}ServiceName`, svc.serviceName, { Description: 'ECS service name' });
  stack.output(`${prefix}ServiceArn`, svc.serviceArn, { Description: 'ECS service ARN' });
  stack.output(`${prefix}TaskDefinitionArn`, svc.task.taskDefinition.ref, { Description: 'Task definition ARN the service runs' });
  stack.output(`${prefix}SecurityGroupId`, svc.securityGroupId, { Description: 'Security group of the service tasks' });
  if (svc.targetGroup) stack.output(`${prefix}TargetGroupArn`, svc.targetGroup.ref, { Description: 'Target group of the service' });
  if (svc.greenTargetGroup) {
    stack.output(`${prefix}GreenTargetGroupArn`, svc.greenTargetGroup.ref, { Description: 'Blue/green: the alternate target group' });
  }
  if (svc.blueGreen) {
    stack.output(`${prefix}CodeDeployApplication`, svc.blueGreen.application.ref, { Description: 'CodeDeploy application of the service' });
    stack.output(`${prefix}CodeDeployDeploymentGroup`, svc.blueGreen.deploymentGroup.ref, { Description: 'CodeDeploy deployment group of the service' });
  }
  if (svc.alarmArns.length) {
    stack.output(`${prefix}AlarmArns`, Fn.join(',', svc.alarmArns), { Description: 'ARNs of the service alarms, comma-separated' });
  }
}
