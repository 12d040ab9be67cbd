/** Validation and logical ids for the catalog's named things. */
import { check, InputError } from '../../dsl/index.js';

/** `1.2.0+3f9a1c2b7d4e`: a semantic version, then the first 12 hex digits of the template hash. */
export const VERSION_NAME = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?\+[0-9a-f]{12}$/;

/** `ProductTeam` -> `ProductTeam`, `cost-centre` -> `CostCentre`: a stable logical-id fragment. */
export function idFragment(text: string): string {
  const fragment = text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return fragment || 'X';
}

export function checkText(path: string, value: string, min: number, max: number): string {
  if (typeof value !== 'string' || value.length < min) throw new InputError(path, value, `is shorter than ${min} character(s)`);
  return check.maxLength(path, value, max);
}

export function checkTemplateUrl(path: string, url: string): string {
  return check.matches(path, url, /^https:\/\/[a-z0-9.-]+\.amazonaws\.com(\.cn)?\/\S+\.(json|ya?ml)$/, 'an HTTPS S3 URL of a published template (make publish prints it)');
}
