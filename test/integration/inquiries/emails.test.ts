// The emails of a lead, end to end: stored by the route, planned from the table's stream by the
// notifier, sent through SES (the emulator) — fast when all is well, late but once when SES is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  clinicConfigInUse,
  sesOutageState,
  testDynamoDb,
  waitForSesRefusal,
  withSesOutage,
} from '../support/index.ts';
import {
  emailsAbout,
  emailsAboutOnceHandled,
  getLead,
  INQUIRIES,
  newLead,
  waitForLeadEmails,
} from './helpers.ts';

const config = clinicConfigInUse();
/** The sender's address (MailComposer quotes the display name). */
const fromAddress = /<([^>]+)>/.exec(config.email.from)?.[1] ?? config.email.from;
const db = testDynamoDb();
afterAll(() => db.destroy());

beforeAll(async () => {
  // Warm the route and the notifier, so the 5-second test measures delivery, not module loading.
  const warm = newLead();
  expect((await api(INQUIRIES, { json: warm })).status).toBe(201);
  await waitForLeadEmails(warm.email);
});

describe('the emails of a lead', () => {
  it('reach the front desk and the patient within 5 seconds of a form post', async () => {
    const lead = newLead();
    const posted = Date.now();
    const response = await api(INQUIRIES, { form: lead });
    expect(response.status).toBe(303);
    const { staff, ack } = await waitForLeadEmails(lead.email, { timeoutMs: 5000 });
    expect(Date.now() - posted).toBeLessThan(5000);
    expect(staff).toHaveLength(1);
    expect(ack).toHaveLength(1);
  });

  it('are what API.md says: staff to email.staff with Reply-To the lead, every field escaped; the ack without the message', async () => {
    const lead = newLead({
      name: 'Pat <b>Bold</b> & Co',
      message: 'Pain <script>alert(1)</script>\nsecond line',
      phone: '201-555-0143',
      topic: 'Sciatica',
      insurance: 'Aetna',
      utm_source: 'newsletter',
    });
    const response = await api(INQUIRIES, { json: lead });
    const { id } = response.json<{ id: string }>();
    const { staff, ack } = await waitForLeadEmails(lead.email);
    const [toStaff] = staff;
    const [toLead] = ack;

    expect(toStaff?.subject).toBe('New website inquiry');
    expect(toStaff?.from).toContain(fromAddress);
    expect(toStaff?.destination.to.join(',')).toContain(config.email.staff[0]);
    expect(toStaff?.replyTo.join(',')).toContain(lead.email);
    expect(toStaff?.body.text).toContain('Name: Pat <b>Bold</b> & Co');
    expect(toStaff?.body.text).toContain('Phone: (201) 555-0143');
    expect(toStaff?.body.text).toContain('Topic: Sciatica');
    expect(toStaff?.body.text).toContain('Insurance provider: Aetna');
    expect(toStaff?.body.text).toContain('UTM source: newsletter');
    expect(toStaff?.body.text).toContain(`Reference: ${id}`);
    expect(toStaff?.body.html).toContain('Pat &lt;b&gt;Bold&lt;/b&gt; &amp; Co');
    expect(toStaff?.body.html).toContain('Pain &lt;script&gt;alert(1)&lt;/script&gt;<br>');
    expect(toStaff?.body.html).not.toContain('<script>');

    expect(toLead?.subject).toBe('We received your message');
    expect(toLead?.from).toContain(fromAddress);
    expect(toLead?.body.text).toContain(config.clinic.name);
    for (const body of [toLead?.body.text ?? '', toLead?.body.html ?? '']) {
      expect(body).not.toContain('Pain');
      expect(body).not.toContain('second line');
      expect(body).not.toContain('Pat');
      expect(body).not.toContain('Sciatica');
    }
    // Delivery is recorded on the lead, which is how a retry knows not to send again.
    const stored = await getLead(db, id);
    expect(stored).toMatchObject({ email_staff: { status: 'sent' }, email_ack: { status: 'sent' } });
  });

  it('are sent once the mail service is back when it was down at the time of the post: nothing lost, nothing doubled', async () => {
    const lead = newLead();
    const refusedBefore = (await sesOutageState()).refused;
    await withSesOutage(async () => {
      const started = Date.now();
      const response = await api(INQUIRIES, { json: lead });
      // The answer does not wait for, or depend on, the mail service.
      expect(response.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(2000);
      // The notifier tried (and failed) to send this lead's emails while SES was down.
      await waitForSesRefusal(lead.email);
      expect((await sesOutageState()).refused).toBeGreaterThan(refusedBefore);
      expect(await emailsAbout(lead.email)).toEqual({ staff: [], ack: [] });
    });
    const { staff, ack } = await waitForLeadEmails(lead.email, { timeoutMs: 20_000 });
    expect(staff).toHaveLength(1);
    expect(ack).toHaveLength(1);
    const after = await emailsAboutOnceHandled(lead.email);
    expect(after.staff).toHaveLength(1);
    expect(after.ack).toHaveLength(1);
  });
});
