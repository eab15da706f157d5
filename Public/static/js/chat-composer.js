// The question box: a textarea that grows with its text, a live count against
// the server's 4000-character limit (text is never cut), Enter to send and
// Shift+Enter for a new line, and starter questions for an empty conversation.
import { byId, el, announce } from './dom.js';

/** The server's limit, counted in Unicode scalars as it counts them. */
export const MAX_QUESTION_CHARS = 4000;
export const STARTERS = ["What's the tempo?", 'What key is it in?', 'How loud is it?', 'Describe the sound'];

/** Characters as the server counts them (code points, not UTF-16 units). */
export function questionLength(text) {
  return Array.from(text).length;
}

/** Wires the textarea, counter and starter buttons; `onAsk(text)` sends a question. */
export class Composer {
  constructor(onAsk) {
    this.onAsk = onAsk;
    this.input = byId('chat-input');
    this.send = byId('chat-send');
    this.count = byId('chat-count');
    this.starters = byId('chat-starters');
    this.enabled = false;
    this.canSend = false;
    this.overAnnounced = false;
    this.starters.replaceChildren(...STARTERS.map((text) => {
      const button = el('button', { cls: 'btn btn-small starter', text, attrs: { type: 'button' } });
      button.addEventListener('click', () => this.onAsk(text));
      return button;
    }));
    this.input.addEventListener('input', () => this.changed());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        byId('chat-form').requestSubmit();
      }
    });
  }

  get text() { return this.input.value.trim(); }

  get tooLong() { return questionLength(this.input.value.trim()) > MAX_QUESTION_CHARS; }

  clear() {
    this.input.value = '';
    this.changed();
  }

  /** Enables typing (`enabled`) and sending (`canSend`); shows starters when `empty`. */
  update({ enabled, canSend, empty, placeholder }) {
    this.enabled = enabled;
    this.canSend = canSend;
    this.input.disabled = !enabled;
    this.input.placeholder = placeholder;
    this.starters.hidden = !(empty && enabled);
    for (const button of this.starters.children) button.disabled = !canSend;
    this.refreshSend();
  }

  changed() {
    this.grow();
    const n = questionLength(this.input.value.trim());
    const over = n > MAX_QUESTION_CHARS;
    this.count.textContent = over
      ? `${n} / ${MAX_QUESTION_CHARS} — ${n - MAX_QUESTION_CHARS} over the limit, shorten it to send`
      : `${n} / ${MAX_QUESTION_CHARS}`;
    this.count.classList.toggle('is-over', over);
    this.count.classList.toggle('is-near', !over && n > MAX_QUESTION_CHARS * 0.9);
    this.input.setAttribute('aria-invalid', String(over));
    // The counter is not a live region (it changes on every key); crossing the limit is announced once.
    if (over && !this.overAnnounced) announce(`Question too long: the limit is ${MAX_QUESTION_CHARS} characters`);
    this.overAnnounced = over;
    this.refreshSend();
  }

  refreshSend() {
    this.send.disabled = !this.canSend || !this.text || this.tooLong;
  }

  /** Grows the box with its content, up to the CSS max-height. */
  grow() {
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight + 2}px`;
  }
}
