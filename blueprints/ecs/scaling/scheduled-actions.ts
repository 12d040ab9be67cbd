/**
 * Scheduled capacity changes (seed: fewer tasks at night, more in the morning). Schedules and time
 * zones are checked against Application Auto Scaling's grammar, so a typo fails the build, not the
 * deployment: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
 */
import { InputError, s } from '../../../dsl/index.js';
import type { ScheduledAction } from './scalable-target.js';

/** A field of a cron expression: `*`, values, ranges, lists and increments within [min, max]. */
function cronField(text: string, min: number, max: number, names: readonly string[] = [], extra: RegExp | undefined = undefined): boolean {
  const value = (token: string): number | undefined => {
    const index = names.indexOf(token.toUpperCase());
    if (index >= 0) return index + min;
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  const inRange = (n: number | undefined) => n !== undefined && n >= min && n <= max;
  return text.split(',').every((item) => {
    if (extra?.test(item)) return true;
    const [range, step] = item.split('/') as [string, string | undefined];
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return false;
    if (range === '*') return true;
    const [from, to] = range.split('-') as [string, string | undefined];
    return inRange(value(from)) && (to === undefined || (inRange(value(to)) && value(to)! >= value(from)!));
  });
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** What is wrong with a schedule expression, or undefined when Application Auto Scaling takes it. */
export function scheduleProblem(schedule: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(schedule);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) return `has ${fields.length} cron fields; give 6: minutes hours day-of-month month day-of-week year`;
    const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
    const checks: [string, boolean][] = [
      ['minutes (0-59)', cronField(minutes, 0, 59)],
      ['hours (0-23)', cronField(hours, 0, 23)],
      ['day-of-month (1-31, ?, L, W)', dayOfMonth === '?' || cronField(dayOfMonth, 1, 31, [], /^(L|\d{1,2}W|LW)$/)],
      ['month (1-12 or JAN-DEC)', cronField(month, 1, 12, MONTHS)],
      ['day-of-week (1-7 or SUN-SAT, ?, L, #)', dayOfWeek === '?' || cronField(dayOfWeek, 1, 7, DAYS, /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])$/i)],
      ['year (1970-2199)', cronField(year, 1970, 2199)],
    ];
    const bad = checks.find(([, ok]) => !ok);
    if (bad) return `has an invalid ${bad[0]} field`;
    if ((dayOfMonth === '?') === (dayOfWeek === '?')) return 'must have ? in exactly one of day-of-month and day-of-week';
    return undefined;
  }
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const count = Number(rate[1]);
    if (count < 1) return 'has a rate below 1';
    if ((count === 1) !== !rate[2]!.endsWith('s')) return `says ${rate[1]} ${rate[2]}: use the singular unit for 1 and the plural otherwise`;
    return undefined;
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
    return real ? undefined : 'is not a date and time that exists';
  }
  return 'is not a schedule: cron(<6 fields>), rate(<n> <unit>) or at(<yyyy-mm-ddThh:mm:ss>)';
}

/**
 * An IANA time zone name (`Europe/Berlin`, `UTC`, `America/Argentina/Buenos_Aires`), checked against
 * the time zone database Node ships (ICU); spelled as IANA spells it (each part capitalised).
 * Application Auto Scaling takes "the name of a time zone from the IANA Time Zone Database"
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html, Timezone).
 */
/**
 * Canonical IANA zone names and UTC (which ICU lists only as an alias), loaded once: about 3 ms,
 * where a DateTimeFormat loads ICU's locale data, about 30 ms per build process.
 */
let canonicalZones: ReadonlySet<string> | undefined;

export function timeZoneProblem(zone: string): string | undefined {
  if (!zone.split('/').every((part) => /^[A-Z]/.test(part))) return 'is not an IANA time zone name as IANA spells it (e.g. Europe/Berlin, UTC)';
  canonicalZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (canonicalZones.has(zone)) return undefined;
  // IANA aliases (US/Pacific, Asia/Calcutta, Etc/UTC) are not in the canonical list: ask ICU itself.
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return 'is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)';
  }
}

export const ScheduleInput = s.object({
  /** Unique per service: letters, digits, `-` and `_`, up to 256. */
  name: s.text(/^[A-Za-z0-9_-]+$/, 'a name of letters, digits, - and _ (1 to 256)', { min: 1, max: 256 }),
  /** `cron(0 20 * * ? *)` (six fields: minutes hours day-of-month month day-of-week year), `rate(1 day)` or `at(2026-12-24T18:00:00)`. */
  schedule: s.refine(s.string({ max: 256 }), scheduleProblem),
  /** IANA time zone of the schedule, e.g. `Europe/Berlin`. Default UTC. */
  timezone: s.optional(s.refine(s.string({ max: 50 }), timeZoneProblem)),
  /** New minimum capacity from then on. At least one of minCapacity and maxCapacity. */
  minCapacity: s.optional(s.integer(0, 5000)),
  /** New maximum capacity from then on. */
  maxCapacity: s.optional(s.integer(0, 5000)),
});
export type ScheduleProps = s.Input<typeof ScheduleInput>;

export function scheduledActions(path: string, schedules: readonly ScheduleProps[], limit: number): ScheduledAction[] {
  const parsed = s.parse(s.list(ScheduleInput, { max: 200 }, 'schedules'), schedules, path);
  const seen = new Map<string, number>();
  return parsed.map((schedule, i) => {
    const at = `${path}[${i}]`;
    const first = seen.get(schedule.name);
    if (first !== undefined) throw new InputError(`${at}.name`, schedule.name, `is a duplicate schedule name (already used at ${path}[${first}].name)`);
    seen.set(schedule.name, i);
    if (schedule.minCapacity === undefined && schedule.maxCapacity === undefined) {
      throw new InputError(`${at}.minCapacity`, undefined, 'is missing: a schedule sets minCapacity, maxCapacity or both');
    }
    for (const key of ['minCapacity', 'maxCapacity'] as const) {
      const value = schedule[key];
      if (value !== undefined && value > limit) throw new InputError(`${at}.${key}`, value, `is not an integer from 0 to ${limit}`);
    }
    if (schedule.minCapacity !== undefined && schedule.maxCapacity !== undefined && schedule.minCapacity > schedule.maxCapacity) {
      throw new InputError(`${at}.minCapacity`, schedule.minCapacity, `is greater than maxCapacity (${schedule.maxCapacity})`);
    }
    const action: ScheduledAction['ScalableTargetAction'] = {};
    if (schedule.minCapacity !== undefined) action.MinCapacity = schedule.minCapacity;
    if (schedule.maxCapacity !== undefined) action.MaxCapacity = schedule.maxCapacity;
    return {
      ScheduledActionName: schedule.name,
      Schedule: schedule.schedule,
      ...(schedule.timezone !== undefined ? { Timezone: schedule.timezone } : {}),
      ScalableTargetAction: action,
    };
  });
}
