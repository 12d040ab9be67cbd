/**
 * Reads YAML texts with cfn-lint's own template decoder (PyYAML, YAML 1.1, CloudFormation's short
 * tags), the reader that cfn-lint and checkov judge our artifacts with. One Python process for a
 * batch. A value PyYAML resolves to something JSON has no type for (a date, say) comes back as
 * `{ unreadable: repr }`, so it can never equal the string that was meant.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const python = resolve(import.meta.dirname, '../../.venv/bin/python');

const SCRIPT = `
import json, sys
from cfnlint.decode import decode_str
out = []
for text in json.load(sys.stdin):
    template, matches = decode_str(text)
    out.append({"template": template, "errors": [str(m) for m in (matches or [])]})
json.dump(out, sys.stdout, default=lambda o: {"unreadable": repr(o)})
`;

export interface CfnLintRead {
  template: unknown;
  errors: string[];
}

export function readWithCfnLint(texts: readonly string[]): CfnLintRead[] {
  const output = execFileSync(python, ['-c', SCRIPT], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(output) as CfnLintRead[];
}
