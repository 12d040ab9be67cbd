/**
 * Preflight: a CODE_DEPLOY-controlled ECS service whose template carries the task definition. ECS
 * refuses to change the task definition (and the load balancers, network configuration and platform
 * version) of such a service outside a CodeDeploy deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html), so the first stack
 * update that changes it (a new image tag, say) fails with "Unable to update task definition on services
 * with a CODE_DEPLOY deployment controller" and rolls back. Creating the stack works, which is why
 * nothing else catches it. A warning, not an error: a team may release only through CodeDeploy and
 * never change these in the template.
 */
import type { Json, PreflightCheck } from '../../../dsl/index.js';

type JsonObject = { [key: string]: Json };

export const codeDeployUpdatesCheck: PreflightCheck = {
  id: 'ecs.code-deploy-updates',
  title: 'An ECS service under the CODE_DEPLOY controller whose template sets its task definition',
  why: 'Creating it works, but the first stack update that changes the task definition (a new image) fails: ECS lets only CodeDeploy deployments change it. ECS-native blue/green (Strategy BLUE_GREEN) has no such limit',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html',
  run(tree, report) {
    for (const service of tree.resources('AWS::ECS::Service')) {
      const controller = (service.properties['DeploymentController'] as JsonObject | undefined)?.['Type'];
      if (controller !== 'CODE_DEPLOY' || service.properties['TaskDefinition'] === undefined) continue;
      report({
        severity: 'warning',
        stack: service.stack,
        logicalId: service.id,
        property: 'Properties.TaskDefinition',
        message:
          'is set on a service with the CODE_DEPLOY deployment controller: a stack update that changes it (or LoadBalancers, NetworkConfiguration, PlatformVersion) fails ("Unable to update task definition on services with a CODE_DEPLOY deployment controller"); release through CodeDeploy deployments, or use the ECS controller with Strategy BLUE_GREEN',
      });
    }
  },
};
