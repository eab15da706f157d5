// The chat card: live analysis status, streamed answers with tool-call chips,
// starter questions, and each track's conversation restored from the session.
import { byId, el, announce } from './dom.js';
import { ChatConnection } from './chat-connection.js';
import { ChatHistory } from './chat-history.js';
import { Composer, MAX_QUESTION_CHARS } from './chat-composer.js';

/** The chat card's UI, driven by a ChatConnection. */
export class ChatPanel {
  constructor(creds, { onStatus, onConnection }) {
    this.creds = creds;
    this.onStatus = onStatus;
    this.onConnection = onConnection || (() => {});
    this.conn = null;
    this.trackId = null;
    this.trackStatus = null;
    this.pending = null;
    this.blocked = null;
    this.messages = [];
    this.history = new ChatHistory();
    this.log = byId('chat-log');
    this.stateNode = byId('chat-state');
    this.progress = byId('analysis-progress');
    this.composer = new Composer((text) => this.ask(text));
    byId('chat-form').addEventListener('submit', (e) => { e.preventDefault(); this.ask(this.composer.text); });
    window.addEventListener('online', () => this.conn && this.conn.nudge());
  }

  open(trackId) {
    this.close();
    this.log.replaceChildren();
    this.progress.replaceChildren();
    this.trackStatus = null;
    this.trackId = trackId;
    this.restore(trackId);
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
    this.trackId = null;
    this.updateInput();
  }

  /** Turns questions off with a reason (the demo's budget is spent), or back on with null. */
  setBlocked(reason) {
    this.blocked = reason || null;
    this.updateInput();
  }

  /** Shows the conversation kept for this track earlier in the session. */
  restore(trackId) {
    this.messages = this.history.load(trackId);
    for (const m of this.messages) this.log.append(this.bubble(m));
    if (this.messages.length) {
      this.log.append(el('div', { cls: 'msg msg-note', text: 'Earlier in this session. New questions start a fresh conversation for the assistant.' }));
    }
    this.scroll();
  }

  bubble(m) {
    if (m.role === 'user') return el('div', { cls: 'msg msg-user', text: m.text });
    if (m.role === 'error') return el('div', { cls: 'msg msg-error', text: m.text });
    const tools = el('div', { cls: 'tools' }, (m.tools || []).map((t) => el('span', { cls: 'chip chip-tool chip-ok', text: t, attrs: { 'data-tool': t, 'data-result': 'ok' } })));
    return el('div', { cls: 'msg msg-assistant', attrs: { 'data-state': 'done', 'data-restored': 'true' } }, [tools, el('div', { cls: 'msg-text', text: m.text })]);
  }

  remember(message) {
    if (!this.trackId) return;
    this.messages.push(message);
    this.history.save(this.trackId, this.messages);
  }

  /** Forgets every stored conversation (sign-out). */
  forgetAll() {
    this.history.clearAll();
    this.messages = [];
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
    this.onConnection(state, detail);
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

  ask(raw) {
    const text = String(raw || '').trim();
    if (!text || this.pending || this.blocked || !this.conn || !this.conn.isOpen) return;
    if (Array.from(text).length > MAX_QUESTION_CHARS) return;
    const question = el('div', { cls: 'msg msg-user', text });
    this.log.append(question);
    this.remember({ role: 'user', text });
    // On a phone the Ask bar is fixed to the screen, far from the conversation: bring the conversation up.
    if (getComputedStyle(byId('chat-form')).position === 'fixed') question.scrollIntoView({ block: 'center' });
    const bubble = el('div', { cls: 'msg-text' });
    const tools = el('div', { cls: 'tools' });
    const item = el('div', { cls: 'msg msg-assistant', attrs: { 'aria-busy': 'true', 'data-state': 'waiting', 'data-tokens': '0' } }, [tools, bubble]);
    this.log.append(item);
    this.pending = { item, bubble, tools, tokens: 0 };
    // A demo user's question counts as one request, like a POST (the server says so past the limit).
    if (this.conn.send({ type: 'question', text })) this.creds.noteRequest();
    if (this.composer.text === text) this.composer.clear();
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
    const tools = [...this.pending.tools.children].filter((c) => c.dataset.result === 'ok').map((c) => c.dataset.tool);
    this.remember({ role: 'assistant', text: this.pending.bubble.textContent, tools });
    this.finishPending('done');
    announce('Answer complete');
  }

  error(message, event = {}) {
    // "Demo request limit exceeded" carries the server's own count, as the HTTP 429 does.
    if (event.request_count !== undefined) this.creds.noteRequest(event.request_count, event.request_limit);
    this.log.append(el('div', { cls: 'msg msg-error', text: message }));
    this.remember({ role: 'error', text: message });
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
    const ready = this.trackStatus === 'ready' && Boolean(this.conn && this.conn.isOpen) && !this.blocked;
    const waiting = { ready: 'Reconnecting…', failed: 'Analysis failed: no questions' };
    // Typing stays possible while an answer streams; sending waits for it.
    this.composer.update({
      enabled: ready,
      canSend: ready && !this.pending,
      empty: !this.log.querySelector('.msg-user'),
      placeholder: this.blocked || (ready ? 'Type a question…' : waiting[this.trackStatus] || 'Waiting for the analysis…'),
    });
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
