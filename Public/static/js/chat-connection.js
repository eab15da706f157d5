// One track's chat WebSocket: reconnection with exponential backoff and
// jitter, one token refresh on 4001, no retry after 4001/4004.

const NO_RETRY = { 4001: 'unauthorized', 4004: 'not-found' };
const MAX_BACKOFF_MS = 10000;

/** One track's WebSocket, reconnecting until closed or refused (4001/4004). */
export class ChatConnection {
  constructor(creds, trackId, { onState, onEvent }) {
    this.creds = creds;
    this.trackId = trackId;
    this.onState = onState;
    this.onEvent = onEvent;
    this.socket = null;
    this.attempt = 0;
    this.timer = 0;
    this.closed = false;
    this.connects = 0;
    this.refreshedFor4001 = false;
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws/chat/${encodeURIComponent(this.trackId)}/?${this.creds.wsQuery()}`;
  }

  async connect() {
    if (this.closed) return;
    this.onState('connecting');
    await this.creds.ensureFresh();
    if (this.closed) return;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.refreshedFor4001 = false;
      this.connects += 1;
      this.onState('open', { connects: this.connects });
    });
    socket.addEventListener('message', (e) => {
      if (socket !== this.socket) return;
      let event;
      try { event = JSON.parse(e.data); } catch { return; }
      if (event && typeof event.type === 'string') this.onEvent(event);
    });
    socket.addEventListener('close', (e) => { if (socket === this.socket) this.closedWith(e.code); });
  }

  async closedWith(code) {
    this.socket = null;
    if (this.closed) return;
    if (code === 4001 && !this.creds.usesApiKey && !this.refreshedFor4001) {
      // The token may simply have expired while we were away: refresh once.
      this.refreshedFor4001 = true;
      if (await this.creds.refresh()) { this.connect(); return; }
    }
    if (NO_RETRY[code]) { this.closed = true; this.onState(NO_RETRY[code], { code }); return; }
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    this.onState('reconnecting', { code, delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnects at once (e.g. when the network comes back). */
  nudge() {
    if (this.closed || this.socket) return;
    clearTimeout(this.timer);
    this.connect();
  }

  get isOpen() { return Boolean(this.socket && this.socket.readyState === WebSocket.OPEN); }

  send(message) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) { const s = this.socket; this.socket = null; s.close(1000); }
  }
}
