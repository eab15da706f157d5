// Chat over the track's WebSocket: live analysis status, streamed answers,
// tool-call chips and reconnection with exponential backoff.
import { byId, el, announce } from './dom.js';

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

/** The chat card's UI, driven by a ChatConnection. */
export class ChatPanel {
  constructor(creds, { onStatus }) {
    this.creds = creds;
    this.onStatus = onStatus;
    this.conn = null;
    this.trackStatus = null;
    this.pending = null;
    this.log = byId('chat-log');
    this.stateNode = byId('chat-state');
    this.progress = byId('analysis-progress');
    this.input = byId('chat-input');
    this.send = byId('chat-send');
    byId('chat-form').addEventListener('submit', (e) => { e.preventDefault(); this.ask(); });
    window.addEventListener('online', () => this.conn && this.conn.nudge());
  }

  open(trackId) {
    this.close();
    this.log.replaceChildren();
    this.progress.replaceChildren();
    this.trackStatus = null;
    this.conn = new ChatConnection(this.creds, trackId, {
      onState: (state, detail) => this.connectionState(state, detail || {}),
      onEvent: (event) => this.handle(event),
    });
    this.conn.connect();
  }

  close() {
    if (this.conn) this.conn.close();
    this.conn = null;
    this.finishPending('interrupted');
    this.updateInput();
  }

  connectionState(state, detail) {
    const labels = {
      connecting: 'Connecting…', open: 'Connected',
      reconnecting: `Connection lost — retrying in ${Math.ceil((detail.delay || 0) / 1000)} s`,
      unauthorized: 'Unauthorized — please sign in again', 'not-found': 'Track not found',
    };
    this.stateNode.textContent = labels[state] || state;
    this.stateNode.className = `conn conn-${state}`;
    this.stateNode.dataset.state = state;
    if (detail.code) this.stateNode.dataset.closeCode = String(detail.code);
    if (detail.connects) this.stateNode.dataset.connects = String(detail.connects);
    if (state === 'open' && detail.connects > 1 && this.log.querySelector('.msg-user')) {
      // A new socket is a new conversation on the server side.
      this.log.append(el('div', { cls: 'msg msg-note', text: 'Reconnected. Earlier questions are not part of the new conversation.' }));
    }
    if (state !== 'open') this.finishPending('interrupted');
    if (state === 'not-found' || state === 'unauthorized') this.onStatus(null, labels[state], state);
    this.updateInput();
  }

  handle(event) {
    switch (event.type) {
      case 'status': this.status(event); break;
      case 'thinking': this.thinking(String(event.message || '')); break;
      case 'tool_call': this.toolCall(event.tool); break;
      case 'tool_result': this.toolResult(event.tool, event.success !== false); break;
      case 'token': this.token(String(event.text || '')); break;
      case 'done': this.done(event.full_response); break;
      case 'error': this.error(String(event.message || 'Error'), event); break;
      default: break;
    }
  }

  status(event) {
    this.trackStatus = event.status;
    if (event.status === 'ready' || event.status === 'failed') this.progress.classList.add('is-finished');
    else this.progress.classList.remove('is-finished');
    this.onStatus(event.status, event.message || '');
    this.updateInput();
  }

  thinking(message) {
    // "Rhythm analysis: running" → one line per agent, updated in place.
    const match = /^(.*?):\s*(\w+)$/.exec(message);
    const key = match ? match[1] : message;
    let item = [...this.progress.children].find((li) => li.dataset.key === key);
    if (!item) {
      item = el('li', { attrs: { 'data-key': key } });
      this.progress.append(item);
    }
    item.textContent = message;
    item.className = match ? `step step-${match[2].toLowerCase()}` : 'step';
  }

  ask() {
    const text = this.input.value.trim();
    if (!text || this.pending || !this.conn || !this.conn.isOpen) return;
    this.log.append(el('div', { cls: 'msg msg-user', text }));
    const bubble = el('div', { cls: 'msg-text' });
    const tools = el('div', { cls: 'tools' });
    const item = el('div', { cls: 'msg msg-assistant', attrs: { 'aria-busy': 'true', 'data-state': 'waiting', 'data-tokens': '0' } }, [tools, bubble]);
    this.log.append(item);
    this.pending = { item, bubble, tools, tokens: 0 };
    // A demo user's question counts as one request, like a POST (the server says so past the limit).
    if (this.conn.send({ type: 'question', text })) this.creds.noteRequest();
    this.input.value = '';
    this.updateInput();
    this.scroll();
  }

  toolCall(tool) {
    if (!this.pending) return;
    this.pending.tools.append(el('span', { cls: 'chip chip-tool', text: String(tool), attrs: { 'data-tool': String(tool) } }));
  }

  toolResult(tool, success) {
    if (!this.pending) return;
    const chips = [...this.pending.tools.children].filter((c) => c.dataset.tool === String(tool) && !c.dataset.result);
    const chip = chips[0] || this.pending.tools.appendChild(el('span', { cls: 'chip chip-tool', text: String(tool), attrs: { 'data-tool': String(tool) } }));
    chip.dataset.result = success ? 'ok' : 'failed';
    chip.classList.add(success ? 'chip-ok' : 'chip-failed');
    chip.setAttribute('title', success ? 'tool succeeded' : 'tool failed');
  }

  token(text) {
    if (!this.pending) return;
    this.pending.tokens += 1;
    this.pending.item.dataset.tokens = String(this.pending.tokens);
    this.pending.item.dataset.state = 'streaming';
    this.pending.bubble.append(text);
    this.scroll();
  }

  done(full) {
    if (!this.pending) return;
    if (typeof full === 'string' && full) this.pending.bubble.textContent = full;
    this.finishPending('done');
    announce('Answer complete');
  }

  error(message, event = {}) {
    // "Demo request limit exceeded" carries the server's own count, as the HTTP 429 does.
    if (event.request_count !== undefined) this.creds.noteRequest(event.request_count, event.request_limit);
    this.log.append(el('div', { cls: 'msg msg-error', text: message }));
    if (this.pending) this.finishPending('error');
    this.scroll();
  }

  finishPending(state) {
    if (!this.pending) return;
    const { item, bubble } = this.pending;
    item.dataset.state = state;
    item.removeAttribute('aria-busy');
    if (state === 'interrupted' && !bubble.textContent) bubble.textContent = '(connection lost before an answer arrived)';
    this.pending = null;
    this.updateInput();
  }

  updateInput() {
    const ready = this.trackStatus === 'ready' && Boolean(this.conn && this.conn.isOpen);
    // Typing stays possible while an answer streams; sending waits for it.
    this.input.disabled = !ready;
    this.send.disabled = !ready || Boolean(this.pending);
    const waiting = { ready: 'Reconnecting…', failed: 'Analysis failed: no questions' };
    this.input.placeholder = ready ? 'e.g. What\'s the tempo?' : waiting[this.trackStatus] || 'Waiting for the analysis…';
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
