// `npm run smoke -- (--url BASE_URL | --stage NAME) [--write]`: checks a running API from the
// outside after a deploy (docs/deploy.md). The checks are scripts/lib/smoke.ts.
import { parseSmokeArguments, renderChecks, runSmoke, smokeTarget } from './lib/smoke.ts';
import { runTool } from './lib/targets.ts';

runTool(async () => {
  const args = parseSmokeArguments(process.argv.slice(2));
  const { baseUrl, config } = await smokeTarget(args);
  const checks = await runSmoke({ baseUrl, config, write: args.write });
  console.info(renderChecks(checks, baseUrl));
  return checks.every((check) => check.ok) ? 0 : 1;
});
