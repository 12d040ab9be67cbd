/** The lint gate runs cfn-lint's default rules and its stateful rule I3011, wherever the project lints. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintFiles } from '../helpers/lint.js';

const scratch = mkdtempSync(join(tmpdir(), 'cfn-lint-options-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const template = (resource: Record<string, unknown>) => {
  const file = join(scratch, `t${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } }, Child: resource } }, null, 2));
  return file;
};
const nested = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://bucket.s3.us-east-1.amazonaws.com/child.json' } };

test('a nested stack without DeletionPolicy and UpdateReplacePolicy is a finding (I3011); stated, it is clean', () => {
  const findings = lintFiles([template(nested)], []);
  assert.ok(findings.some((line) => line.includes(':I3011:')), findings.join('\n'));
  assert.equal(lintFiles([template({ ...nested, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' })], []), []);
});

test.run();
