/** The options `showReportDialog()` passes in the script's query string, with the defaults shown when absent. */
export const DIALOG_TEXT_DEFAULTS = {
  title: "It looks like we're having issues.",
  subtitle: 'Our team has been notified.',
  subtitle2: "If you'd like to help, tell us what happened below.",
  labelName: 'Name',
  labelEmail: 'Email',
  labelComments: 'What happened?',
  labelClose: 'Close',
  labelSubmit: 'Submit Crash Report',
  errorGeneric: 'Your report could not be sent. Please try again in a moment.',
  errorFormEntry: 'Some fields need correcting; they are marked below.',
  successMessage: 'Your feedback has been sent. Thank you!',
} as const;

export type DialogText = { -readonly [K in keyof typeof DIALOG_TEXT_DEFAULTS]: string };

export interface DialogConfig {
  /** Absolute URL the form posts to (this endpoint with the same query). */
  readonly endpoint: string;
  readonly text: DialogText;
  readonly prefill: { readonly name: string; readonly email: string };
}

/** Query options → the dialog's texts and prefill (`name` / `email`: showReportDialog's `user`). */
export function dialogConfig(endpoint: string, query: Readonly<Record<string, string | undefined>>): DialogConfig {
  const text = { ...DIALOG_TEXT_DEFAULTS } as DialogText;
  for (const key of Object.keys(DIALOG_TEXT_DEFAULTS) as (keyof DialogText)[]) {
    const value = query[key];
    if (value) text[key] = value;
  }
  return { endpoint, text, prefill: { name: query['name'] ?? '', email: query['email'] ?? '' } };
}

/** JSON that is also safe inside an HTML script element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The crash-report dialog as a self-contained script. Every text goes into
 * the page through `textContent` / `value`, never as markup, so no option can
 * inject HTML. Posting is a form-urlencoded XHR to the endpoint; a 400
 * answer's `errors` mark the named fields. Closing posts the message
 * `@sentry/browser` listens for to call `onClose`.
 */
export function renderDialogScript(config: DialogConfig): string {
  return `(function () {
  var CONFIG = ${scriptJson(config)};
  var CLOSED_MESSAGE = '__sentry_reportdialog_closed__';
  var FIELDS = ['name', 'email', 'comments'];
  var STYLE = '.sentry-error-embed-wrapper{position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);display:flex;align-items:center;justify-content:center;font:14px/1.4 sans-serif}'
    + '.sentry-error-embed{background:#fff;color:#222;max-width:480px;width:92%;padding:24px;border-radius:6px;box-shadow:0 4px 20px rgba(0,0,0,.3)}'
    + '.sentry-error-embed label{display:block;margin-top:12px;font-weight:600}'
    + '.sentry-error-embed input,.sentry-error-embed textarea{display:block;width:100%;box-sizing:border-box;padding:6px;margin-top:4px}'
    + '.sentry-error-embed .form-errors input,.sentry-error-embed .form-errors textarea{border:2px solid #c00}'
    + '.sentry-error-embed .message-error{color:#c00}.sentry-error-embed .message-success{color:#080}'
    + '.sentry-error-embed .form-submit{margin-top:16px;display:flex;gap:8px;justify-content:flex-end}';

  function el(tag, props) {
    var node = document.createElement(tag);
    for (var key in props) if (Object.prototype.hasOwnProperty.call(props, key)) {
      if (key === 'text') node.textContent = props[key];
      else if (key in node && key !== 'className') node[key] = props[key];
      else node.setAttribute(key === 'className' ? 'class' : key, props[key]);
    }
    return node;
  }

  function field(form, name, label, type) {
    var row = el('div', { className: 'form-field', 'data-field': name });
    var id = 'sentry-embed-' + name;
    row.appendChild(el('label', { htmlFor: id, text: label }));
    var input = type === 'textarea' ? el('textarea', { id: id, name: name, rows: 5, required: true })
      : el('input', { id: id, name: name, type: type, required: true });
    if (CONFIG.prefill[name]) input.value = CONFIG.prefill[name];
    row.appendChild(input);
    form.appendChild(row);
    return row;
  }

  function Embed(options) {
    this.options = options || {};
    this.build();
  }

  Embed.prototype.build = function () {
    var self = this, t = CONFIG.text;
    this.element = el('div', { className: 'sentry-error-embed-wrapper' });
    this.element.appendChild(el('style', { text: STYLE }));
    var dialog = el('div', { className: 'sentry-error-embed', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'sentry-embed-title' });
    dialog.appendChild(el('h2', { id: 'sentry-embed-title', text: t.title }));
    dialog.appendChild(el('p', { text: t.subtitle + ' ' + t.subtitle2 }));
    var form = this.form = el('form', { noValidate: true });
    this.rows = { name: field(form, 'name', t.labelName, 'text'), email: field(form, 'email', t.labelEmail, 'email'), comments: field(form, 'comments', t.labelComments, 'textarea') };
    this.message = el('p', { className: 'message', role: 'status' });
    form.appendChild(this.message);
    var buttons = el('div', { className: 'form-submit' });
    var close = el('button', { type: 'button', className: 'btn close', text: t.labelClose });
    this.submitButton = el('button', { type: 'submit', className: 'btn submit', text: t.labelSubmit });
    buttons.appendChild(close);
    buttons.appendChild(this.submitButton);
    form.appendChild(buttons);
    dialog.appendChild(form);
    this.element.appendChild(dialog);
    close.addEventListener('click', function () { self.close(); });
    this.element.addEventListener('click', function (e) { if (e.target === self.element) self.close(); });
    this.element.addEventListener('keydown', function (e) { if (e.key === 'Escape') self.close(); });
    form.addEventListener('submit', function (e) { e.preventDefault(); self.submit(); });
  };

  Embed.prototype.show = function (message, ok) {
    this.message.textContent = message;
    this.message.className = 'message ' + (ok ? 'message-success' : 'message-error');
  };

  Embed.prototype.submit = function () {
    var self = this, t = CONFIG.text;
    if (this.submitting) return;
    this.submitting = true;
    this.submitButton.disabled = true;
    var body = FIELDS.map(function (name) {
      return encodeURIComponent(name) + '=' + encodeURIComponent(self.form.elements[name].value);
    }).join('&');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', CONFIG.endpoint, true);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      self.submitting = false;
      self.submitButton.disabled = false;
      FIELDS.forEach(function (name) { self.rows[name].classList.remove('form-errors'); });
      if (xhr.status === 200) {
        self.form.querySelectorAll('.form-field, .form-submit .submit').forEach(function (node) { node.style.display = 'none'; });
        self.show(t.successMessage, true);
        return;
      }
      var errors = null;
      if (xhr.status === 400) {
        try { errors = JSON.parse(xhr.responseText).errors || null; } catch (ignored) { errors = null; }
      }
      if (errors) {
        FIELDS.forEach(function (name) { if (errors[name]) self.rows[name].classList.add('form-errors'); });
        self.show(t.errorFormEntry, false);
      } else {
        self.show(t.errorGeneric, false);
      }
    };
    xhr.send(body);
  };

  Embed.prototype.attach = function (parent) {
    this.previousFocus = document.activeElement;
    (parent || document.body).appendChild(this.element);
    var first = this.form.elements[CONFIG.prefill.name ? (CONFIG.prefill.email ? 'comments' : 'email') : 'name'];
    if (first) first.focus();
  };

  Embed.prototype.close = function () {
    if (this.element.parentNode) this.element.parentNode.removeChild(this.element);
    if (this.previousFocus && this.previousFocus.focus) this.previousFocus.focus();
    window.postMessage(CLOSED_MESSAGE, '*');
  };

  var options = window.sentryConfig || {};
  var embed = new Embed(options);
  function start() {
    if (options.attachOnLoad !== false) embed.attach(options.parent);
    if (typeof window.sentryEmbedCallback === 'function') window.sentryEmbedCallback(embed);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
}
