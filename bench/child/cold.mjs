// One fresh process, as a Lambda cold start: import the bundle (module init), then — with an event
// file — invoke its handler once (the first request). Prints {"initMs", "coldMs", "status"}.
// Run by the project's pinned Node 24 (bench/bundles.ts), never imported.
import { readFileSync } from 'node:fs';

const [bundleUrl, eventFile] = process.argv.slice(2);
const event = eventFile ? JSON.parse(readFileSync(eventFile, 'utf8')) : undefined;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
};
const started = performance.now();
const module = await import(bundleUrl);
const initMs = performance.now() - started;
let status;
if (event) {
  const answer = await module.handler(event, context);
  status = answer?.statusCode;
}
const coldMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ initMs, coldMs, status })}\n`);
process.exit(0);
