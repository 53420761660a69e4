// CSV exports: fetched with the Bearer token (a plain link could not carry it) and handed to
// the browser as a download through a Blob URL.
import { field, h } from '../dom.ts';
import { addDays, todayIn } from '../format.ts';
import { clearProblem, showProblem, successNotice, type ViewContext, viewHeading, whileBusy } from '../ui.ts';

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the URL is let go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function renderExport(main: HTMLElement, ctx: ViewContext) {
  const today = todayIn(ctx.timeZone, ctx.now());
  const from = h('input', { type: 'date', name: 'from', required: true, value: addDays(today, -30) });
  const to = h('input', { type: 'date', name: 'to', required: true, value: today });
  const problem = h('div');
  const done = h('div', { role: 'status' });
  const form = h(
    'form',
    { class: 'stack' },
    h('div', { class: 'row row-tight' }, field(from, { label: 'From' }), field(to, { label: 'To' })),
  );

  const exportButton = (what: 'inquiries' | 'bookings', label: string) => {
    const button = h('button', { type: 'button', class: 'button button-primary' }, label);
    button.addEventListener('click', async () => {
      clearProblem(problem, form);
      done.replaceChildren();
      try {
        const { blob, filename } = await whileBusy(button, 'Preparing…', () =>
          ctx.api.download(`/v1/staff/exports/${what}.csv`, { from: from.value, to: to.value }),
        );
        const name =
          filename ?? `${what === 'inquiries' ? 'leads' : 'bookings'}-${from.value}-to-${to.value}.csv`;
        saveBlob(blob, name);
        done.replaceChildren(successNotice(`Downloaded ${name}.`, false));
      } catch (error) {
        showProblem(problem, error, form);
      }
    });
    return button;
  };

  main.replaceChildren(
    h(
      'div',
      { class: 'view-header' },
      h(
        'div',
        null,
        viewHeading('Export'),
        h(
          'p',
          { class: 'view-subtitle' },
          'Spreadsheets (CSV) for the office: they open in Excel, Numbers and Google Sheets.',
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel panel-narrow' },
      problem,
      form,
      h(
        'div',
        { class: 'button-row' },
        exportButton('inquiries', 'Download leads (CSV)'),
        exportButton('bookings', 'Download bookings (CSV)'),
      ),
      done,
      h(
        'p',
        { class: 'hint' },
        'Each export is recorded in the audit trail. The files hold patients’ personal data: keep them on the clinic’s computers only.',
      ),
    ),
  );
  main.querySelector<HTMLElement>('h1')?.focus();
}
