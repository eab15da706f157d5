// Credentials: JWT pair (demo or e-mail login) or an API key, kept in
// sessionStorage, with the access token refreshed before it expires.

const STORAGE_KEY = 'audio-analysis.credentials';
const REFRESH_MARGIN_S = 60;

/** Decodes a JWT's payload without verifying it (the server verifies). */
export function decodeJwt(token) {
  try {
    const part = token.split('.')[1];
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/** Holds the current credentials and emits `change` whenever they change. */
export class Credentials extends EventTarget {
  constructor(storage = window.sessionStorage) {
    super();
    this.storage = storage;
    this.state = this.load();
    this.refreshTimer = 0;
    this.refreshing = null;
  }

  load() {
    try { return JSON.parse(this.storage.getItem(STORAGE_KEY) || 'null'); } catch { return null; }
  }

  save(reason) {
    if (this.state) this.storage.setItem(STORAGE_KEY, JSON.stringify(this.state));
    else this.storage.removeItem(STORAGE_KEY);
    this.scheduleRefresh();
    this.dispatchEvent(new CustomEvent('change', { detail: { reason } }));
  }

  get signedIn() { return Boolean(this.state && (this.state.access || this.state.apiKey)); }
  get isDemo() { return Boolean(this.state && this.state.isDemo); }
  get usesApiKey() { return Boolean(this.state && this.state.apiKey); }
  get email() { return this.state ? this.state.email || '' : ''; }
  get quota() {
    if (!this.isDemo || !this.state.limit) return null;
    return { used: this.state.used || 0, limit: this.state.limit };
  }

  /** Seconds until the access token expires (Infinity for API keys). */
  secondsLeft() {
    if (!this.state || this.state.apiKey) return Infinity;
    const exp = decodeJwt(this.state.access).exp;
    return typeof exp === 'number' ? exp - Date.now() / 1000 : Infinity;
  }

  setTokens(body, email = '') {
    this.state = {
      access: body.access, refresh: body.refresh, isDemo: Boolean(body.is_demo),
      limit: body.request_limit || null, used: 0, email,
    };
    this.save('signin');
  }

  setApiKey(key) {
    this.state = { apiKey: key };
    this.save('signin');
  }

  signOut(reason = 'signout') {
    this.state = null;
    this.save(reason);
  }

  /** Records one counted demo request, or the server's own count after a 429. */
  noteRequest(count, limit) {
    if (!this.isDemo) return;
    this.state.used = count ?? (this.state.used || 0) + 1;
    if (limit) this.state.limit = limit;
    this.save('quota');
  }

  authHeaders() {
    if (!this.state) return {};
    if (this.state.apiKey) return { 'X-API-Key': this.state.apiKey };
    return { Authorization: `Bearer ${this.state.access}` };
  }

  /** The query string that authenticates a WebSocket. */
  wsQuery() {
    if (!this.state) return '';
    if (this.state.apiKey) return `api_key=${encodeURIComponent(this.state.apiKey)}`;
    return `token=${encodeURIComponent(this.state.access)}`;
  }

  /** Seconds before expiry to refresh: a minute, or a quarter of a short token's life. */
  refreshMargin() {
    const claims = this.state && this.state.access ? decodeJwt(this.state.access) : {};
    const life = claims.exp - claims.iat;
    return Number.isFinite(life) && life > 0 ? Math.min(REFRESH_MARGIN_S, life / 4) : REFRESH_MARGIN_S;
  }

  /** Refreshes the access token if it expires soon; resolves when usable. */
  async ensureFresh() {
    if (!this.state || this.state.apiKey) return;
    if (this.secondsLeft() > this.refreshMargin() / 2) return;
    await this.refresh();
  }

  /** Exchanges the refresh token for a new access token (one at a time). */
  refresh() {
    if (!this.state || !this.state.refresh) return Promise.resolve(false);
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.state.refresh;
    this.refreshing = fetch('/api/auth/refresh/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh: refreshToken }),
    }).then(async (res) => {
      if (res.ok) {
        const body = await res.json();
        if (this.state && this.state.refresh === refreshToken) {
          this.state.access = body.access;
          this.save('refresh');
        }
        return true;
      }
      if (res.status === 401 || res.status === 400) this.signOut('expired');
      return false;
    }).catch(() => false).finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    if (!this.state || this.state.apiKey) return;
    const left = this.secondsLeft();
    if (!Number.isFinite(left)) return;
    const margin = this.refreshMargin();
    const delay = Math.max(1, left - margin) * 1000;
    // Timers stall in sleeping tabs; re-check at least every 10 minutes.
    this.refreshTimer = setTimeout(() => {
      if (this.secondsLeft() <= margin) this.refresh(); else this.scheduleRefresh();
    }, Math.min(delay, 600_000));
  }
}
