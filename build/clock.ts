/**
 * Milliseconds from an arbitrary start, for the build's own timings. `performance.now()` would
 * load node's perf_hooks module into every build process; `process.hrtime` is already there.
 */
export function milliseconds(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
