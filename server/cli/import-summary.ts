import { countSkippedRows, skipReasons, type ImportTally, type SkipReason } from '../../engine/importers/index';
import type { SendTally } from './batch-sender';
import { formatCount } from './import-progress';

/** The final report of `wayfarer import-orders`: what was read, sent, accepted and skipped, and why. */
export function formatImportSummary(input: { file: string; target: string | null; tally: ImportTally; sent: SendTally | null; maxMessageBytes: number }): string {
  const { tally, sent } = input;
  const events = tally.ordersBuilt + tally.refundsBuilt + tally.identifiesBuilt;
  const lines: string[] = [];
  lines.push(`${input.target ? 'Imported' : 'Read (dry run, nothing sent)'} ${input.file} — format ${tally.format ?? 'unknown'}${input.target ? ` → ${input.target}` : ''}`);
  lines.push(`  rows read            ${formatCount(tally.rowsRead)}`);
  lines.push(`  rows used            ${formatCount(tally.rowsUsed)}`);
  lines.push(
    `  ${(input.target ? 'events sent' : 'events built').padEnd(21)}${formatCount(events)} (${formatCount(tally.ordersBuilt)} Order Completed, ${formatCount(tally.refundsBuilt)} Order Refunded, ${formatCount(tally.identifiesBuilt)} identify)`,
  );
  if (sent) {
    lines.push(`  accepted             ${formatCount(sent.accepted)} (stored now or already stored: re-running an import changes nothing)`);
    lines.push(`  rejected by server   ${formatCount(sent.rejected)}`);
    for (const [code, entry] of sent.rejections) lines.push(`    ${code.padEnd(24)} ${formatCount(entry.count).padStart(9)}  e.g. ${entry.examples.join(', ')}`);
  }
  if (tally.trimmedOrders.orders > 0) {
    lines.push(
      `  orders with products[] shortened to fit ${Math.round(input.maxMessageBytes / 1024)} KB: ${formatCount(tally.trimmedOrders.orders)} (totals exact; e.g. lines ${tally.trimmedOrders.exampleLines.join(', ')})`,
    );
  }
  if (tally.nonProductLines > 0) lines.push(`  non-product line items kept (postage, discounts, fees): ${formatCount(tally.nonProductLines)}`);
  if (tally.ignoredColumns.length > 0) lines.push(`  ignored columns: ${tally.ignoredColumns.join(', ')}`);
  lines.push(`  rows skipped         ${formatCount(countSkippedRows(tally))}`);
  for (const [reason, entry] of Object.entries(tally.skipped) as Array<[SkipReason, { rows: number; exampleLines: number[] }]>) {
    lines.push(`    ${reason.padEnd(24)} ${formatCount(entry.rows).padStart(9)}  ${skipReasons[reason]} — e.g. lines ${entry.exampleLines.join(', ')}`);
  }
  return lines.join('\n');
}
