// Track list: newest first, a page at a time with "Show more", a filter on
// the loaded names, status badges, selection and deletion.
import { byId, el, formatTime, confirmDialog, announce } from './dom.js';

/** Tracks per request; the API allows up to 100. */
export const PAGE_SIZE = 50;
const MAX_LIMIT = 100;

/** True when a track's name contains every word of the filter, in any case. */
export function matchesFilter(name, filter) {
  const words = String(filter || '').toLowerCase().split(/\s+/).filter(Boolean);
  const text = String(name || '').toLowerCase();
  return words.every((w) => text.includes(w));
}

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
    this.hasMore = false;
    this.filter = '';
    this.scrolledTo = null;
    byId('tracks-refresh').addEventListener('click', () => this.refresh());
    byId('tracks-more').addEventListener('click', () => this.loadMore());
    byId('tracks-filter').addEventListener('input', (e) => { this.filter = e.target.value; this.render(); });
  }

  /** Fetches `count` tracks from `offset` in requests of at most 100; notes whether more exist. */
  async fetchRange(offset, count) {
    const found = [];
    for (;;) {
      const limit = Math.min(MAX_LIMIT, count - found.length);
      const page = await this.api.listTracks(limit, offset + found.length);
      const rows = Array.isArray(page) ? page : [];
      found.push(...rows);
      if (rows.length < limit) { this.hasMore = false; return found; }
      if (found.length >= count) { this.hasMore = true; return found; }
    }
  }

  /** Shows the next page of older tracks. */
  async loadMore() {
    const button = byId('tracks-more');
    // Asked before disabling: a disabled button drops focus.
    const hadFocus = document.activeElement === button;
    button.disabled = true;
    try {
      const older = await this.fetchRange(this.tracks.length, PAGE_SIZE);
      const known = new Set(this.tracks.map((t) => t.track_id));
      const added = older.filter((t) => !known.has(t.track_id));
      this.tracks.push(...added);
      this.render();
      announce(`${added.length} more tracks shown`);
      // Keyboard users continue from the first track that arrived.
      const first = added[0] && this.list.querySelector(`[data-track-id="${CSS.escape(added[0].track_id)}"] .track-open`);
      if (hadFocus) (first || byId('tracks-title')).focus();
    } catch (err) {
      this.setError(listError(err));
    } finally {
      button.disabled = false;
      if (hadFocus && document.activeElement === document.body) button.focus();
    }
  }

  async refresh() {
    try {
      // As many tracks as are shown now, at least one page: "Show more" is not undone by a refresh.
      const wanted = Math.max(PAGE_SIZE, Math.ceil(this.tracks.length / PAGE_SIZE) * PAGE_SIZE);
      const tracks = await this.fetchRange(0, wanted);
      const before = new Map(this.tracks.map((t) => [t.track_id, t.status]));
      this.tracks = tracks;
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
    this.hasMore = false;
    this.render();
  }

  /** Moves focus to a track's entry (back from the track on a phone), else to the list's heading. */
  focusTrack(id) {
    const button = id && this.list.querySelector(`[data-track-id="${CSS.escape(id)}"] .track-open`);
    (button || byId('tracks-title')).focus();
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
      // Scrolled to once per selection, so a refresh does not fight the user's scrolling.
      if (current && this.scrolledTo !== id && !item.hidden) {
        this.scrolledTo = id;
        item.scrollIntoView({ block: 'nearest' });
      }
    }
    if (!id) this.scrolledTo = null;
  }

  render() {
    // Re-rendering must not throw keyboard users out of the list.
    const active = document.activeElement;
    const activeItem = active && this.list.contains(active) ? active.closest('[data-track-id]') : null;
    const focus = activeItem && { id: activeItem.dataset.trackId, cls: active.classList.contains('track-delete') ? '.track-delete' : '.track-open' };
    const items = this.tracks.map((t) => this.item(t));
    let matching = 0;
    for (const [i, item] of items.entries()) {
      item.hidden = !matchesFilter(trackName(this.tracks[i]), this.filter);
      if (!item.hidden) matching += 1;
    }
    this.list.replaceChildren(...items);
    byId('tracks-empty').hidden = this.tracks.length > 0 || !this.loaded;
    byId('tracks-filter-row').hidden = this.tracks.length < 2 && !this.filter;
    byId('tracks-more').hidden = !this.hasMore;
    byId('tracks-count').textContent = !this.loaded || !this.tracks.length ? ''
      : this.filter ? `${matching} of ${this.tracks.length} shown tracks match${this.hasMore ? ' (show more to search older ones)' : ''}`
        : `${this.tracks.length}${this.hasMore ? '+' : ''} tracks`;
    this.select(this.selected);
    if (focus) {
      const item = this.list.querySelector(`[data-track-id="${CSS.escape(focus.id)}"] ${focus.cls}`);
      (item || byId('tracks-title')).focus();
    }
  }

  item(track) {
    const name = trackName(track);
    const when = track.created_at ? new Date(track.created_at) : null;
    const meta = [
      typeof track.duration === 'number' ? formatTime(track.duration) : null,
      when && !Number.isNaN(when.getTime()) ? when.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : null,
    ].filter(Boolean).join(' · ');
    // The title shows the whole name where the list cuts it short.
    const open = el('button', { cls: 'track-open', attrs: { type: 'button', title: name } }, [
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

function trackName(track) {
  return track.original_filename || track.filename || track.track_id;
}
