// `npm run preflight [-- --stage prod] [--config path/to/clinic.json]`: checks, with the AWS
// credentials at hand and read-only calls, what can be checked before `cdk deploy`, and says
// plainly what is missing. Exit code 0 when ready, 1 when something must be fixed first.
import { parseArgs } from 'node:util';
import { evaluate, gatherFacts, render } from '../infra/preflight.ts';
import { isUserFacingError } from '../infra/support/config.ts';

const USAGE = 'Usage: npm run preflight -- [--stage prod] [--config path/to/clinic.json]';

async function main(): Promise<number> {
  let options: { stage: string; config?: string };
  try {
    const { values } = parseArgs({
      options: { stage: { type: 'string', default: 'prod' }, config: { type: 'string' } },
      allowPositionals: false,
    });
    options = { stage: values.stage, config: values.config };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const facts = await gatherFacts({ stage: options.stage, configPath: options.config });
  const checks = evaluate(facts);
  console.info(render(facts, checks));
  return checks.some((check) => check.verdict === 'fail') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected problems (a bad stage name) need no trace; anything else keeps its stack for a bug report.
    console.error(isUserFacingError(error) ? error.message : error);
    process.exitCode = 1;
  },
);
