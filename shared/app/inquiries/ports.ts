// The port the inquiry use case depends on; shared/adapters/dynamodb/inquiry-store.ts implements it.
import type { DedupeMarker, LeadItem } from '../../core/inquiries/lead.ts';

/** One lead's write, as data: the lead, its dedupe marker and the client's rate-limit slot. */
export interface InquiryWrite {
  readonly lead: LeadItem;
  readonly dedupe: DedupeMarker;
  /** `clientKey` is a pseudonym of the client's address; `limit` submissions per rolling hour. */
  readonly rateLimit: { readonly clientKey: string; readonly limit: number; readonly nowMs: number };
}

export type SaveOutcome =
  | { readonly outcome: 'stored'; readonly id: string }
  | { readonly outcome: 'duplicate'; readonly id: string }
  | { readonly outcome: 'rate_limited'; readonly retryAfterSeconds: number };

export interface InquiryStore {
  /** The key of the pseudonyms in table keys. */
  pseudonymSecret(): Promise<Uint8Array>;
  save(write: InquiryWrite): Promise<SaveOutcome>;
}
