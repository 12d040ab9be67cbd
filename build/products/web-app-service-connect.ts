/** Seed 000: web and app tiers over ECS Service Connect, no NAT. */
import { WebAppServiceConnectInput, webAppServiceConnect } from '../../blueprints/systems/web-app-service-connect.js';
import { defineProduct, environmentFile } from '../product.js';

export default defineProduct({
  name: 'web-app-service-connect',
  description: 'Web and app tiers on ECS Fargate behind an ALB, talking over ECS Service Connect, with no NAT gateway',
  inputs: WebAppServiceConnectInput,
  compose: webAppServiceConnect,
  environments: {
    example: environmentFile('build/products/web-app-service-connect/example.json'),
  },
  // Other teams launch it from Service Catalog: the seed's example, with what a team chooses.
  selfService: {
    environment: 'example',
    parameters: [
      { input: 'webImage', name: 'WebImage', label: 'Web image', group: 'Images', description: 'ECR Public image of the web tier (public.ecr.aws/<namespace>/<repository>[:tag]), pulled through the account\'s cache' },
      { input: 'appImage', name: 'AppImage', label: 'App image', group: 'Images', description: 'ECR Public image of the app tier, pulled through the cache' },
      // It also feeds the services' count (0 to 5000), and the name the cluster's namespace input (any printable name): what holds is the narrower.
      { input: 'desiredCount', name: 'DesiredCount', label: 'Tasks per tier', group: 'Capacity', description: 'Tasks each tier runs', constraintDescription: 'an integer from 1 to 100' },
      {
        input: 'namespace',
        name: 'NamespaceName',
        label: 'Service Connect namespace',
        group: 'Service Connect',
        description: 'Name of the Cloud Map namespace the tiers find each other in',
        constraintDescription: 'a lower-case DNS name',
      },
      { input: 'exec', name: 'EnableExec', label: 'ECS Exec', group: 'Operations', description: 'Let operators open a shell in a running task (aws ecs execute-command)' },
      {
        input: 'deletionProtection',
        name: 'DeletionProtection',
        label: 'Deletion protection',
        group: 'Operations',
        description: 'Keep the load balancer from being deleted (logs and keys are retained either way)',
        default: true,
      },
      {
        input: 'createServiceLinkedRole',
        name: 'CreateServiceLinkedRole',
        label: 'Create the ECS service-linked role',
        group: 'Operations',
        description: 'Only in an account without AWSServiceRoleForECS: creating it where it exists fails',
        default: false,
      },
    ],
  },
});
