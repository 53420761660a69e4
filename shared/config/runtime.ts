// The validated clinic config as the functions see it. In a Lambda bundle esbuild `define`s
// __CLINIC_CONFIG__ (validated at synth, so no parsing at cold start); the local stack and the
// tests install one with useClinicConfig() before they import a handler.
import type { ClinicConfig } from '../core/config/schema.ts';

declare const __CLINIC_CONFIG__: ClinicConfig | undefined;

let current: ClinicConfig | undefined;

export function useClinicConfig(config: ClinicConfig): void {
  current = config;
}

export function clinicConfig(): ClinicConfig {
  if (current) return current;
  if (typeof __CLINIC_CONFIG__ === 'undefined') {
    throw new Error(
      'No clinic config: bundles define __CLINIC_CONFIG__; local code must call useClinicConfig()',
    );
  }
  current = __CLINIC_CONFIG__;
  return current;
}
