/**
 * Turns declared values (literals, tokens, handles) into CloudFormation JSON as seen from the
 * stack that uses them, asking the wiring for a parameter when the value lives elsewhere.
 */
import { CompileError } from './errors.js';
import { ConditionHandle, Entity, MappingHandle, ParameterHandle, ResourceHandle } from './entities.js';
import { ATTRIBUTES, LIST_ATTRIBUTES } from './spec/attributes.js';
import type { Stack } from './stack.js';
import { AttrToken, FnToken, PseudoToken, RawRefToken, RefToken, SubToken, Token } from './tokens.js';
import type { Json, Wiring } from './wiring.js';

const LANGUAGE_EXTENSIONS = new Set(['Fn::Length', 'Fn::ToJsonString']);

export class Resolver {
  constructor(private readonly wiring: Wiring) {}

  /** `where` names the place being resolved, for error messages (e.g. `Resources.Vpc`). */
  resolve(value: unknown, stack: Stack, where: string): Json | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new CompileError(`${where} is ${value}, not a finite number`, { stack: stack.path });
      return value;
    }
    if (value instanceof Token) return this.resolveToken(value, stack, where);
    if (value instanceof ConditionHandle) return { Condition: this.conditionName(value, stack) };
    if (value instanceof Entity) {
      throw new CompileError(`${where} holds the handle ${value.path} itself: use its .ref or .attr(...)`, {
        stack: stack.path,
      });
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => this.resolve(item, stack, `${where}[${index}]`) ?? null);
    }
    if (typeof value === 'object') {
      const out: Record<string, Json> = {};
      for (const [key, item] of Object.entries(value)) {
        const resolved = this.resolve(item, stack, `${where}.${key}`);
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    }
    throw new CompileError(`${where} has a value of type ${typeof value} that CloudFormation cannot hold`, {
      stack: stack.path,
    });
  }

  /** Name of a condition as usable in `stack`, wiring it in when it is declared elsewhere. */
  conditionName(condition: ConditionHandle, stack: Stack): string {
    this.checkDeclared(condition, stack);
    if (condition.stack === stack) {
      this.wiring.state(stack).usedConditions.add(condition.id);
      return condition.id;
    }
    this.wiring.state(condition.stack).usedConditions.add(condition.id);
    if (!stack.lineage.includes(condition.stack)) {
      throw new CompileError(
        `condition ${condition.path} is used in ${stack.path}, which is not below the stack that declares it; ` +
          'conditions flow down the stack tree only',
        { stack: stack.path },
      );
    }
    // Re-declared here as `Fn::Equals [Flag, 'true']`, the flag passed down from the declaring stack.
    const base = wireName(condition);
    const state = this.wiring.state(stack);
    const name = state.wiredCondition(`${condition.path}?condition`, base, `condition ${condition.path}`, () => {
      const flag = this.wiring.wire(
        {
          key: `${condition.path}?`,
          name: `${base}Flag`,
          producer: condition.stack,
          localValue: { 'Fn::If': [condition.id, 'true', 'false'] },
          isList: false,
          description: `Whether condition ${condition.path} holds`,
        },
        stack,
      );
      return { 'Fn::Equals': [flag, 'true'] };
    });
    state.usedConditions.add(name);
    return name;
  }

  private resolveToken(token: Token, stack: Stack, where: string): Json {
    if (token instanceof PseudoToken) return { Ref: token.name };
    if (token instanceof RawRefToken) return { Ref: token.logicalId };
    if (token instanceof RefToken) return this.resolveRef(token.target, undefined, stack, where);
    if (token instanceof AttrToken) return this.resolveRef(token.target, token.attribute, stack, where);
    if (token instanceof SubToken) return this.resolveSub(token, stack, where);
    if (token instanceof FnToken) {
      const findWithDefault = token.name === 'Fn::FindInMap' && Array.isArray(token.args) && token.args.length === 4;
      if (LANGUAGE_EXTENSIONS.has(token.name) || findWithDefault) this.wiring.state(stack).transforms.add('AWS::LanguageExtensions');
      if (token.name === 'Fn::If') {
        const [condition, ...branches] = token.args as [ConditionHandle, unknown, unknown];
        return {
          'Fn::If': [
            this.conditionName(condition, stack),
            ...branches.map((b, i) => this.resolve(b, stack, `${where}.Fn::If[${i + 1}]`) ?? null),
          ],
        };
      }
      return { [token.name]: this.resolve(token.args, stack, `${where}.${token.name}`) ?? null };
    }
    throw new CompileError(`${where} holds an unknown token`, { stack: stack.path });
  }

  private resolveRef(target: Entity, attribute: string | undefined, stack: Stack, where: string): Json {
    this.checkDeclared(target, stack);
    if (target instanceof ConditionHandle) return { Condition: this.conditionName(target, stack) };
    if (target instanceof MappingHandle) {
      // A partition holds a copy of each mapping of its stack that its resources use (the same table).
      if (target.stack !== stack && stack.mappings.get(target.id)?.table !== target.table) {
        throw new CompileError(`${where} uses mapping ${target.path} of another stack; declare the mapping where it is used`, {
          stack: stack.path,
        });
      }
      return target.id;
    }
    if (attribute !== undefined && target instanceof ResourceHandle) checkAttribute(target, attribute, stack, where);
    const local: Json = attribute === undefined ? { Ref: target.id } : { 'Fn::GetAtt': [target.id, attribute] };
    if (target instanceof ParameterHandle) this.wiring.state(target.stack).usedParameters.add(target.id);
    if (target.stack === stack) return local;
    return this.wiring.wire(
      {
        key: sourceKey(target, attribute),
        name: wireName(target) + (attribute ?? '').replace(/[^A-Za-z0-9]/g, ''),
        producer: target.stack,
        localValue: local,
        isList: isListValue(target, attribute),
        description: `${attribute === undefined ? 'Ref' : attribute} of ${target.path}`,
      },
      stack,
    );
  }

  private resolveSub(token: SubToken, stack: Stack, where: string): Json {
    let text = '';
    const variables: Record<string, Json> = {};
    for (const part of token.parts) {
      if (typeof part === 'string') {
        text += part.replace(/\$\{/g, '${!');
        continue;
      }
      const resolved = this.resolveToken(part, stack, `${where}.Fn::Sub`);
      const name = inlineSubName(resolved);
      if (name) {
        text += '${' + name + '}';
      } else {
        const variable = `Var${Object.keys(variables).length}`;
        variables[variable] = resolved;
        text += '${' + variable + '}';
      }
    }
    return Object.keys(variables).length ? { 'Fn::Sub': [text, variables] } : { 'Fn::Sub': text };
  }

  /** A handle must be declared in a stack of the same tree, and still be there. */
  private checkDeclared(target: Entity, stack: Stack): void {
    const table =
      target instanceof ResourceHandle
        ? target.stack.resources
        : target instanceof ParameterHandle
          ? target.stack.parameters
          : target instanceof ConditionHandle
            ? target.stack.conditions
            : target instanceof MappingHandle
              ? target.stack.mappings
              : undefined;
    if (target.stack.root !== stack.root || table?.get(target.id) !== target) {
      throw new CompileError(`dangling reference to ${target.path}, which is not declared in this stack tree`, {
        stack: stack.path,
      });
    }
  }
}

/** Identity of a wired value: the same key is the same value. */
export function sourceKey(target: Entity, attribute: string | undefined): string {
  return attribute === undefined ? target.path : `${target.path}.${attribute}`;
}

/**
 * Readable base name for a wired value: the stack path below the root, then the id. Not unique
 * (`A/BVpc` and `AB/Vpc` read alike): each stack allocates a distinct name from it (wire-names.ts).
 */
function wireName(target: Entity): string {
  return target.stack.lineage
    .slice(1)
    .map((s) => s.id)
    .concat(target.id)
    .join('');
}

function isListValue(target: Entity, attribute: string | undefined): boolean {
  if (target instanceof ParameterHandle) return attribute === undefined && target.isList;
  if (target instanceof ResourceHandle && attribute !== undefined) {
    return LIST_ATTRIBUTES[target.type]?.includes(attribute) ?? false;
  }
  return false;
}

function checkAttribute(target: ResourceHandle, attribute: string, stack: Stack, where: string): void {
  if (target.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return;
  const known = ATTRIBUTES[target.type];
  if (known && !known.includes(attribute)) {
    throw new CompileError(
      `${where}: ${target.type} has no attribute ${JSON.stringify(attribute)} (allowed: ${known.join(', ')})`,
      { stack: stack.path, logicalId: target.id },
    );
  }
}

/** `${Name}` / `${Name.Attr}` when the resolved value is a plain Ref or GetAtt. */
function inlineSubName(value: Json): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const ref = value['Ref'];
    if (typeof ref === 'string' && Object.keys(value).length === 1) return ref;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt.every((p) => typeof p === 'string') && Object.keys(value).length === 1) {
      return getAtt.join('.');
    }
  }
  return undefined;
}
