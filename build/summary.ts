/** The table `make build` prints. */
import type { BuiltEnvironment } from './compile-product.js';

export function formatSummary(built: readonly Pick<BuiltEnvironment, 'product' | 'environment' | 'manifest' | 'milliseconds'>[]): string {
  const header = ['product', 'environment', 'templates', 'resources', 'bytes', 'ms'];
  const rows = built.map((b) => [
    b.product,
    b.environment,
    String(b.manifest.artifacts.length),
    String(b.manifest.artifacts.reduce((n, a) => n + a.resources, 0)),
    String(b.manifest.artifacts.reduce((n, a) => n + a.bytes, 0)),
    b.milliseconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const line = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
