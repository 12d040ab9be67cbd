/**
 * A customer-managed KMS key with rotation, an alias, and a key policy made of the account-root
 * admin statement plus the service statements the caller needs.
 */
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
   * Default: `alias/<suffix>/<stack name>`.
   */
  alias?: string;
  aliasSuffix: string;
  /** Statements added after the root admin statement. */
  statements: readonly PolicyStatement[];
}

const ALIAS = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;

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
    : // The purpose first: a stack may be named "aws", and CreateAlias refuses names under alias/aws/.
      Fn.sub`alias/${props.aliasSuffix}/${Aws.stackName}`;
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
