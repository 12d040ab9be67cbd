/**
 * Auto scaling of an ECS service's desired count: scalable target with min/max (and a suspended state for
 * maintenance), target tracking (predefined or custom metrics), predictive scaling, CPU step scaling with
 * alarms, scheduled actions, and alarm notifications. Application Auto Scaling
 * then owns the desired count, so the service template leaves DesiredCount out (see the service).
 */
import { Aws, Fn, InputError, s, type Res, type Stack, type Tok, type Value } from '../../../dsl/index.js';
import { requireOrder } from '../input-order.js';
import { alarmTopic, AlarmTopicInput } from './alarm-topic.js';
import { clusterNameOf, scalableTarget } from './scalable-target.js';
import { scheduledActions, ScheduleInput } from './scheduled-actions.js';
import { stepScaling, StepScalingInput, type StepScaling } from './step-scaling.js';
import { targetTrackingPolicies, TargetTrackingInput } from './target-tracking.js';
import { predictiveScaling, PredictiveScalingInput } from './predictive-scaling.js';

/**
 * Upper bound on tasks per service: ECS's "Tasks per service" quota, 5,000
 * (https://docs.aws.amazon.com/general/latest/gr/ecs-service.html, Service quotas).
 */
export const MAX_TASKS = 5000;

export const AutoScalingInput = s.object({
  /**
   * Fewest tasks, 0..5000 (or a deploy-time value). At most maxCapacity: two literals are compared, a
   * literal bounds the other's parameter (MinValue/MaxValue), two deploy-time values are not compared
   * (CloudFormation Rules cannot compare numbers).
   */
  minCapacity: s.deployTime(s.integer(0, MAX_TASKS)),
  /** Most tasks, minCapacity..5000 (or a deploy-time value; see minCapacity). */
  maxCapacity: s.deployTime(s.integer(0, MAX_TASKS)),
  /** Target tracking policies (CPU, memory, ALB requests per task). Default: none. */
  targetTracking: s.optional(TargetTrackingInput),
  /** CPU step scaling with a high and a low alarm (the seed's microservice module). Default: none. */
  stepScaling: s.optional(StepScalingInput),
  /** Scheduled capacity changes, at most 200. Default: none. */
  schedules: s.optional(s.list(ScheduleInput, { max: 200 }, 'schedules')),
  /** Send the step scaling alarms' state changes to an SNS topic (given, or created with KMS). Default: none. */
  notifications: s.optional(AlarmTopicInput),
  /** Predictive scaling on CPU or memory (forecast only, unless mode says ForecastAndScale). Default: none. */
  predictive: s.optional(PredictiveScalingInput),
  /**
   * Suspend scaling for maintenance (each true, false or a deploy-time value, default false): scale-in and
   * scale-out by the policies, and the scheduled actions. The policies and schedules stay in place.
   * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-suspend-resume-scaling.html
   */
  suspended: s.optional(
    s.object({
      dynamicScalingIn: s.optional(s.deployTime(s.boolean()), false),
      dynamicScalingOut: s.optional(s.deployTime(s.boolean()), false),
      scheduledScaling: s.optional(s.deployTime(s.boolean()), false),
    }),
  ),
});
export type AutoScalingProps = s.Input<typeof AutoScalingInput>;

export interface ServiceAutoScaling {
  target: Res<'AWS::ApplicationAutoScaling::ScalableTarget'>;
  policies: Res<'AWS::ApplicationAutoScaling::ScalingPolicy'>[];
  step: StepScaling | undefined;
  alarms: Res<'AWS::CloudWatch::Alarm'>[];
  topicArn: Value<string> | undefined;
}

export interface ServiceAutoScalingProps {
  /** Input path, e.g. `service.autoScaling`. */
  path: string;
  scaling: AutoScalingProps;
  /** The service's ARN (Ref of AWS::ECS::Service, long ARN format). */
  serviceArn: Value<string>;
  serviceName: Value<string>;
  /** ResourceLabel for ALB request count tracking, or an explanation of why there is none. */
  requestCountLabel: Value<string> | string;
}

/**
 * Checks min <= max, and min <= desired <= max when the desired count is given (see AutoScalingInput:
 * literals compared, a literal bounds the other side's parameter).
 */
export function checkCapacity(path: string, scaling: AutoScalingProps, desired: { path: string; value: number | Tok } | undefined): void {
  const p = s.parse(AutoScalingInput, scaling, path);
  const min = { path: `${path}.minCapacity`, name: 'minCapacity', value: p.minCapacity };
  const max = { path: `${path}.maxCapacity`, name: 'maxCapacity', value: p.maxCapacity };
  requireOrder(min, max, { problem: () => new InputError(min.path, p.minCapacity, `is greater than maxCapacity (${String(p.maxCapacity)})`) });
  if (!desired) return;
  const range = `(${String(p.minCapacity)} to ${String(p.maxCapacity)})`;
  const asked = { ...desired, name: 'desiredCount' };
  requireOrder(min, asked, { problem: () => new InputError(desired.path, desired.value, `is outside the auto scaling range ${range}`) });
  requireOrder(asked, max, { problem: () => new InputError(desired.path, desired.value, `is outside the auto scaling range ${range}`) });
}

export function serviceAutoScaling(stack: Stack, id: string, props: ServiceAutoScalingProps): ServiceAutoScaling {
  const { path } = props;
  const scaling = s.parse(AutoScalingInput, props.scaling, path);
  checkCapacity(path, scaling, undefined);
  if (scaling.notifications && !scaling.stepScaling) {
    throw new InputError(`${path}.notifications`, 'given', 'has nothing to notify about: only the step scaling alarms notify (add stepScaling)');
  }
  const target = scalableTarget(stack, `${id}Target`, {
    serviceArn: props.serviceArn,
    minCapacity: scaling.minCapacity,
    maxCapacity: scaling.maxCapacity,
    scheduledActions: scheduledActions(`${path}.schedules`, scaling.schedules ?? [], MAX_TASKS),
    ...(scaling.suspended
      ? {
          suspendedState: {
            DynamicScalingInSuspended: scaling.suspended.dynamicScalingIn,
            DynamicScalingOutSuspended: scaling.suspended.dynamicScalingOut,
            ScheduledScalingSuspended: scaling.suspended.scheduledScaling,
          },
        }
      : {}),
  });
  const tracking = scaling.targetTracking;
  const policies = tracking
    ? targetTrackingPolicies(stack, id, {
        path: `${path}.targetTracking`,
        scalingTargetId: target.ref,
        tracking,
        clusterName: clusterNameOf(props.serviceArn),
        serviceName: props.serviceName,
        requestCountLabel: (at) => {
          if (typeof props.requestCountLabel === 'string') throw new InputError(at, tracking.requestsPerTarget, props.requestCountLabel);
          return props.requestCountLabel;
        },
      })
    : [];
  const notify = notificationTarget(stack, id, `${path}.notifications`, scaling.notifications);
  const step = scaling.stepScaling
    ? stepScaling(stack, id, {
        path: `${path}.stepScaling`,
        scalingTargetId: target.ref,
        clusterName: clusterNameOf(props.serviceArn),
        serviceName: props.serviceName,
        step: scaling.stepScaling,
        notify,
      })
    : undefined;
  if (step) policies.push(step.scaleOut, step.scaleIn);
  if (scaling.predictive) policies.push(predictiveScaling(stack, id, { path: `${path}.predictive`, scalingTargetId: target.ref, predictive: scaling.predictive }));
  return { target, policies, step, alarms: step ? [step.highAlarm, step.lowAlarm] : [], topicArn: notify };
}

/**
 * What the alarms notify: nothing, a topic, or (a deploy-time switch) a topic under a Condition that
 * the alarms name through Fn::If, so switching it off removes the topic and the actions together.
 */
function notificationTarget(stack: Stack, id: string, path: string, notifications: s.Output<typeof AlarmTopicInput> | undefined): Value<string> | undefined {
  if (!notifications || notifications.enabled === false) return undefined;
  if (notifications.enabled === true) return alarmTopic(stack, `${id}AlarmTopic`, notifications, path).topicArn;
  const on = stack.condition(`${id}NotificationsOn`, Fn.equals(notifications.enabled, 'true'));
  const topic = alarmTopic(stack, `${id}AlarmTopic`, notifications, path, on);
  return Fn.if(on, topic.topicArn, Aws.noValue);
}
