/** Seed 001: one app behind HTTPS (with an HTTP -> HTTPS redirect), or behind plain HTTP. */
import { HttpsAppInput, httpsApp } from '../../blueprints/systems/https-app.js';
import { defineProduct, environmentFile } from '../product.js';

export default defineProduct({
  name: 'https-app',
  description: 'One containerised app on ECS Fargate behind an HTTPS Application Load Balancer, scaled by load and by time',
  inputs: HttpsAppInput,
  compose: httpsApp,
  environments: {
    production: environmentFile('build/products/https-app/production.json'),
    development: environmentFile('build/products/https-app/development.json'),
  },
  // Other teams launch it from Service Catalog: the production shape, with what a team chooses.
  selfService: {
    environment: 'production',
    parameters: [
      { input: 'image', name: 'ContainerImage', label: 'Container image', group: 'Application', description: 'Image the service runs: [registry/]repository[:tag] or @sha256:<digest>' },
      { input: 'healthCheckPath', name: 'HealthCheckPath', label: 'Health check path', group: 'Application', description: 'Path the load balancer checks (200 is healthy); the image must serve it' },
      {
        input: 'certificateArn',
        name: 'CertificateArn',
        label: 'ACM certificate ARN',
        group: 'Load balancer',
        description: 'ACM certificate for the HTTPS listener (in the stack region)',
        constraintDescription: 'an ACM certificate ARN',
      },
      {
        input: 'deletionProtection',
        name: 'DeletionProtection',
        label: 'Deletion protection',
        group: 'Load balancer',
        description: 'Keep the load balancer from being deleted (logs and keys are retained either way)',
        default: true,
      },
      // Both also feed the service's auto scaling range (0 to 5000): 1 to 100 is what holds.
      { input: 'minInstances', name: 'MinTasks', label: 'Minimum tasks', group: 'Scaling', description: 'Fewest tasks (at least 2 for production), also at night', constraintDescription: 'an integer from 1 to 100' },
      { input: 'maxInstances', name: 'MaxTasks', label: 'Maximum tasks', group: 'Scaling', description: 'Most tasks, at least the minimum', constraintDescription: 'an integer from 1 to 100' },
      { input: 'cpuTargetPercent', name: 'CpuTargetPercent', label: 'CPU target (%)', group: 'Scaling', description: 'Average CPU utilisation the scaler holds' },
      { input: 'memoryTargetPercent', name: 'MemoryTargetPercent', label: 'Memory target (%)', group: 'Scaling', description: 'Average memory utilisation the scaler holds' },
      { input: 'exec', name: 'EnableExec', label: 'ECS Exec', group: 'Operations', description: 'Let operators open a shell in a running task (aws ecs execute-command)' },
    ],
  },
});
