/**
 * Who may launch the portfolio: one principal association per input. A principal is
 * - a role name of this account (`ProductTeam`, `teams/Web`) or a role or user ARN: `PrincipalType: IAM`,
 *   an exact principal of one account, never shared with recipients;
 * - `{ rolePattern: 'ProductTeam' }` (or a role name ending in `*`, the earlier spelling): `PrincipalType:
 *   IAM_PATTERN`, `arn:${AWS::Partition}:iam:::role/<pattern>` with no account, so it matches the role of that
 *   name in this account and, when principal names are shared, in every account the portfolio is shared with.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_AssociatePrincipalWithPortfolio.html
 */
import { Aws, Fn, InputError, s, type Stack, type Value } from '../../dsl/index.js';
import { idFragment } from './names.js';

const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;
const IAM_ARN = /^arn:aws(-[a-z-]+)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** AWS accepts at most 10 IAM_PATTERN principals per portfolio (AssociatePrincipalWithPortfolio). */
export const MAX_PATTERN_PRINCIPALS = 10;

export const RolePatternPrincipalInput = s.object({
  /**
   * A role name, with its IAM path if it has one (`teams/ProductTeam`); `*` and `?` wildcards are allowed in
   * the path and name (AWS allows them there only). Matched by name in every account: give names your
   * organisation controls, since anyone who may create a role of that name in a recipient account may launch.
   */
  rolePattern: s.refine(
    s.text(/^[\w+=,.@/*?-]{1,512}$/, 'a role name pattern (letters, digits, _+=,.@-, / between path parts, * and ? as wildcards)'),
    (pattern) => (/[A-Za-z0-9]/.test(pattern) ? undefined : 'matches every role in every account the portfolio reaches; name the roles (e.g. ProductTeam*)'),
  ),
});
export type RolePatternPrincipal = s.Input<typeof RolePatternPrincipalInput>;

/** A principal as the catalog takes it (see the module comment). */
export type PrincipalInput = string | RolePatternPrincipal;

const PRINCIPAL_FORMS = 'a role name of this account (ProductTeam, teams/Web), a role or user ARN (arn:aws:iam::123456789012:role/Name), a role name ending in *, or { rolePattern: "<role name in every account, * and ? allowed>" }';

export const PrincipalSchema = s.either(
  [s.text(/^(arn:aws(-[a-z-]+)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+|[\w+=,.@/-]{1,511}\*?)$/, `a principal: ${PRINCIPAL_FORMS}`, { max: 512 }), RolePatternPrincipalInput],
  `a principal: ${PRINCIPAL_FORMS}`,
);

export function isPatternPrincipal(principal: PrincipalInput): boolean {
  return typeof principal !== 'string' || principal.endsWith('*');
}

export function principalArn(path: string, principal: PrincipalInput): { arn: Value<string>; type: 'IAM' | 'IAM_PATTERN'; name: string } {
  if (typeof principal !== 'string') {
    const { rolePattern } = s.parse(RolePatternPrincipalInput, principal, path);
    // IAM_PATTERN principals carry no account: they match in every account the portfolio is shared with.
    return { arn: Fn.sub`arn:${Aws.partition}:iam:::role/${rolePattern}`, type: 'IAM_PATTERN', name: rolePattern };
  }
  if (IAM_ARN.test(principal)) return { arn: principal, type: 'IAM', name: principal };
  if (principal.endsWith('*') && ROLE_NAME.test(principal.slice(0, -1) || 'x')) {
    return { arn: Fn.sub`arn:${Aws.partition}:iam:::role/${principal}`, type: 'IAM_PATTERN', name: principal };
  }
  if (ROLE_NAME.test(principal) && !principal.startsWith('arn:')) return { arn: Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:role/${principal}`, type: 'IAM', name: principal };
  throw new InputError(path, principal, 'is not an IAM role name (ProductTeam, teams/Web), a role name pattern ending in * or an IAM role or user ARN');
}

export function associatePrincipals(stack: Stack, portfolioId: Value<string>, principals: readonly PrincipalInput[], path: string): void {
  const resolved = principals.map((principal, index) => principalArn(`${path}[${index}]`, principal));
  const patterns = resolved.filter((p) => p.type === 'IAM_PATTERN');
  if (patterns.length > MAX_PATTERN_PRINCIPALS) {
    throw new InputError(path, `${patterns.length} role patterns`, `is more than AWS allows: at most ${MAX_PATTERN_PRINCIPALS} IAM_PATTERN principals per portfolio (AssociatePrincipalWithPortfolio)`);
  }
  const ids = new Map<string, number>();
  resolved.forEach(({ arn, type, name }, index) => {
    const id = `Principal${idFragment(name)}${type === 'IAM_PATTERN' ? 'Pattern' : ''}`;
    const first = ids.get(id);
    if (first !== undefined) throw new InputError(`${path}[${index}]`, principals[index], `gives the same logical id (${id}) as ${path}[${first}]: principals must differ in their letters or digits`);
    ids.set(id, index);
    stack.add(id, {
      Type: 'AWS::ServiceCatalog::PortfolioPrincipalAssociation',
      Properties: { PortfolioId: portfolioId, PrincipalARN: arn, PrincipalType: type },
    });
  });
}
