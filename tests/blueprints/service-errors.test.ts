import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { httpNamespace } from '../../blueprints/discovery/http-namespace.js';
import { privateDnsNamespace } from '../../blueprints/discovery/private-dns-namespace.js';
import { fargateService, type FargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { serviceOutputs } from '../../blueprints/ecs/service/outputs.js';
import { allowServiceTraffic } from '../../blueprints/ecs/service/service-traffic.js';
import type { Stack } from '../../dsl/index.js';
import { compileTree, errorOf } from '../helpers/compile.js';
import { base, task, type Base } from './service-fixtures.js';

/** Builds one service with the given extra props and returns the error it raises. */
function errorFor(extra: (b: Base) => Partial<FargateServiceProps>, options: Parameters<typeof base>[1] = {}, execEnabled = false): string {
  return errorOf(() =>
    compileTree((root) => {
      const b = base(root, options);
      const services = root.nested('Services');
      fargateService(services, 'Api', { cluster: b.cluster, task: task(services, 'Api', { execEnabled }), network: b.network, ...extra(b) });
    }),
  );
}

const expect = (message: string, ...parts: string[]) => {
  for (const part of parts) assert.ok(message.includes(part), `"${message}" should contain "${part}"`);
};

test('health check grace period without a load balancer', () => {
  expect(errorFor(() => ({ healthCheckGracePeriodSeconds: 30 })), 'service.healthCheckGracePeriodSeconds: 30', 'needs a load balancer');
});

test('Service Connect on a container port without a name', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      fargateService(services, 'Api', {
        cluster: b.cluster,
        task: task(services, 'Api', { containers: [{ name: 'app', essential: true, ports: [{ containerPort: 9000, protocol: 'tcp' }] }] }),
        network: b.network,
        serviceConnect: { namespace: { kind: 'http', namespace: 'internal' }, services: [{ port: 9000 }] },
      });
    }),
  );
  expect(message, 'service.serviceConnect.services[0].port: 9000', 'has no name', 'named port mapping');
  expect(errorFor(() => ({ serviceConnect: { namespace: { kind: 'http', namespace: 'internal' }, services: [{ port: 'grpc' }] } })), 'service.serviceConnect.services[0].port: "grpc"', 'is not a port of the task', 'app:8080 (http)');
});

test('Service Connect without a namespace on a cluster without a default one', () => {
  expect(errorFor(() => ({ serviceConnect: {} })), 'service.serviceConnect.namespace: undefined', 'no default Service Connect namespace');
});

test('CODE_DEPLOY with Service Connect, or with a circuit breaker; EXTERNAL with a circuit breaker', () => {
  const blueGreen = (b: Base) => ({ testListener: b.testListener });
  const lb = (b: Base) => ({ listener: b.listener, rule: { priority: 1, pathPatterns: ['/*'] } });
  expect(
    errorFor((b) => ({ loadBalancer: lb(b), serviceConnect: { namespace: { kind: 'http', namespace: 'internal' } }, deployment: { controller: 'CODE_DEPLOY', blueGreen: blueGreen(b) } })),
    'service.deployment.controller: "CODE_DEPLOY"',
    'cannot be combined with Service Connect',
  );
  expect(
    errorFor((b) => ({ loadBalancer: lb(b), deployment: { controller: 'CODE_DEPLOY', circuitBreaker: { rollback: true }, blueGreen: blueGreen(b) } })),
    'service.deployment.circuitBreaker: {"rollback":true}',
    'only applies to the ECS deployment controller, not CODE_DEPLOY',
  );
  expect(errorFor(() => ({ deployment: { controller: 'EXTERNAL', circuitBreaker: {} } })), 'service.deployment.circuitBreaker', 'not EXTERNAL');
});

test('CODE_DEPLOY without a load balancer or without blue/green settings', () => {
  expect(errorFor(() => ({ deployment: { controller: 'CODE_DEPLOY' } })), 'service.deployment.controller: "CODE_DEPLOY"', 'needs a load balancer');
  expect(
    errorFor((b) => ({ loadBalancer: { listener: b.listener, rule: { priority: 1, pathPatterns: ['/*'] } }, deployment: { controller: 'CODE_DEPLOY' } })),
    'service.deployment.blueGreen: undefined',
    'is missing',
  );
});

test('duplicate listener rule priorities on one listener (from listenerRule)', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      for (const id of ['One', 'Two']) {
        fargateService(services, id, {
          path: `services.${id.toLowerCase()}`,
          cluster: b.cluster,
          task: task(services, id),
          network: b.network,
          loadBalancer: { listener: b.listener, rule: { priority: 10, pathPatterns: [`/${id}/*`] } },
        });
      }
    }),
  );
  expect(message, 'services.two.loadBalancer.rule.priority: 10', 'already the priority of Root/Services/OneListenerRule');
});

test('min capacity above max; desired count outside the range', () => {
  expect(errorFor(() => ({ autoScaling: { minCapacity: 5, maxCapacity: 2 } })), 'service.autoScaling.minCapacity: 5', 'greater than maxCapacity (2)');
  expect(errorFor(() => ({ desiredCount: 8, autoScaling: { minCapacity: 1, maxCapacity: 4 } })), 'service.desiredCount: 8', 'outside the auto scaling range (1 to 4)');
  expect(
    errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, schedules: [{ name: 'x', schedule: 'cron(0 1 * * ? *)', minCapacity: 3, maxCapacity: 2 }] } })),
    'service.autoScaling.schedules[0].minCapacity: 3',
    'greater than maxCapacity (2)',
  );
});

test('step scaling thresholds inverted', () => {
  expect(
    errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, stepScaling: { cpuHighThreshold: 40, cpuLowThreshold: 40 } } })),
    'service.autoScaling.stepScaling.cpuLowThreshold: 40',
    'must be below cpuHighThreshold (40)',
  );
  expect(
    errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, stepScaling: { highPeriodSeconds: 45 } } })),
    'service.autoScaling.stepScaling.highPeriodSeconds: 45',
    'is not an alarm period',
  );
});

test('scaling inputs: a bad schedule, notifications without alarms, request tracking without a load balancer', () => {
  expect(
    errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, schedules: [{ name: 'x', schedule: '0 20 * * *', minCapacity: 0 }] } })),
    'service.autoScaling.schedules[0].schedule: "0 20 * * *"',
    'cron(<6 fields>)',
  );
  expect(errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, notifications: {} } })), 'service.autoScaling.notifications', 'add stepScaling');
  expect(
    errorFor(() => ({ autoScaling: { minCapacity: 1, maxCapacity: 4, targetTracking: { requestsPerTarget: 100 } } })),
    'service.autoScaling.targetTracking.requestsPerTarget: 100',
    'needs a load balancer',
  );
});

test('ECS Exec without the task role statements', () => {
  expect(errorFor(() => ({ enableExec: true })), 'service.enableExec: true', 'task.execEnabled is false');
});

test('ECS Exec in a network without NAT and without the needed endpoints', () => {
  expect(errorFor(() => ({ enableExec: true }), { nat: 'none', endpoints: ['ecr.api'] }, true), 'service.enableExec: true', 'missing: ssmmessages');
  expect(errorFor(() => ({ enableExec: true }), { nat: 'none', endpoints: ['ssmmessages'], execKey: true }, true), 'service.enableExec', 'missing: kms');
});

test('a container or port named for load balancing that the task does not have', () => {
  expect(errorFor((b) => ({ loadBalancer: { listener: b.listener, containerName: 'sidecar', rule: { priority: 1, pathPatterns: ['/*'] } } })), 'service.loadBalancer.containerName: "sidecar"', 'not a container of the task (app)');
  expect(errorFor((b) => ({ loadBalancer: { listener: b.listener, containerPort: 9090, rule: { priority: 1, pathPatterns: ['/*'] } } })), 'service.loadBalancer.containerPort: 9090', 'not a TCP port of container app (8080)');
});

test('a dedicated listener must be a handle; ingress from anywhere is refused; providers must be the cluster\'s', () => {
  expect(errorFor(() => ({ loadBalancer: { listener: { listener: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/x/1/2', priorityScope: 'x' } } })), 'service.loadBalancer.rule: undefined', 'given by ARN');
  expect(errorFor(() => ({ ingress: { cidrs: { all: { cidr: '0.0.0.0/0', port: 8080, description: 'all' } } } })), 'service.ingress.cidrs.all.cidr: "0.0.0.0/0"', 'whole internet');
  expect(
    errorOf(() =>
      compileTree((root) => {
        const b = base(root);
        const services = root.nested('Services');
        fargateService(services, 'Api', {
          cluster: { ...b.cluster, capacityProviders: ['FARGATE'] },
          task: task(services, 'Api'),
          network: b.network,
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
        });
      }),
    ),
    'service.capacityProviderStrategy[0].capacityProvider: "FARGATE_SPOT"',
    'not a capacity provider of the cluster (FARGATE)',
  );
});

test('namespace and discovery names; service-to-service traffic without a served port', () => {
  expect(errorOf(() => compileTree((root) => void httpNamespace(root, 'Ns', { name: 'has space' }))), 'httpNamespace.name: "has space"', 'namespace name');
  expect(
    errorOf(() => compileTree((root) => void privateDnsNamespace(root, 'Ns', { name: 'Upper.Local', vpcId: 'vpc-1', path: 'service.namespace' }))),
    'service.namespace.name: "Upper.Local"',
    'lower-case DNS domain name',
  );
  expect(
    errorFor(() => ({ serviceDiscovery: { namespace: { kind: 'privateDns', namespaceId: 'ns-1' }, name: 'my_api' } })),
    'service.serviceDiscovery.name: "my_api"',
    'lower-case DNS label',
  );
  expect(
    errorOf(() =>
      compileTree((root) => {
        const b = base(root);
        const services = root.nested('Services');
        const one = fargateService(services, 'One', { cluster: b.cluster, task: task(services, 'One'), network: b.network });
        const two = fargateService(services, 'Two', { cluster: b.cluster, task: task(services, 'Two'), network: b.network });
        allowServiceTraffic(services, 'OneToTwo', one, two);
      }),
    ),
    'serviceTraffic.port: undefined',
    'serves 0 Service Connect ports',
  );
});

test('a deploy-time exec switch still needs the task role statements (exec may be switched on)', () => {
  const message = errorOf(() =>
    compileTree((root) => {
      const b = base(root);
      const services = root.nested('Services');
      const exec = root.parameter('Exec', { Type: 'String', Default: 'false' }).ref;
      fargateService(services, 'Api', { cluster: b.cluster, task: task(services, 'Api'), network: b.network, enableExec: exec });
    }),
  );
  expect(message, 'service.enableExec', 'task.execEnabled is false');
});

test('serviceOutputs and allowServiceTraffic check what they are given', () => {
  const built = (use: (services: Stack, one: FargateService) => void) =>
    errorOf(() =>
      compileTree((root) => {
        const b = base(root);
        const services = root.nested('Services');
        use(services, fargateService(services, 'One', { cluster: b.cluster, task: task(services, 'One'), network: b.network }));
      }),
    );
  expect(built((services, one) => serviceOutputs(services, one, 'bad-prefix')), 'serviceOutputs.prefix: "bad-prefix"', 'an output id prefix (letters and digits)');
  expect(built((services, one) => serviceOutputs(services, { ...one }, 'One')), 'serviceOutputs.service', 'a service made by fargateService');
  expect(built((services, one) => allowServiceTraffic(services, 'X', one, one, { port: 70000 })), 'serviceTraffic.port: 70000', 'is not an integer from 1 to 65535');
  expect(built((services, one) => allowServiceTraffic(services, 'X', one, one, { prot: 80 } as never)), 'serviceTraffic.prot', 'did you mean port?');
});

test.run();
