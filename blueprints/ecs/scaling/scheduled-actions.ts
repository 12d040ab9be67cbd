/** Scheduled capacity changes (seed: fewer tasks at night, more in the morning). */
import { check, InputError } from '../../../dsl/index.js';
import type { ScheduledAction } from './scalable-target.js';

export interface ScheduleProps {
  /** Unique per service: letters, digits, `-` and `_`, up to 256. */
  name: string;
  /** `cron(0 20 * * ? *)` (six fields: minutes hours day-of-month month day-of-week year), `rate(1 day)` or `at(2026-12-24T18:00:00)`. */
  schedule: string;
  /** IANA time zone of the schedule, e.g. `Europe/Berlin`. Default UTC. */
  timezone?: string;
  /** New minimum capacity from then on. At least one of minCapacity and maxCapacity. */
  minCapacity?: number;
  /** New maximum capacity from then on. */
  maxCapacity?: number;
}

const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const SCHEDULE = /^(cron\((\S+ ){5}\S+\)|rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;
const TIMEZONE = /^(UTC|[A-Z][A-Za-z_]+(\/[A-Z][A-Za-z0-9_+-]+){1,2})$/;

export function scheduledActions(path: string, schedules: readonly ScheduleProps[], limit: number): ScheduledAction[] {
  check.unique(path, schedules, (s) => s.name, 'schedule name');
  return schedules.map((s, i) => {
    const at = `${path}[${i}]`;
    check.matches(`${at}.name`, s.name, NAME, 'a name of letters, digits, - and _ (1 to 256)');
    check.matches(`${at}.schedule`, s.schedule, SCHEDULE, 'a schedule: cron(<6 fields>), rate(<n> <unit>) or at(<yyyy-mm-ddThh:mm:ss>)');
    if (s.timezone !== undefined) check.matches(`${at}.timezone`, s.timezone, TIMEZONE, 'an IANA time zone such as Europe/Berlin');
    if (s.minCapacity === undefined && s.maxCapacity === undefined) {
      throw new InputError(`${at}.minCapacity`, undefined, 'is missing: a schedule sets minCapacity, maxCapacity or both');
    }
    const action: ScheduledAction['ScalableTargetAction'] = {};
    if (s.minCapacity !== undefined) action.MinCapacity = check.integerInRange(`${at}.minCapacity`, s.minCapacity, 0, limit);
    if (s.maxCapacity !== undefined) action.MaxCapacity = check.integerInRange(`${at}.maxCapacity`, s.maxCapacity, 0, limit);
    if (action.MinCapacity !== undefined && action.MaxCapacity !== undefined && action.MinCapacity > action.MaxCapacity) {
      throw new InputError(`${at}.minCapacity`, action.MinCapacity, `is greater than maxCapacity (${action.MaxCapacity})`);
    }
    return {
      ScheduledActionName: s.name,
      Schedule: s.schedule,
      ...(s.timezone !== undefined ? { Timezone: s.timezone } : {}),
      ScalableTargetAction: action,
    };
  });
}
