/**
 * The short YAML tags of CloudFormation's intrinsic functions (`!Ref`, `!GetAtt`, `!Sub`, ...) and
 * the YAML node kind each tag takes: one table for the writer (dsl/yaml-writer.ts) and the reader
 * (dsl/yaml-reader.ts), so that what one writes the other reads back.
 * Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 * (each function's "Short form" syntax). Fn::Length and Fn::ToJsonString have no short form.
 */

export type TagArgumentKind = 'scalar' | 'sequence' | 'mapping';

export interface ShortTag {
  /** The YAML tag, e.g. `!GetAtt`. */
  tag: string;
  /** The JSON key it stands for, e.g. `Fn::GetAtt`. */
  fn: string;
  /** Node kinds the tag's argument may take in YAML. */
  kinds: readonly TagArgumentKind[];
}

export const SHORT_TAGS: readonly ShortTag[] = [
  { tag: '!Ref', fn: 'Ref', kinds: ['scalar'] },
  { tag: '!Condition', fn: 'Condition', kinds: ['scalar'] },
  { tag: '!GetAtt', fn: 'Fn::GetAtt', kinds: ['scalar', 'sequence'] },
  { tag: '!Sub', fn: 'Fn::Sub', kinds: ['scalar', 'sequence'] },
  { tag: '!Join', fn: 'Fn::Join', kinds: ['sequence'] },
  { tag: '!Select', fn: 'Fn::Select', kinds: ['sequence'] },
  { tag: '!Split', fn: 'Fn::Split', kinds: ['sequence'] },
  { tag: '!If', fn: 'Fn::If', kinds: ['sequence'] },
  { tag: '!Equals', fn: 'Fn::Equals', kinds: ['sequence'] },
  { tag: '!And', fn: 'Fn::And', kinds: ['sequence'] },
  { tag: '!Or', fn: 'Fn::Or', kinds: ['sequence'] },
  { tag: '!Not', fn: 'Fn::Not', kinds: ['sequence'] },
  { tag: '!FindInMap', fn: 'Fn::FindInMap', kinds: ['sequence'] },
  { tag: '!GetAZs', fn: 'Fn::GetAZs', kinds: ['scalar', 'mapping'] },
  { tag: '!Cidr', fn: 'Fn::Cidr', kinds: ['sequence'] },
  { tag: '!Base64', fn: 'Fn::Base64', kinds: ['scalar', 'mapping'] },
  { tag: '!ImportValue', fn: 'Fn::ImportValue', kinds: ['scalar', 'mapping'] },
  { tag: '!Contains', fn: 'Fn::Contains', kinds: ['sequence'] },
  { tag: '!EachMemberIn', fn: 'Fn::EachMemberIn', kinds: ['sequence'] },
  { tag: '!RefAll', fn: 'Fn::RefAll', kinds: ['scalar'] },
  { tag: '!ValueOf', fn: 'Fn::ValueOf', kinds: ['sequence'] },
];
