/** The pull-request comment: a headline, then per environment a resource table, findings, security and interface tables. */
import type { DiffReport, EnvironmentDiff } from './model.js';
import { clip, describeProperty, EFFECT_WORDS } from './render-text.js';
import { countEnvironment, countReport, headline } from './summary.js';

/** The first line of every comment this posts: the workflow finds its earlier comment by it. */
export const MARKDOWN_MARKER = '<!-- fargate-cfn: make diff -->';
/** GitHub refuses comments over 65,536 characters. */
const MAX_CHARS = 60000;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${cell(text).replace(/`/g, "'")}\``;
const SEVERITY = { error: ':x: error', 'data-loss': ':warning: data loss', warning: 'warning' } as const;

function environment(env: EnvironmentDiff): string[] {
  const title = `${env.product}/${env.environment}`;
  if (env.status === 'added') return [`### ${title}: new environment`, ''];
  if (env.status === 'removed') return [`### ${title}: no longer built`, ''];
  const out = [`### ${title}`, '', headline(countEnvironment(env)), ''];
  const rows: string[] = [];
  for (const stack of env.stacks) {
    if (stack.change !== 'modified') rows.push(`| | **${cell(stack.path)}** | | | stack ${stack.change} | ${stack.change === 'moved' ? cell(`from ${stack.from} (${stack.likeness})`) : ''} |`);
    for (const r of stack.resources) {
      const sign = r.change === 'added' ? '+' : r.change === 'removed' ? '-' : '~';
      const effect = r.effect ? (r.effect === 'replacement' ? '**replacement**' : EFFECT_WORDS[r.effect]) : r.change;
      const changes = [...r.notes, ...r.properties.map((p) => describeProperty(p, 80))].map(code).join('<br>');
      rows.push(`| ${sign} | ${cell(stack.path)} | ${cell(r.logicalId)} | ${cell(r.type)} | ${effect} | ${changes} |`);
    }
  }
  if (rows.length) out.push('| | stack | resource | type | effect | changes |', '|---|---|---|---|---|---|', ...rows, '');
  if (env.findings.length) out.push('**Findings**', '', ...env.findings.map((f) => `- ${SEVERITY[f.severity]}: \`${f.stack}/${f.resource}\` (${f.type}): ${cell(f.message)}`), '');
  if (env.security.length) {
    out.push('**Security changes**', '', '| | widens | resource | kind | change |', '|---|---|---|---|---|');
    for (const s of env.security) out.push(`| ${s.sign} | ${s.widening ? ':warning: yes' : ''} | ${cell(`${s.stack}/${s.resource}`)} | ${s.kind} | ${code(clip(s.detail, 300))} |`);
    out.push('');
  }
  if (env.interface.length) {
    out.push('**Parameters, outputs, wiring**', '', '| | kind | stack | name | change |', '|---|---|---|---|---|');
    for (const i of env.interface) {
      const values = i.sign === '~' && i.old !== i.new ? `${code(clip(i.old ?? '', 80))} → ${code(clip(i.new ?? '', 80))}: ` : '';
      out.push(`| ${i.sign} | ${i.kind} | ${cell(i.stack)} | ${cell(i.name)} | ${values}${cell(i.detail)} |`);
    }
    out.push('');
  }
  return out;
}

export function renderMarkdown(report: DiffReport): string {
  const verdict = report.exitCode === 2 ? ':warning: replacements, data loss or security widening: review before deploying' : report.exitCode === 1 ? 'changes' : 'no change';
  const out = [MARKDOWN_MARKER, `## make diff: ${code(report.base)} → ${code(report.new)}`, '', `**${verdict}** (exit ${report.exitCode}): ${headline(countReport(report))}.`, ''];
  const unchanged = report.environments.filter((e) => e.status === 'unchanged');
  for (const env of report.environments) if (env.status !== 'unchanged') out.push(...environment(env));
  if (unchanged.length) out.push(`Unchanged: ${unchanged.map((e) => code(`${e.product}/${e.environment}`)).join(', ')}.`, '');
  let text = out.join('\n');
  if (text.length > MAX_CHARS) {
    const cut = text.lastIndexOf('\n', MAX_CHARS - 200);
    text = `${text.slice(0, cut)}\n\n… cut at ${MAX_CHARS.toLocaleString('en')} characters (GitHub's comment limit): run \`make diff\` for the whole diff.`;
  }
  return text + '\n';
}
