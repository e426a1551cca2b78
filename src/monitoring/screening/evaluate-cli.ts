/**
 * Prints the precision / recall table of the matcher on the labelled pairs, for both halves:
 *   npx tsx src/monitoring/screening/evaluate-cli.ts [--errors tune|holdout] [--threshold 0.7]
 */
import { fileURLToPath } from 'node:url';
import { formatTable, loadPairs, metricsAt, scorePairs } from './evaluate.ts';
import { DEFAULT_ALERT_THRESHOLD } from './limits.ts';

const PAIRS_PATH = fileURLToPath(new URL('./fixtures/name-pairs.tsv', import.meta.url));

function main(argv: readonly string[]): void {
  const errorsIndex = argv.indexOf('--errors');
  const showErrors = errorsIndex >= 0 ? argv[errorsIndex + 1] : undefined;
  const thresholdIndex = argv.indexOf('--threshold');
  const threshold = thresholdIndex >= 0 ? Number(argv[thresholdIndex + 1]) : DEFAULT_ALERT_THRESHOLD;
  const scored = scorePairs(loadPairs(PAIRS_PATH));
  for (const split of ['tune', 'holdout'] as const) {
    const half = scored.filter((pair) => pair.split === split);
    console.log(formatTable(`${split} half`, half));
    for (const group of ['latin', 'chinese']) {
      const m = metricsAt(
        half.filter((pair) => pair.group === group),
        threshold,
      );
      console.log(
        `  ${group} at ${threshold}: precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} F1 ${m.f1.toFixed(3)} (${m.pairs} pairs)`,
      );
    }
    console.log('');
  }
  if (showErrors === 'tune' || showErrors === 'holdout') {
    for (const pair of scored.filter((p) => p.split === showErrors)) {
      const alert = pair.result.score >= threshold;
      if (alert === pair.match) continue;
      const kind = pair.match ? 'FN' : 'FP';
      console.log(
        `${kind} ${pair.result.score.toFixed(3)} ${pair.query} | ${pair.candidate} [${pair.result.method}] ${pair.result.reasons.join('; ')}`,
      );
    }
  }
}

main(process.argv.slice(2));
