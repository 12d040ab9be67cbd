/**
 * Auto scaling of an ECS service's desired count: scalable target with min/max, target tracking,
 * CPU step scaling with alarms, scheduled actions, and alarm notifications. Application Auto Scaling
 * then owns the desired count, so the service template leaves DesiredCount out (see the service).
 */
import { check, InputError, type Res, type Stack, type Value } from '../../../dsl/index.js';
import { alarmTopic, type AlarmTopicProps } from './alarm-topic.js';
import { clusterNameOf, scalableTarget } from './scalable-target.js';
import { scheduledActions, type ScheduleProps } from './scheduled-actions.js';
import { stepScaling, type StepScaling, type StepScalingProps } from './step-scaling.js';
import { targetTrackingPolicies, type TargetTrackingProps } from './target-tracking.js';

/** Upper bound on tasks per service this blueprint accepts (ECS's default quota is 5000). */
export const MAX_TASKS = 5000;

export interface AutoScalingProps {
  /** Fewest tasks, 0..5000. */
  minCapacity: number;
  /** Most tasks, minCapacity..5000. */
  maxCapacity: number;
  targetTracking?: TargetTrackingProps;
  stepScaling?: StepScalingProps;
  schedules?: ScheduleProps[];
  /** Send the scaling alarms' state changes to an SNS topic (given, or created with KMS). Default: none. */
  notifications?: AlarmTopicProps;
}

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

/** Checks min <= max (and the desired count between them when given). */
export function checkCapacity(path: string, scaling: AutoScalingProps, desired: { path: string; value: number } | undefined): void {
  const min = check.integerInRange(`${path}.minCapacity`, scaling.minCapacity, 0, MAX_TASKS);
  const max = check.integerInRange(`${path}.maxCapacity`, scaling.maxCapacity, 0, MAX_TASKS);
  if (min > max) throw new InputError(`${path}.minCapacity`, min, `is greater than maxCapacity (${max})`);
  if (desired && (desired.value < min || desired.value > max)) {
    throw new InputError(desired.path, desired.value, `is outside the auto scaling range (${min} to ${max})`);
  }
}

export function serviceAutoScaling(stack: Stack, id: string, props: ServiceAutoScalingProps): ServiceAutoScaling {
  const { path, scaling } = props;
  checkCapacity(path, scaling, undefined);
  if (scaling.notifications && !scaling.stepScaling) {
    throw new InputError(`${path}.notifications`, 'given', 'has nothing to notify about: only the step scaling alarms notify (add stepScaling)');
  }
  const target = scalableTarget(stack, `${id}Target`, {
    serviceArn: props.serviceArn,
    minCapacity: scaling.minCapacity,
    maxCapacity: scaling.maxCapacity,
    scheduledActions: scheduledActions(`${path}.schedules`, scaling.schedules ?? [], MAX_TASKS),
  });
  const policies = scaling.targetTracking
    ? targetTrackingPolicies(stack, id, {
        path: `${path}.targetTracking`,
        scalingTargetId: target.ref,
        tracking: scaling.targetTracking,
        requestCountLabel: (at) => {
          if (typeof props.requestCountLabel === 'string') throw new InputError(at, scaling.targetTracking!.requestsPerTarget, props.requestCountLabel);
          return props.requestCountLabel;
        },
      })
    : [];
  const topic = scaling.notifications ? alarmTopic(stack, `${id}AlarmTopic`, scaling.notifications) : undefined;
  const step = scaling.stepScaling
    ? stepScaling(stack, id, {
        path: `${path}.stepScaling`,
        scalingTargetId: target.ref,
        clusterName: clusterNameOf(props.serviceArn),
        serviceName: props.serviceName,
        step: scaling.stepScaling,
        notify: topic?.topicArn,
      })
    : undefined;
  if (step) policies.push(step.scaleOut, step.scaleIn);
  return { target, policies, step, alarms: step ? [step.highAlarm, step.lowAlarm] : [], topicArn: topic?.topicArn };
}
