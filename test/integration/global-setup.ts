// Starts the local stack once for the integration tests — the same startLocalStack() that
// `npm run dev` uses — on free ports, and hands its URLs to the tests (inject('localStack'), or
// the helpers in ./support). In-process, so the handlers run in this (vitest's main) process.
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { EPHEMERAL_PORTS, startLocalStack } from '../../local/stack.ts';
import { loadClinicConfigFile } from '../../shared/config/load.ts';
import type { LocalStackInfo } from './support/context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configPath = resolve(process.env.CLINIC_CONFIG || 'config/dev.json');
  const config = loadClinicConfigFile(configPath);
  // The functions' request logs would bury vitest's output; warnings and errors still show.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  const stack = await startLocalStack({
    config,
    ...EPHEMERAL_PORTS,
    tableName: 'clinic-test',
    sesOutageSwitch: true,
  });
  const info: LocalStackInfo = {
    apiUrl: stack.apiUrl,
    sesUrl: stack.sesUrl,
    sesOutageUrl: stack.sesOutageUrl as string,
    smsUrl: stack.smsUrl,
    siteUrl: stack.siteUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
    configPath,
    staffPool: stack.staffPool,
  };
  project.provide('localStack', info);
  return () => stack.stop();
}
