// Keys that work anywhere on the page while a track is open: Space plays or
// pauses, + and − zoom, 0 shows the whole track. They stay out of the way of
// anything that has its own use for the key.

/** True when the key belongs to the focused element (typing, a button press, the player's own keys). */
export function keyBelongsToFocus(target, key) {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, select, [contenteditable=""], [contenteditable="true"], audio, video, dialog')) return true;
  if (target instanceof HTMLInputElement) {
    // Space toggles a checkbox; every other input takes typed characters.
    return ['checkbox', 'radio'].includes(target.type) ? key === ' ' : true;
  }
  // Space and Enter activate buttons, links and summaries.
  if (key === ' ' && target.closest('button, a[href], summary, [role="button"], [role="checkbox"]')) return true;
  return false;
}

/** Installs the page-wide keys; `instrument()` returns the open track's instrument or null. */
export function installShortcuts(instrument) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = instrument();
    if (!target || keyBelongsToFocus(e.target, e.key)) return;
    if (e.key === ' ') target.togglePlay();
    else if (e.key === '+' || e.key === '=') target.zoomIn();
    else if (e.key === '-' || e.key === '_') target.zoomOut();
    else if (e.key === '0') target.fit();
    else return;
    e.preventDefault();
  });
}
