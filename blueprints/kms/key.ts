/**
 * A customer-managed KMS key with rotation, an alias, and a key policy made of the account-root
 * admin statement plus the service statements the caller needs.
 */
import { createHash } from 'node:crypto';
import { Aws, Fn, check, type CfnValue, type Res, type Stack, type Tok } from '../../dsl/index.js';
import { allow, policyDocument, type PolicyStatement } from '../iam/index.js';

export interface KeyHandle {
  key: Res<'AWS::KMS::Key'>;
  alias: Res<'AWS::KMS::Alias'>;
  /** The key ARN (what log groups, clusters and IAM statements take). */
  arn: Tok;
}

export interface KeyProps {
  /** Input path prefix for errors. */
  path: string;
  description: string;
  /**
   * Alias name, `alias/...` (letters, digits, `/`, `_`, `-`; not `alias/aws/...`).
   * Default: `alias/<key's logical id>/<stack name>`, distinct for every key of every stack.
   */
  alias?: string;
  /** Statements added after the root admin statement. */
  statements: readonly PolicyStatement[];
}

const ALIAS = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;

/**
 * Alias names are at most 256 characters (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html)
 * and stack names at most 128 (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html):
 * `alias/` + 128 + `/` leaves 121 for the logical id.
 */
const ALIAS_MAX = 256;
const STACK_NAME_MAX = 128;
const ID_ROOM = ALIAS_MAX - 'alias/'.length - STACK_NAME_MAX - '/'.length;

/**
 * The default alias: the stack name is unique among a Region's stacks and the logical id within its
 * stack, so two keys never share an alias, however many a stack holds (`network()` and `cluster()`
 * in one stack each make a logs key). A logical id too long for the limit is cut and given a hash of
 * the whole id, which keeps it distinct.
 */
export function defaultAliasName(id: string): Tok {
  const hash = () => createHash('sha256').update(id).digest('hex').slice(0, 8);
  const part = id.length <= ID_ROOM ? id : id.slice(0, ID_ROOM - 8) + hash();
  // The key first: a stack may be named "aws", and CreateAlias refuses names under alias/aws/.
  return Fn.sub`alias/${part}/${Aws.stackName}`;
}

/**
 * The account root holds `kms:*` on this key (Resource `*` in a key policy means this key): the
 * standard admin statement, without which the key can become unmanageable. IAM policies in the
 * account still decide who, beyond the services named here, may use the key.
 */
export function rootAdminStatement(): PolicyStatement {
  return allow(['kms:*'], ['*'], {
    sid: 'AccountRootAdministersKey',
    principal: { AWS: Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:root` },
  });
}

export function encryptionKey(stack: Stack, id: string, props: KeyProps): KeyHandle {
  const aliasName: CfnValue = props.alias
    ? check.matches(`${props.path}.alias`, props.alias, ALIAS, 'a KMS alias name (alias/ then letters, digits, /, _ or -; not alias/aws/)')
    : defaultAliasName(id);
  const key = stack.add(id, {
    Type: 'AWS::KMS::Key',
    // Deleted with its stack (after KMS's waiting period); products in production retain it.
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: {
      Description: props.description,
      EnableKeyRotation: true,
      KeyPolicy: policyDocument([rootAdminStatement(), ...props.statements]),
    },
  });
  const alias = stack.add(`${id}Alias`, {
    Type: 'AWS::KMS::Alias',
    Properties: { AliasName: aliasName as Tok, TargetKeyId: key.ref },
  });
  return { key, alias, arn: key.attr('Arn') };
}
