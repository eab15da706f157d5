// Each track's conversation kept in sessionStorage, so it survives a reload or
// a visit to another track within the tab; cleared on sign-out.

const PREFIX = 'audio-analysis.chat.';
const MAX_MESSAGES = 100;

/** Reads and writes one track's messages: `[{ role, text, tools? }]`. */
export class ChatHistory {
  constructor(storage = window.sessionStorage) {
    this.storage = storage;
  }

  load(trackId) {
    try {
      const list = JSON.parse(this.storage.getItem(PREFIX + trackId) || '[]');
      return Array.isArray(list) ? list.filter((m) => m && typeof m.text === 'string' && typeof m.role === 'string') : [];
    } catch {
      return [];
    }
  }

  save(trackId, messages) {
    try {
      if (messages.length) this.storage.setItem(PREFIX + trackId, JSON.stringify(messages.slice(-MAX_MESSAGES)));
      else this.storage.removeItem(PREFIX + trackId);
    } catch {
      // A full storage quota only costs the restore; the conversation goes on.
    }
  }

  /** Forgets every track's conversation (sign-out, or a different account). */
  clearAll() {
    for (let i = this.storage.length - 1; i >= 0; i -= 1) {
      const key = this.storage.key(i);
      if (key && key.startsWith(PREFIX)) this.storage.removeItem(key);
    }
  }
}
