// What an email or invite says about changing a booking: the real deadlines of its change window
// (shared/core/scheduling/change-window.ts) in the clinic's time, or the clinic's phone when none is
// left — never a rule of thumb ("until 24 hours before") that the API might refuse a minute later.
// Times are cut to the minute, so a deadline shown is never later than the one the API keeps.
import { clinicPhoneDisplay } from '#clinic-phone';
import type { ClinicConfig } from '../config/schema.ts';
import type { ChangeWindow } from '../scheduling/change-window.ts';
import { shortWhen } from '../scheduling/format.ts';

export interface ChangeLine {
  readonly text: string;
  /** The manage link, when the sentence offers to change online. */
  readonly link?: string;
}

/** "call us at (201) 555-0143", or, without a phone in the config, the Reply-To front desk. */
export function howToReachUs(clinic: ClinicConfig['clinic']): string {
  return clinic.phone ? `call us at ${clinicPhoneDisplay(clinic)}` : 'reply to this email';
}

/**
 * The sentences about changing the booking: where it can still be done online, the deadline and
 * the link; then how to reach the clinic for the rest. Without a manage link nothing is offered online.
 */
export function changeLines(
  config: ClinicConfig,
  window: ChangeWindow,
  manageUrl: string | undefined,
): ChangeLine[] {
  const zone = config.clinic.timeZone;
  const reach = howToReachUs(config.clinic);
  const { moveUntil, cancelUntil } = manageUrl ? window : {};
  const when = (instant: Date) => shortWhen(instant, zone);
  if (moveUntil && cancelUntil && when(moveUntil) === when(cancelUntil)) {
    return [
      { text: `You can change or cancel this online until ${when(moveUntil)}:`, link: manageUrl },
      { text: `After that, or with any question, ${reach}.` },
    ];
  }
  if (moveUntil && cancelUntil) {
    return [
      {
        text: `You can change this online until ${when(moveUntil)}, and cancel it online until ${when(cancelUntil)}:`,
        link: manageUrl,
      },
      { text: `After that, or with any question, ${reach}.` },
    ];
  }
  if (cancelUntil) {
    return [
      { text: `Booked by mistake? You can cancel this online until ${when(cancelUntil)}:`, link: manageUrl },
      { text: `To change it, or to cancel after that, ${reach}.` },
    ];
  }
  return [{ text: `To change or cancel it, ${reach}.` }];
}

/** The same sentences as plain text, each link after its sentence. */
export function changeText(lines: readonly ChangeLine[]): string {
  return lines.map((line) => (line.link ? `${line.text} ${line.link}` : line.text)).join('\n');
}
