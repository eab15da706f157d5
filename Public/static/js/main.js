// Entry point: wires the credentials, sign-in bar, upload, track list, track
// view and chat together, and routes #/tracks/<id> to the open track. The
// track view's modules load when the first track opens, which keeps the first
// view small.
import { byId, announce } from './dom.js';
import { Credentials } from './credentials.js';
import { createApi } from './api.js';
import { Uploader } from './upload.js';
import { TrackList } from './tracks.js';
import { ChatPanel } from './chat.js';
import { DemoLimit } from './demo-limit.js';
import { installShortcuts } from './shortcuts.js';

const creds = new Credentials();
const api = createApi(creds);
const ROUTE = /^#\/tracks\/([^/]+)\/?$/;
// Set when the user opened a track, so focus follows them to it.
let focusTitle = false;
// Set while a signed-in demo user is shown the sign-in form to continue.
let continuing = false;

let noticeTimer = 0;

function showError(err) {
  const text = err && err.message ? err.message : String(err);
  if (!creds.signedIn) { byId('signin-error').textContent = text; return; }
  const notice = byId('notice');
  notice.textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.textContent = ''; }, 10000);
}

const tracks = new TrackList(api, {
  onOpen: (id) => {
    // The open track chosen again: no route change, but the user still expects to land on it.
    if (openId() === id) { byId('track-title').focus(); return; }
    focusTitle = true;
    // Already routed there (its view failed to load): no hashchange would come, so route now.
    if (routedId() === id) route(); else location.hash = `#/tracks/${id}`;
  },
  onDeleted: (id) => { if (openId() === id) { location.hash = ''; closeTrack(); } },
  onError: showError,
});
// The TrackView once its module has loaded; null before the first track opens.
let view = null;
let viewLoading = null;

function loadView() {
  viewLoading = viewLoading || import('./track-view.js').then(({ TrackView }) => {
    view = new TrackView(api, {
      onTrack: (track) => {
        tracks.setStatus(track.track_id, track.status);
        tracks.setDuration(track.track_id, track.duration);
      },
      onError: showError,
    });
    return view;
  }).catch((err) => {
    // Not remembered: the next track opened tries again.
    viewLoading = null;
    throw err;
  });
  return viewLoading;
}

/** Once signed in, fetches the track view's modules while the page is idle, so opening a track waits on no request chain. */
let prefetched = false;
function prefetchView() {
  if (prefetched) return;
  prefetched = true;
  const later = window.requestIdleCallback || ((run) => setTimeout(run, 1000));
  later(() => import('./track-view.js').catch(() => { /* loadView() tries again and reports it */ }));
}

/** The id of the open track, or null. */
function openId() {
  return view ? view.id : null;
}
const chat = new ChatPanel(creds, {
  onStatus: (status, message, closeState) => {
    if (!view) return;
    if (closeState === 'not-found') { view.notFound(); return; }
    if (closeState === 'unauthorized') { view.setMessage(message, 'error'); return; }
    view.statusChanged(status, message);
    if (view.id) tracks.setStatus(view.id, status);
  },
  onConnection: (state, detail) => {
    // A socket that opens again means the server is back: reload what is shown. Its first
    // open only repairs a view that failed (or fails) to load; one still loading is left alone.
    if (state !== 'open') return;
    if (detail.connects > 1 || (view && view.needsReload)) recover();
    else if (view) view.recover();
  },
});
const uploader = new Uploader(api, (body, last) => {
  tracks.addFirst({
    track_id: body.track_id, original_filename: body.filename, status: body.status || 'pending',
    duration: null, created_at: new Date().toISOString(),
  });
  // In a batch only the last upload opens, so the view does not jump while files are still going.
  if (last) {
    focusTitle = true;
    location.hash = `#/tracks/${body.track_id}`;
  }
  tracks.refresh();
});

/** Reloads every view from the server (the connection came back). */
const demo = new DemoLimit(creds, {
  uploader,
  chat,
  onContinue: () => {
    continuing = true;
    renderAccount();
    byId('login-email').focus();
  },
});

function recover() {
  if (!creds.signedIn) return;
  tracks.refresh();
  if (openId()) view.recover({ always: true });
}

function routedId() {
  const match = ROUTE.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

// The track being opened while the view's module loads, so a second route() does not open it twice.
let opening = null;

async function openTrack(id) {
  if (openId() === id || opening === id) { focusTitle = false; return; }
  byId('welcome').hidden = true;
  // On a phone the list gives way to the track (see .has-track in the CSS).
  document.body.classList.add('has-track');
  tracks.select(id);
  opening = id;
  try {
    await loadView();
  } catch {
    // Back to the list (on a phone it was hidden for the track) with the reason.
    document.body.classList.remove('has-track');
    byId('welcome').hidden = false;
    showError(new Error('The track view could not be loaded. Check the connection and try again.'));
    return;
  } finally {
    opening = null;
  }
  // The user may have gone elsewhere while the module loaded.
  if (routedId() !== id || !creds.signedIn) return;
  view.open(id);
  chat.open(id);
  // On a phone the track replaces the list: start at its top, not where the list was scrolled to.
  if (getComputedStyle(byId('sidebar')).display === 'none') window.scrollTo(0, 0);
  if (focusTitle) byId('track-title').focus();
  focusTitle = false;
  tracks.schedulePoll();
}

function closeTrack() {
  chat.close();
  if (view) view.close();
  tracks.select(null);
  byId('welcome').hidden = false;
  document.body.classList.remove('has-track');
}

function route() {
  if (!creds.signedIn) return;
  const id = routedId();
  if (id) openTrack(id); else if (openId() || document.body.classList.contains('has-track')) closeTrack();
}

function renderAccount() {
  const signedIn = creds.signedIn;
  if (!signedIn) continuing = false;
  byId('signin').hidden = signedIn && !continuing;
  byId('demo-group').hidden = continuing;
  byId('demo-or').hidden = continuing;
  byId('account').hidden = !signedIn;
  byId('sidebar').hidden = !signedIn;
  document.body.classList.toggle('is-signed-in', signedIn);
  byId('welcome-hint').textContent = signedIn
    ? 'Upload a file, or pick a track from the list.'
    : 'Sign in above, or try the demo, to start.';
  demo.renderHint();
  if (!signedIn) return;
  prefetchView();
  byId('account-label').textContent = creds.usesApiKey ? 'API key' : creds.isDemo ? 'Demo' : creds.email || 'Signed in';
  demo.render();
}

creds.addEventListener('change', (e) => {
  renderAccount();
  const reason = e.detail.reason;
  if (reason === 'signin') {
    byId('signin-error').textContent = '';
    if (continuing || openId()) {
      // Another account: the demo's tracks and conversations are not its own.
      continuing = false;
      chat.forgetAll();
      closeTrack();
      history.replaceState(null, '', location.pathname);
      renderAccount();
    }
    tracks.refresh();
    route();
    if (!openId()) byId('upload-title').focus();
    announce('Signed in');
  } else if (reason === 'signout' || reason === 'expired') {
    chat.close();
    chat.forgetAll();
    if (view) view.close();
    document.body.classList.remove('has-track');
    tracks.stop();
    uploader.reset();
    byId('welcome').hidden = false;
    history.replaceState(null, '', location.pathname);
    if (reason === 'expired') byId('signin-error').textContent = 'Your sign-in is no longer valid. Please sign in again.';
    announce(reason === 'expired' ? 'Signed out: sign-in no longer valid' : 'Signed out');
    // The sign-out button is gone: keep the keyboard on the page, at the landing heading.
    byId('welcome-title').focus();
  }
});

async function withButton(button, action) {
  button.disabled = true;
  byId('signin-error').textContent = '';
  try { await action(); } catch (err) { showError(err); } finally { button.disabled = false; }
}

byId('demo-button').addEventListener('click', (e) => withButton(e.currentTarget, () => api.demo()));
byId('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const email = byId('login-email').value.trim();
  const password = byId('login-password').value;
  if (!email || !password) { showError(new Error('Email and password required')); return; }
  withButton(e.submitter || e.currentTarget.querySelector('button'), async () => {
    await api.login(email, password);
    byId('login-password').value = '';
  });
});
byId('apikey-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const key = byId('api-key').value.trim();
  if (!key) { showError(new Error('Enter an API key')); return; }
  withButton(e.submitter || e.currentTarget.querySelector('button'), async () => {
    await api.checkKey(key);
    byId('api-key').value = '';
    creds.setApiKey(key);
  });
});
byId('sign-out').addEventListener('click', () => creds.signOut());
// Back from a track to the list (the phone layout shows one at a time).
byId('track-back').addEventListener('click', () => {
  const id = openId();
  location.hash = '';
  closeTrack();
  tracks.focusTrack(id);
});
installShortcuts(() => (openId() ? view.instrument : null));
window.addEventListener('hashchange', route);
window.addEventListener('online', recover);

renderAccount();
creds.scheduleRefresh();
api.health().then((health) => uploader.setLimits(health)).catch(() => {
  byId('upload-limits').textContent = 'Audio files';
});
if (creds.signedIn) {
  tracks.refresh();
  route();
}
document.documentElement.dataset.app = 'ready';
