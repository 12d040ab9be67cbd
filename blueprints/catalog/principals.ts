/** Who may launch the portfolio's products: one principal association per input. */
import { Aws, Fn, InputError, type Stack, type Value } from '../../dsl/index.js';
import { idFragment } from './names.js';

const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;
const IAM_ARN = /^arn:aws(-[a-z-]+)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export function principalArn(path: string, principal: string): { arn: Value<string>; type: 'IAM' | 'IAM_PATTERN' } {
  if (IAM_ARN.test(principal)) return { arn: principal, type: 'IAM' };
  if (principal.endsWith('*') && ROLE_NAME.test(principal.slice(0, -1) || 'x')) {
    // IAM_PATTERN principals carry no account: they match in every account the portfolio is shared with.
    return { arn: Fn.sub`arn:${Aws.partition}:iam:::role/${principal}`, type: 'IAM_PATTERN' };
  }
  if (ROLE_NAME.test(principal) && !principal.startsWith('arn:')) return { arn: Fn.sub`arn:${Aws.partition}:iam::${Aws.accountId}:role/${principal}`, type: 'IAM' };
  throw new InputError(path, principal, 'is not an IAM role name (ProductTeam, teams/Web), a role name pattern ending in * or an IAM role or user ARN');
}

export function associatePrincipals(stack: Stack, portfolioId: Value<string>, principals: readonly string[], path: string): void {
  principals.forEach((principal, index) => {
    const { arn, type } = principalArn(`${path}[${index}]`, principal);
    stack.add(`Principal${idFragment(principal)}${type === 'IAM_PATTERN' ? 'Pattern' : ''}`, {
      Type: 'AWS::ServiceCatalog::PortfolioPrincipalAssociation',
      Properties: { PortfolioId: portfolioId, PrincipalARN: arn, PrincipalType: type },
    });
  });
}
