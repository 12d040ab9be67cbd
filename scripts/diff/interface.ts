/**
 * The stacks' interface: root parameters (added, removed, defaults), parameter defaults anywhere,
 * outputs a consumer may read (every root output: `describe-stacks`, Service Catalog; an exported
 * output: importing stacks; a nested output its parent read), and the wiring: what each parent
 * passes to its nested stacks' parameters.
 */
import { deepEqual } from './json.js';
import type { InterfaceChange, Json, JsonObject, StackSource } from './model.js';
import type { ChangedValues } from './propagate.js';
import { tokensIn } from './references.js';
import { STACK_TYPE } from './resources.js';
import { shortForm } from './short-form.js';
import type { StackPair } from './stack-pairs.js';

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const leafOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function parameters(stack: StackSource, before: StackSource | undefined): InterfaceChange[] {
  const out: InterfaceChange[] = [];
  const oldParams = before?.template.Parameters ?? {};
  const newParams = stack.template.Parameters ?? {};
  const root = stack.path === 'Root';
  for (const [name, definition] of Object.entries(newParams)) {
    const old = oldParams[name];
    if (!old) {
      if (root && before) {
        const required = definition['Default'] === undefined;
        out.push({ kind: 'parameter', stack: stack.path, name, sign: '+', new: shortForm(definition['Default']), detail: required ? 'added without a default: every deploy must now give it' : `added, default ${shortForm(definition['Default'])}` });
      }
    } else if (!deepEqual(old['Default'], definition['Default'])) {
      out.push({ kind: 'parameter', stack: stack.path, name, sign: '~', old: shortForm(old['Default']), new: shortForm(definition['Default']), detail: 'default changed: deploys that do not pass it get the new value' });
    }
  }
  if (root && before) {
    for (const name of Object.keys(oldParams)) {
      if (!newParams[name]) out.push({ kind: 'parameter', stack: stack.path, name, sign: '-', old: shortForm(oldParams[name]!['Default']), detail: 'removed: a deploy or parameter file that still passes it fails' });
    }
  }
  return out;
}

function exportName(output: JsonObject | undefined): Json | undefined {
  const exported = output?.['Export'];
  return exported && typeof exported === 'object' && !Array.isArray(exported) ? (exported as JsonObject)['Name'] : undefined;
}

function outputs(pair: StackPair, oldStacks: ReadonlyMap<string, StackSource>, values: ChangedValues): InterfaceChange[] {
  const out: InterfaceChange[] = [];
  const before = pair.old!;
  const after = pair.new;
  const oldOutputs = before.template.Outputs ?? {};
  const newOutputs = after?.template.Outputs ?? {};
  const path = (after ?? before).path;
  const root = before.path === 'Root';
  const oldParent = root ? undefined : oldStacks.get(parentOf(before.path));
  // Read lazily: only a removed nested output needs to know whether its parent read it.
  let readByParent: Set<string> | undefined;
  const parentReads = (name: string) => {
    if (!readByParent) {
      readByParent = new Set();
      const prefix = `GetAtt:${leafOf(before.path)}.Outputs.`;
      for (const token of oldParent ? tokensIn({ Resources: oldParent.template.Resources, Outputs: oldParent.template.Outputs } as never) : []) if (token.startsWith(prefix)) readByParent.add(token.slice(prefix.length));
    }
    return readByParent.has(name);
  };
  for (const [name, output] of Object.entries(oldOutputs)) {
    const next = newOutputs[name];
    const exported = exportName(output);
    if (!next) {
      if (!after && exported === undefined) continue; // the whole stack goes: its outputs with it
      if (exported !== undefined) out.push({ kind: 'output', stack: path, name, sign: '-', old: shortForm(output['Value']), detail: `removed, and with it the export ${shortForm(exported)}: stacks importing it block the update` });
      else if (root) out.push({ kind: 'output', stack: path, name, sign: '-', old: shortForm(output['Value']), detail: 'removed: a consumer may read it (describe-stacks, Service Catalog outputs)' });
      else if (parentReads(name)) out.push({ kind: 'output', stack: path, name, sign: '-', old: shortForm(output['Value']), detail: `removed: ${parentOf(before.path)} read it` });
      continue;
    }
    if (!root || !after) continue;
    const textChanged = !deepEqual(output['Value'], next['Value']);
    const via = values.strongest(path, next['Value']);
    if (textChanged) out.push({ kind: 'output', stack: path, name, sign: '~', old: shortForm(output['Value']), new: shortForm(next['Value']), detail: 'value expression changed' });
    else if (via) out.push({ kind: 'output', stack: path, name, sign: '~', old: shortForm(next['Value']), new: shortForm(next['Value']), detail: `value ${via.definite ? 'changes' : 'may change'}: ${via.cause}` });
  }
  if (root && after) {
    for (const [name, output] of Object.entries(newOutputs)) if (!oldOutputs[name]) out.push({ kind: 'output', stack: path, name, sign: '+', new: shortForm(output['Value']), detail: 'added' });
  }
  return out;
}

function passed(stacks: ReadonlyMap<string, StackSource>, child: string): Record<string, Json> {
  const resource = stacks.get(parentOf(child))?.template.Resources?.[leafOf(child)];
  const params = resource?.Type === STACK_TYPE ? resource.Properties?.['Parameters'] : undefined;
  return params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, Json>) : {};
}

function wiring(pair: StackPair, oldStacks: ReadonlyMap<string, StackSource>, newStacks: ReadonlyMap<string, StackSource>): InterfaceChange[] {
  if (!pair.old || !pair.new || pair.new.path === 'Root') return [];
  const before = passed(oldStacks, pair.old.path);
  const after = passed(newStacks, pair.new.path);
  const out: InterfaceChange[] = [];
  const stack = pair.new.path;
  for (const [name, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, name)) out.push({ kind: 'wiring', stack, name, sign: '+', new: shortForm(value), detail: 'parameter wired' });
    else if (!deepEqual(before[name], value)) out.push({ kind: 'wiring', stack, name, sign: '~', old: shortForm(before[name]), new: shortForm(value), detail: 'wired to another value' });
  }
  for (const [name, value] of Object.entries(before)) if (!Object.hasOwn(after, name)) out.push({ kind: 'wiring', stack, name, sign: '-', old: shortForm(value), detail: 'parameter no longer wired' });
  return out;
}

export function interfaceChanges(pairs: readonly StackPair[], oldStacks: ReadonlyMap<string, StackSource>, newStacks: ReadonlyMap<string, StackSource>, values: ChangedValues): InterfaceChange[] {
  const out: InterfaceChange[] = [];
  for (const pair of pairs) {
    if (pair.new) out.push(...parameters(pair.new, pair.old));
    if (pair.old) out.push(...outputs(pair, oldStacks, values));
    out.push(...wiring(pair, oldStacks, newStacks));
  }
  return out;
}
