// `npm run erase -- --email ADDRESS [--phone E164] [--stage NAME] [--dry-run]`: a person's leads
// and bookings erased on their request (docs/privacy.md). The logic is scripts/lib/erase.ts.
import { parseEraseArguments, renderErasureReport, runErase } from './lib/erase.ts';
import { runTool, targetFor } from './lib/targets.ts';

runTool(async () => {
  const args = parseEraseArguments(process.argv.slice(2));
  const target = await targetFor(args.stage);
  console.info(renderErasureReport(await runErase(args, target), target));
  return 0;
});
