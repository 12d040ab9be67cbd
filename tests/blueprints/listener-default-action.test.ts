/**
 * A listener has one default action: one service may take it; a second service (or a blue/green
 * test route) without a rule on the same listener is an error naming both, instead of silently
 * detaching the first service's target group.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Stack } from '../../dsl/index.js';
import { fargateService, type FargateServiceProps } from '../../blueprints/ecs/service/fargate-service.js';
import { compileTree, inputErrorOf } from '../helpers/compile.js';
import { base, task, type Base } from './service-fixtures.js';

type Routing = Pick<FargateServiceProps, 'loadBalancer' | 'deployment'>;

/** Services `One`, `Two`, ... in one `Services` stack, each routed as `routing(base)` says. */
function services(root: Stack, ...routings: ((b: Base) => Routing)[]) {
  const b = base(root);
  const stack = root.nested('Services');
  routings.forEach((routing, index) => {
    const id = ['One', 'Two', 'Three'][index]!;
    fargateService(stack, id, { path: `services.${id.toLowerCase()}`, cluster: b.cluster, task: task(stack, id), network: b.network, ...routing(b) });
  });
}

const dedicated = (b: Base): Routing => ({ loadBalancer: { listener: b.listener } });
const ruled = (priority: number) => (b: Base): Routing => ({ loadBalancer: { listener: b.listener, rule: { priority, pathPatterns: [`/${priority}/*`] } } });
/** A blue/green service with a production rule at `priority`, and a test rule at the same priority or none. */
const blueGreen = (priority: number, testRule: boolean) => (b: Base): Routing => ({
  loadBalancer: { listener: b.listener, rule: { priority, pathPatterns: [`/${priority}/*`] } },
  deployment: { controller: 'CODE_DEPLOY', blueGreen: { testListener: b.testListener, ...(testRule ? { testRule: { priority, pathPatterns: ['/*'] } } : {}) } },
});

test('two services on one listener without a rule: the second is an error naming both and asking for a rule', () => {
  const message = inputErrorOf(() => compileTree((root) => services(root, dedicated, dedicated)));
  assert.is(
    message,
    'services.two.loadBalancer.rule: undefined is missing, but the default action of listener Root/Base/Listener already forwards to ' +
      'target group Root/Base/OneTargetGroup (services.one.loadBalancer); a listener has one default action, and taking it for ' +
      'services.two.loadBalancer would leave that target group attached to nothing: give this route a rule (priority and path patterns or host headers)',
  );
});

test('whatever the order, a dedicated listener cannot be taken again', () => {
  // A ruled service before and between does not change who owns the default action.
  const message = inputErrorOf(() => compileTree((root) => services(root, ruled(5), dedicated, dedicated)));
  assert.match(message, 'services.three.loadBalancer.rule: undefined is missing');
  assert.match(message, 'already forwards to target group Root/Base/TwoTargetGroup (services.two.loadBalancer)');
});

test('the blue/green test listener has one default action too: a second test route without testRule is an error', () => {
  const message = inputErrorOf(() => compileTree((root) => services(root, blueGreen(10, false), blueGreen(20, false))));
  assert.match(message, 'services.two.deployment.blueGreen.testRule: undefined is missing, but the default action of listener Root/Base/TestListener');
  assert.match(message, '(services.one.deployment.blueGreen)');
  // One service cannot take both the production and the test listener's default action of one listener.
  const same = inputErrorOf(() =>
    compileTree((root) =>
      services(root, (b) => ({ loadBalancer: { listener: b.listener }, deployment: { controller: 'CODE_DEPLOY', blueGreen: { testListener: b.listener } } })),
    ),
  );
  assert.match(same, 'services.one.deployment.blueGreen.testRule: undefined is missing, but the default action of listener Root/Base/Listener');
  assert.match(same, '(services.one.loadBalancer)');
});

test('a test listener given by ARN without testRule names the testRule input', () => {
  const arn = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/x/1/2';
  const message = inputErrorOf(() =>
    compileTree((root) =>
      services(root, (b) => ({
        loadBalancer: { listener: b.listener, rule: { priority: 1, pathPatterns: ['/*'] } },
        deployment: { controller: 'CODE_DEPLOY', blueGreen: { testListener: { listener: arn, priorityScope: arn } } },
      })),
    ),
  );
  assert.match(message, 'services.one.deployment.blueGreen.testRule: undefined is missing and the listener is given by ARN');
});

test('one service may own the default action while others use rules on the same listener', () => {
  const out = compileTree((root) => services(root, ruled(5), dedicated, blueGreen(10, true)));
  const listener = out.stack('Base').byId('Listener');
  assert.equal(listener.properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'TwoTargetGroup' } }]);
  assert.is(out.stack('Services').count('AWS::ElasticLoadBalancingV2::ListenerRule'), 3);
  // A blue/green service whose test route has no rule owns the test listener's default action alone.
  const solo = compileTree((root) => services(root, blueGreen(10, false)));
  assert.equal(solo.stack('Base').byId('TestListener').properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'OneBlueTargetGroup' } }]);
});

test('claims belong to one stack tree: compiling the same shape twice is no conflict', () => {
  compileTree((root) => services(root, dedicated));
  compileTree((root) => services(root, dedicated));
});

test.run();
