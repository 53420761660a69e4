// How many SMS segments a text body takes, as carriers count them: GSM-7 (3GPP TS 23.038's default
// alphabet, 160 septets in one segment, 153 per segment of a longer one, the extension characters
// taking two) when every character has a GSM-7 code, else UCS-2 (70 code units, 67 per segment of a
// longer one). A character is never split across segments. API.md asks reminders to fit one
// GSM-7 segment where they can; this is how to check.

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Sent as an escape and a second septet. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Whether a character is in GSM-7's basic set (one septet; not the extension table). */
export function isGsm7Basic(character: string): boolean {
  return GSM7_BASIC.has(character);
}

export interface SmsSegments {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the body takes. */
  readonly units: number;
  readonly segments: number;
}

function pack(sizes: readonly number[], single: number, multi: number): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= single) return total === 0 ? 0 : 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function smsSegments(body: string): SmsSegments {
  const characters = [...body];
  const gsm = characters.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  if (gsm) {
    const sizes = characters.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1));
    return { encoding: 'GSM-7', units: sizes.reduce((a, b) => a + b, 0), segments: pack(sizes, 160, 153) };
  }
  const sizes = characters.map((c) => c.length);
  return { encoding: 'UCS-2', units: body.length, segments: pack(sizes, 70, 67) };
}
