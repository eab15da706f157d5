// Track list: newest first, status badges, selection and deletion.
import { byId, el, formatTime, confirmDialog, announce } from './dom.js';

const STATUS_LABELS = { pending: 'Pending', analyzing: 'Analyzing', ready: 'Ready', failed: 'Failed' };

/** Builds a status badge element for a track status. */
export function badge(status, node = el('span')) {
  const known = STATUS_LABELS[status] ? status : 'pending';
  node.className = `badge badge-${known}`;
  node.textContent = STATUS_LABELS[status] || String(status || 'Unknown');
  node.dataset.status = status || '';
  return node;
}

/** Why the list could not be refreshed, in words. */
function listError(err) {
  if (err.status === 429) return 'The demo’s requests are used up, so the list can’t be refreshed. Sign in to continue.';
  if (err.status === 0) return 'Couldn’t reach the server: the list may be out of date. It refreshes when the connection is back.';
  return `Couldn’t refresh the list: ${err.message}`;
}

/** The track list card. Calls `onOpen(id)` and `onDelete(id)` on user action. */
export class TrackList {
  constructor(api, { onOpen, onDeleted, onError }) {
    this.api = api;
    this.onOpen = onOpen;
    this.onDeleted = onDeleted;
    this.onError = onError;
    this.tracks = [];
    this.selected = null;
    this.list = byId('track-list');
    this.pollTimer = 0;
    this.loaded = false;
    byId('tracks-refresh').addEventListener('click', () => this.refresh());
  }

  async refresh() {
    try {
      const tracks = await this.api.listTracks();
      const before = new Map(this.tracks.map((t) => [t.track_id, t.status]));
      this.tracks = Array.isArray(tracks) ? tracks : [];
      this.loaded = true;
      this.setError('');
      this.render();
      for (const t of this.tracks) {
        const was = before.get(t.track_id);
        if (was && was !== t.status && (t.status === 'ready' || t.status === 'failed')) {
          announce(`${t.original_filename || 'Track'}: ${STATUS_LABELS[t.status].toLowerCase()}`);
        }
      }
    } catch (err) {
      // Keep what the list showed; say why it could not be refreshed.
      this.setError(listError(err));
      byId('tracks-empty').hidden = true;
      if (err.status !== 0 && err.status !== 429) this.onError(err);
      return;
    }
    this.schedulePoll();
  }

  setError(text) {
    byId('tracks-error').textContent = text;
    byId('track-list').dataset.state = text ? 'stale' : 'fresh';
  }

  /** Polls while some track other than the open one is still being analysed. */
  schedulePoll() {
    clearTimeout(this.pollTimer);
    const busy = this.tracks.some((t) => t.track_id !== this.selected && (t.status === 'pending' || t.status === 'analyzing'));
    if (busy) this.pollTimer = setTimeout(() => this.refresh(), 5000);
  }

  stop() {
    clearTimeout(this.pollTimer);
    this.loaded = false;
    this.setError('');
    this.tracks = [];
    this.selected = null;
    this.render();
  }

  /** Adds a freshly uploaded track at the top without a round trip. */
  addFirst(summary) {
    this.tracks = [summary, ...this.tracks.filter((t) => t.track_id !== summary.track_id)];
    this.render();
  }

  setStatus(id, status) {
    const track = this.tracks.find((t) => t.track_id === id);
    if (!track || track.status === status) return;
    track.status = status;
    const node = this.list.querySelector(`[data-track-id="${CSS.escape(id)}"] .badge`);
    if (node) badge(status, node);
    // The list itself is not a live region (it re-renders); announce the outcome only.
    if (status === 'ready' || status === 'failed') {
      announce(`${track.original_filename || 'Track'}: ${STATUS_LABELS[status].toLowerCase()}`);
    }
  }

  setDuration(id, duration) {
    const track = this.tracks.find((t) => t.track_id === id);
    if (track && typeof duration === 'number' && track.duration !== duration) {
      track.duration = duration;
      this.render();
    }
  }

  select(id) {
    this.selected = id;
    for (const item of this.list.children) {
      const current = item.dataset.trackId === id;
      item.classList.toggle('is-selected', current);
      const button = item.querySelector('.track-open');
      if (button) {
        if (current) button.setAttribute('aria-current', 'true'); else button.removeAttribute('aria-current');
      }
    }
  }

  render() {
    // Re-rendering must not throw keyboard users out of the list.
    const active = document.activeElement;
    const activeItem = active && this.list.contains(active) ? active.closest('[data-track-id]') : null;
    const focus = activeItem && { id: activeItem.dataset.trackId, cls: active.classList.contains('track-delete') ? '.track-delete' : '.track-open' };
    const items = this.tracks.map((t) => this.item(t));
    this.list.replaceChildren(...items);
    byId('tracks-empty').hidden = this.tracks.length > 0 || !this.loaded;
    this.select(this.selected);
    if (focus) {
      const item = this.list.querySelector(`[data-track-id="${CSS.escape(focus.id)}"] ${focus.cls}`);
      (item || byId('tracks-title')).focus();
    }
  }

  item(track) {
    const name = track.original_filename || track.filename || track.track_id;
    const when = track.created_at ? new Date(track.created_at) : null;
    const meta = [
      typeof track.duration === 'number' ? formatTime(track.duration) : null,
      when && !Number.isNaN(when.getTime()) ? when.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : null,
    ].filter(Boolean).join(' · ');
    const open = el('button', { cls: 'track-open', attrs: { type: 'button' } }, [
      el('span', { cls: 'track-name truncate', text: name }),
      el('span', { cls: 'track-line' }, [badge(track.status), el('span', { cls: 'track-meta', text: meta })]),
    ]);
    open.addEventListener('click', () => this.onOpen(track.track_id));
    const remove = el('button', {
      cls: 'btn btn-quiet btn-icon track-delete',
      attrs: { type: 'button', 'aria-label': `Delete ${name}`, title: 'Delete' },
    }, [el('span', { cls: 'icon-trash', attrs: { 'aria-hidden': 'true' } })]);
    remove.addEventListener('click', () => this.confirmDelete(track.track_id, name));
    return el('li', { cls: 'track-item', attrs: { 'data-track-id': track.track_id } }, [
      open, remove,
    ]);
  }

  async confirmDelete(id, name) {
    if (!(await confirmDialog(`“${name}” and its analysis will be removed for good.`))) return;
    try {
      await this.api.deleteTrack(id);
      this.tracks = this.tracks.filter((t) => t.track_id !== id);
      this.render();
      announce(`Deleted ${name}`);
      byId('tracks-title').focus();
      this.onDeleted(id);
    } catch (err) {
      this.onError(err);
    }
  }
}
