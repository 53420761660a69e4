// `npm run dlq:replay -- [--stage NAME] [--queue-url URL]`: re-drives the stream records the
// notifier dead-lettered, once the cause is fixed (docs/deploy.md). The logic is scripts/lib/dlq-replay.ts.
import { parseReplayArguments, renderReplaySummary, replayFor } from './lib/dlq-replay.ts';
import { runTool, targetFor } from './lib/targets.ts';

runTool(async () => {
  const args = parseReplayArguments(process.argv.slice(2));
  const target = await targetFor(args.stage);
  const summary = await replayFor(args, target);
  console.info(renderReplaySummary(summary));
  return summary.letters.some((letter) => letter.problem) ? 1 : 0;
});
