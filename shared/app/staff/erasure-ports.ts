// The port the erasure use case depends on; shared/adapters/dynamodb/erasure-store.ts implements it.
import type { ErasedCounts, ErasureFindings, ErasureSubject } from '../../core/privacy/erasure.ts';

export interface ErasureStore {
  /** Every lead and booking of the subject that the table still holds. */
  find(subject: ErasureSubject, now: Date): Promise<ErasureFindings>;
  /**
   * Removes what was found and every item that belongs to it, each lead or booking last, so that
   * an erasure cut short is finished by running it again. A dry run removes nothing and counts
   * what would go.
   */
  erase(findings: ErasureFindings, options: { readonly dryRun: boolean }): Promise<ErasedCounts>;
}
