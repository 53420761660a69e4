// Building the DOM safely: elements from createElement, text from text nodes, never innerHTML,
// so a patient's name or message can never become markup.

type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler<K extends keyof HTMLElementEventMap> = (event: HTMLElementEventMap[K]) => void;

export interface Props {
  readonly class?: string;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: Handler<K> };
  readonly [attribute: string]: unknown;
}

function append(parent: Node, child: Child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

/** `h('button', {type: 'button', on: {click}}, 'Save')`: attributes by name, booleans as presence. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value as Record<string, EventListener>)) {
        element.addEventListener(event, handler);
      }
    } else if (name === 'class') {
      if (value) element.className = String(value);
    } else if (name === 'value' && 'value' in element) {
      (element as HTMLInputElement).value = String(value ?? '');
    } else if (name === 'checked' && element instanceof HTMLInputElement) {
      element.checked = Boolean(value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== undefined && value !== null) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function replaceChildren(parent: Element, ...children: Child[]) {
  parent.replaceChildren();
  append(parent, children);
}

let idCounter = 0;
/** An id unique in the page, to tie a label or a description to its control. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

export interface FieldOptions {
  readonly label: string;
  readonly hint?: string;
  readonly class?: string;
}

/** A labelled control with an optional hint and a slot for its error, wired by ids. */
export function field(
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  options: FieldOptions,
) {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = options.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const describedBy = [hintId].filter(Boolean).join(' ');
  if (describedBy) control.setAttribute('aria-describedby', describedBy);
  const wrapper = h(
    'div',
    { class: `field ${options.class ?? ''}`.trim(), 'data-field': control.name || undefined },
    h('label', { for: id }, options.label),
    options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null,
    error,
    control,
  );
  return wrapper;
}

/** Shows a field's error from the API (`errors[].path`) next to it, or clears it. */
export function setFieldError(form: HTMLElement, name: string, message: string | undefined) {
  const wrapper = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
  if (!wrapper) return false;
  const error = wrapper.querySelector<HTMLElement>('.field-error');
  const control = wrapper.querySelector<HTMLElement>('input, select, textarea');
  if (!error || !control) return false;
  error.textContent = message ?? '';
  error.hidden = !message;
  const described = (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter((x) => x && x !== error.id);
  if (message) {
    described.push(error.id);
    control.setAttribute('aria-invalid', 'true');
  } else {
    control.removeAttribute('aria-invalid');
  }
  if (described.length) control.setAttribute('aria-describedby', described.join(' '));
  else control.removeAttribute('aria-describedby');
  return true;
}
