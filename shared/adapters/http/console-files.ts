// The staff console's built files, as its function serves them. In a Lambda bundle esbuild
// `define`s __STAFF_CONSOLE__ (infra builds the console at synth); the local stack builds it from
// source and installs it with useConsoleFiles() before the first request, as it does the config.
import type { ConsoleAsset } from './console-assets.ts';

declare const __STAFF_CONSOLE__: ConsoleAsset[] | undefined;

let installed: readonly ConsoleAsset[] | undefined;

export function useConsoleFiles(files: readonly ConsoleAsset[]): void {
  installed = files;
}

export function consoleFiles(): readonly ConsoleAsset[] {
  if (typeof __STAFF_CONSOLE__ !== 'undefined') return __STAFF_CONSOLE__;
  if (installed) return installed;
  throw new Error('The staff console is not built: the stack bundles it, the local stack installs it');
}
