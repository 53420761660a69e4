import { describe, expect, it } from 'vitest';
import { buildLeadItem, type LeadItem } from '../../../shared/core/inquiries/lead.ts';
import {
  ACK_SUBJECT,
  renderAcknowledgement,
  renderStaffNotification,
  STAFF_SUBJECT,
} from '../../../shared/core/messages/inquiry-emails.ts';
import { planInquiryEmails } from '../../../shared/core/messages/inquiry-plan.ts';
import { clinic, submission } from './fixtures.ts';

const config = clinic();
const receivedAt = new Date('2026-12-01T04:04:00Z'); // 11:04 PM, Nov 30, in New York

function lead(overrides: Parameters<typeof submission>[0] = {}): LeadItem {
  return buildLeadItem(
    submission({
      name: 'Ada <b>Lovelace</b>',
      email: 'ada+clinic@example.com',
      phone: '+12015550199',
      message: 'My back hurts & I "can\'t" sit.\n<script>alert(1)</script>\nSecond line',
      topic: 'Low back pain',
      preferredContact: 'text',
      custom: { insurance: 'Aetna <PPO>' },
      attribution: {
        pageUrl: 'https://www.riverside.example/back?x=1&y=2',
        utm_source: 'google',
        gclid: 'Cj0<KC>',
      },
      ...overrides,
    }),
    { id: '01KBDJ5Z8Q6V0000000000000A', now: receivedAt, timeZone: 'America/New_York', inquiryDays: 730 },
  );
}

const PERSONAL = [
  'Ada',
  'Lovelace',
  'ada+clinic',
  '2015550199',
  '555-0199',
  'back hurts',
  'Low back pain',
  'Aetna',
];

describe('the staff notification', () => {
  const email = renderStaffNotification(config, lead());

  it('has a subject with no personal or health data', () => {
    expect(email.subject).toBe(STAFF_SUBJECT);
    expect(STAFF_SUBJECT).toBe('New website inquiry');
    for (const value of PERSONAL) expect(email.subject).not.toContain(value);
  });

  it('shows every field in the text body, the message with its lines', () => {
    expect(email.text).toContain('Name: Ada <b>Lovelace</b>');
    expect(email.text).toContain('Email: ada+clinic@example.com');
    expect(email.text).toContain('Phone: (201) 555-0199');
    expect(email.text).toContain('Prefers: Text message');
    expect(email.text).toContain('Topic: Low back pain');
    expect(email.text).toContain('Consent to be contacted: Yes');
    expect(email.text).toContain(
      'Message:\nMy back hurts & I "can\'t" sit.\n<script>alert(1)</script>\nSecond line',
    );
  });

  it('shows custom fields under their labels', () => {
    expect(email.text).toContain('Insurance provider: Aetna <PPO>');
    expect(email.html).toContain('Insurance provider</th><td');
    expect(email.html).toContain('Aetna &lt;PPO&gt;');
  });

  it('still shows a custom field the config no longer declares, by its name', () => {
    const text = renderStaffNotification(config, lead({ custom: { referral: 'Dr. Who' } })).text;
    expect(text).toContain('referral: Dr. Who');
  });

  it('shows the attribution', () => {
    expect(email.text).toContain('Where it came from\nPage: https://www.riverside.example/back?x=1&y=2');
    expect(email.text).toContain('UTM source: google');
    expect(email.text).toContain('Google Ads click id (gclid): Cj0<KC>');
    expect(email.html).toContain('https://www.riverside.example/back?x=1&amp;y=2');
  });

  it("gives the received time in the clinic's time zone", () => {
    expect(email.text).toContain('Received: Mon, Nov 30, 2026, 11:04 PM EST');
    expect(renderStaffNotification(clinic({ clinic: { timeZone: 'Europe/Berlin' } }), lead()).text).toContain(
      'Received: Tue, Dec 1, 2026, 5:04 AM GMT+1',
    );
  });

  it('escapes every value in the HTML body', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Lovelace');
    expect(email.html).not.toContain('<PPO>');
    expect(email.html).not.toContain('Cj0<KC>');
    expect(email.html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>');
    expect(email.html).toContain('My back hurts &amp; I &quot;can&#39;t&quot; sit.<br>');
  });

  it('links the address and the phone number so a phone can act on them', () => {
    expect(email.html).toContain('href="mailto:ada+clinic@example.com"');
    expect(email.html).toContain('href="tel:+12015550199"');
  });

  it('is in the clinic name, in a layout made for a phone', () => {
    expect(email.html).toContain('name="viewport"');
    expect(email.html).toContain('Riverside Spine &amp; Sports');
    expect(email.text).toContain('Riverside Spine & Sports');
  });

  it('omits what the lead did not give', () => {
    const bare = renderStaffNotification(
      config,
      lead({ phone: undefined, topic: undefined, preferredContact: undefined, custom: {}, attribution: {} }),
    );
    expect(bare.text).not.toMatch(/Phone:|Topic:|Prefers:|Insurance provider:|Where it came from/);
  });
});

describe('the acknowledgement', () => {
  const email = renderAcknowledgement(config, lead());

  it('has a subject with no personal or health data', () => {
    expect(email.subject).toBe(ACK_SUBJECT);
    expect(ACK_SUBJECT).toBe('We received your message');
  });

  it('repeats nothing the patient typed: not the message, not the name, not the topic', () => {
    for (const body of [email.text, email.html]) {
      for (const value of [...PERSONAL, 'script', 'Second line', 'sit.']) expect(body).not.toContain(value);
    }
  });

  it("speaks in the clinic's name and time zone, with its phone number", () => {
    expect(email.text).toContain('Thank you for contacting Riverside Spine & Sports.');
    expect(email.text).toContain('We received your message on Mon, Nov 30, 2026, 11:04 PM EST');
    expect(email.text).toContain('please call us at (201) 555-0143');
    expect(email.html).toContain('href="tel:+12015550143"');
    expect(email.html).toContain('Riverside Spine &amp; Sports');
  });

  it('says what to do in an emergency, and what to do if it was not you', () => {
    expect(email.text).toContain('emergency');
    expect(email.text).toContain("If that wasn't you, you can ignore this email.");
  });

  it('works for a clinic without a phone number', () => {
    const text = renderAcknowledgement(clinic({ clinic: { phone: undefined } }), lead()).text;
    expect(text).not.toContain('call us at');
  });
});

describe('planInquiryEmails (outbox planner for kind "inquiry")', () => {
  const insert = (item: LeadItem) => ({ eventName: 'INSERT' as const, newItem: { ...item } });

  it('plans the staff notification and the acknowledgement, with stable ids', () => {
    const item = lead();
    const emails = planInquiryEmails(config, insert(item));
    expect(emails.map((e) => e.id)).toEqual(['staff', 'ack']);
    const [staff, ack] = emails;
    expect(staff?.to).toEqual(['frontdesk@riverside.example', 'manager@riverside.example']);
    expect(staff?.replyTo).toBe('ada+clinic@example.com');
    expect(staff?.subject).toBe('New website inquiry');
    expect(ack?.to).toEqual(['ada+clinic@example.com']);
    // The patient's reply goes to the front desk, not to the unattended sender.
    expect(ack?.replyTo).toEqual(['frontdesk@riverside.example', 'manager@riverside.example']);
    expect(ack?.subject).toBe('We received your message');
    expect(planInquiryEmails(config, insert(item))).toEqual(emails);
  });

  it('sends no acknowledgement when email.autoReply is off', () => {
    const emails = planInquiryEmails(clinic({ email: { autoReply: false } }), insert(lead()));
    expect(emails.map((e) => e.id)).toEqual(['staff']);
  });

  it('never emails about spam', () => {
    expect(planInquiryEmails(config, insert(lead({ spam: true })))).toEqual([]);
  });

  it('plans nothing for a removed lead, or for other kinds of item', () => {
    expect(planInquiryEmails(config, { eventName: 'REMOVE', oldItem: { ...lead() } })).toEqual([]);
    expect(
      planInquiryEmails(config, { eventName: 'INSERT', newItem: { kind: 'inquiry-dedupe', leadId: 'x' } }),
    ).toEqual([]);
  });

  it('plans the same ids on a later change, so the outbox sends none of them twice', () => {
    const item = { ...lead() };
    const ids = planInquiryEmails(config, {
      eventName: 'MODIFY',
      oldItem: item,
      newItem: { ...item, note: 'x' },
    }).map((e) => e.id);
    expect(ids).toEqual(['staff', 'ack']);
  });
});
