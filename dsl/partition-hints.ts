/**
 * What an over-quota error adds (dsl/validate.ts): how partitioning (dsl/partition.ts) helps with
 * the quota exceeded, or why it cannot. Kept apart from the partition stage so that validation
 * loads nothing else.
 */
const PARTITIONING = 'stack.partition() on the stack, or the compile option / product switch `partition` (README "Scale: stacks that split themselves")';
const SPLITS = `: turn on partitioning to split the stack into nested stacks below a budget: ${PARTITIONING}; in a generated partition, raise its fan-out`;
const CROSSING = (what: string) =>
  `: each is a value ${what}. Partitioning (${PARTITIONING}) splits a stack's resources into nested stacks, ` +
  'but values crossing its own boundary still pass through it: keep what exchanges many values in one stack, or raise the fan-out of a generated partition';

const HINTS: Record<string, string> = {
  resources: SPLITS,
  bytes: SPLITS,
  parameters: CROSSING('this stack receives from another'),
  outputs: CROSSING('another stack reads from this one'),
};

/** The sentence to append to "N <what> exceeds the CloudFormation limit of L" (empty for quotas partitioning has nothing to say about). */
export function quotaHint(what: string): string {
  return HINTS[what] ?? '';
}
