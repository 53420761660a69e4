// Signing in: email and password, then whichever challenge Cognito asks for (a new password on
// the first sign-in, the authenticator's code, or setting the authenticator up).
import { type CognitoClient, CognitoError, type SignInStep, type Tokens } from '../cognito.ts';
import { field, h, replaceChildren } from '../dom.ts';
import type { SignOutReason } from '../session.ts';

const REASONS: Readonly<Record<SignOutReason, string>> = {
  user: 'You are signed out.',
  idle: 'You were signed out after 15 minutes without activity.',
  expired: 'Your session ended. Sign in again.',
};

export interface SignInOptions {
  readonly cognito: CognitoClient;
  readonly onSignedIn: (tokens: Tokens) => void;
  readonly reason?: SignOutReason;
}

function errorSlot() {
  return h('div', { class: 'form-problem' });
}

function showError(slot: HTMLElement, error: unknown) {
  const message =
    error instanceof CognitoError ? error.message : 'Signing in did not work. Try again in a moment.';
  slot.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', null, message)));
}

function card(title: string, intro: string | null, form: HTMLFormElement, note?: HTMLElement | null) {
  return h(
    'div',
    { class: 'signin-card' },
    h(
      'p',
      { class: 'signin-brand' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      'Clinic front desk',
    ),
    h('h1', { tabindex: '-1', class: 'view-title' }, title),
    note ?? null,
    intro ? h('p', { class: 'signin-intro' }, intro) : null,
    form,
  );
}

/** Renders the sign-in into `root` and moves focus to its heading. */
export function renderSignIn(root: HTMLElement, options: SignInOptions) {
  const { cognito } = options;

  function show(content: HTMLElement) {
    replaceChildren(root, h('main', { class: 'signin', id: 'main' }, content));
    root.querySelector<HTMLElement>('h1')?.focus();
  }

  async function advance(step: SignInStep, slot: HTMLElement) {
    switch (step.kind) {
      case 'signedIn':
        options.onSignedIn(step.tokens);
        return;
      case 'newPassword':
        show(newPasswordForm(step));
        return;
      case 'totp':
        show(totpForm(step));
        return;
      case 'totpSetup':
        try {
          const setup = await cognito.beginTotpSetup(step);
          show(totpSetupForm(step, setup));
        } catch (error) {
          showError(slot, error);
        }
        return;
    }
  }

  function submitting(form: HTMLFormElement, slot: HTMLElement, work: () => Promise<SignInStep>) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (button?.disabled) return;
      slot.replaceChildren();
      if (button) {
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
      }
      try {
        await advance(await work(), slot);
      } catch (error) {
        showError(slot, error);
      } finally {
        if (button) {
          button.disabled = false;
          button.removeAttribute('aria-busy');
        }
      }
    });
  }

  function passwordForm(): HTMLElement {
    const email = h('input', {
      type: 'email',
      name: 'email',
      autocomplete: 'username',
      required: true,
      spellcheck: 'false',
    });
    const password = h('input', {
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const slot = errorSlot();
    const form = h(
      'form',
      { class: 'stack', novalidate: false },
      slot,
      field(email, { label: 'Email' }),
      field(password, { label: 'Password' }),
      h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Sign in'),
    );
    submitting(form, slot, () => cognito.signIn(email.value, password.value));
    const note = options.reason
      ? h('div', { class: 'notice notice-info', role: 'status' }, h('p', null, REASONS[options.reason]))
      : null;
    return card('Sign in', null, form, note);
  }

  function newPasswordForm(step: SignInStep & { kind: 'newPassword' }): HTMLElement {
    const password = h('input', {
      type: 'password',
      name: 'newPassword',
      autocomplete: 'new-password',
      required: true,
      minlength: '12',
    });
    const again = h('input', {
      type: 'password',
      name: 'confirmPassword',
      autocomplete: 'new-password',
      required: true,
    });
    const slot = errorSlot();
    const form = h(
      'form',
      { class: 'stack' },
      slot,
      field(password, {
        label: 'New password',
        hint: 'At least 12 characters, with upper- and lower-case letters, a digit and a symbol.',
      }),
      field(again, { label: 'New password again' }),
      h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Set password and sign in'),
    );
    submitting(form, slot, async () => {
      if (password.value !== again.value) {
        throw new CognitoError('Mismatch', 'The two passwords are not the same.', '');
      }
      return cognito.setNewPassword(step, password.value);
    });
    return card(
      'Choose a new password',
      'This is your first sign-in: replace the temporary password with your own.',
      form,
    );
  }

  function codeInput() {
    return h('input', {
      type: 'text',
      name: 'code',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      pattern: '[0-9]{6}',
      maxlength: '6',
      required: true,
      class: 'code-input',
    });
  }

  function totpForm(step: SignInStep & { kind: 'totp' }): HTMLElement {
    const code = codeInput();
    const slot = errorSlot();
    const form = h(
      'form',
      { class: 'stack' },
      slot,
      field(code, { label: 'Code', hint: 'The 6-digit code your authenticator app shows for the clinic.' }),
      h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Verify and sign in'),
    );
    submitting(form, slot, () => cognito.answerTotp(step, code.value));
    return card('Enter your code', null, form);
  }

  function totpSetupForm(
    step: SignInStep & { kind: 'totpSetup' },
    setup: { secret: string; session: string; otpauthUri: string },
  ): HTMLElement {
    const code = codeInput();
    const slot = errorSlot();
    const form = h(
      'form',
      { class: 'stack' },
      h(
        'ol',
        { class: 'steps' },
        h(
          'li',
          null,
          'Open your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …) and add an account by entering a key.',
        ),
        h(
          'li',
          null,
          'Enter this key: ',
          h('code', { class: 'secret' }, setup.secret.replace(/(.{4})/g, '$1 ').trim()),
        ),
        h('li', null, 'Type the 6-digit code the app then shows.'),
      ),
      slot,
      field(code, { label: 'Code' }),
      h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'Verify and sign in'),
    );
    submitting(form, slot, () => cognito.finishTotpSetup(step, setup.session, code.value));
    return card(
      'Set up your authenticator',
      'The clinic asks for a code from an authenticator app at every sign-in.',
      form,
    );
  }

  show(passwordForm());
}
