// The demo's request budget: the quota line in the top bar and, once it is
// spent, uploads and questions turned off with a way to sign in instead.
import { byId, announce } from './dom.js';

/** What the server counts against a demo: POST/DELETE under /api/ and chat questions. */
export const COUNTED = 'uploads, deletions or questions';

/** "4 of 5 uploads, deletions or questions left" */
export function quotaText(quota) {
  return `${Math.max(0, quota.limit - quota.used)} of ${quota.limit} ${COUNTED} left`;
}

// The demo's limit is only known once a demo has started (POST /api/auth/demo/ returns it);
// kept for the tab so the landing hint can state the number after signing out.
const LIMIT_KEY = 'audio-analysis.demo-limit';

/** The landing hint: the real number when known, else a true statement without one. */
export function demoHintText(limit) {
  return limit > 0
    ? `No account needed: ${limit} ${COUNTED}.`
    : `No account needed: a limited number of ${COUNTED}, stated once the demo starts.`;
}

/** Keeps the quota line, the spent panel, the uploader and the chat in step with the credentials. */
export class DemoLimit {
  constructor(creds, { uploader, chat, onContinue }) {
    this.creds = creds;
    this.uploader = uploader;
    this.chat = chat;
    byId('continue-signin').addEventListener('click', onContinue);
  }

  get spent() {
    const quota = this.creds.quota;
    return Boolean(quota && quota.used >= quota.limit);
  }

  /** States the demo's limit on the sign-in bar, from the last demo of this tab if there was one. */
  renderHint() {
    const quota = this.creds.quota;
    let limit = quota ? quota.limit : 0;
    try {
      if (limit) sessionStorage.setItem(LIMIT_KEY, String(limit));
      else limit = Number(sessionStorage.getItem(LIMIT_KEY)) || 0;
    } catch { /* storage unavailable: the hint stays general */ }
    byId('demo-hint').textContent = demoHintText(limit);
  }

  render() {
    this.renderHint();
    const quota = this.creds.quota;
    const node = byId('demo-quota');
    node.textContent = quota ? quotaText(quota) : '';
    node.classList.toggle('is-low', Boolean(quota && quota.limit - quota.used <= 1));
    const spent = this.spent;
    if (spent && !this.wasSpent) announce(`Demo limit reached: sign in to continue`);
    this.wasSpent = spent;
    const reason = spent ? `The demo’s ${quota.limit} ${COUNTED} are used up — sign in to continue` : null;
    byId('demo-spent').hidden = !spent;
    byId('demo-spent-text').textContent = spent
      ? `This demo allowed ${quota.limit} ${COUNTED}, and they are used up. Sign in with an account or an API key to go on.`
      : '';
    this.uploader.setBlocked(reason);
    this.chat.setBlocked(reason);
  }
}
