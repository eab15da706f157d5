// Downloads of the analysis: the whole result as JSON, and beat or onset
// times as CSV with one instant in seconds per line and no header, the
// shape Sonic Visualiser and DAWs import as time instants.

/** One time per line, in seconds with millisecond precision. */
export function timesCsv(times) {
  return (Array.isArray(times) ? times : [])
    .filter((t) => typeof t === 'number' && Number.isFinite(t))
    .map((t) => `${t.toFixed(3)}\n`).join('');
}

/** A file name from the track's, without its extension, plus a suffix. */
export function exportName(trackName, suffix) {
  const base = String(trackName || 'track').replace(/\.[^.]+$/, '').replace(/[\\/:*?"<>|]+/g, '_') || 'track';
  return `${base}-${suffix}`;
}

/** Saves text as a file through a temporary object URL. */
export function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download can start.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Wires the export buttons; `current()` returns the open track's JSON or null. */
export function bindExport(buttons, current) {
  buttons.json.addEventListener('click', () => {
    const track = current();
    if (track) download(`${JSON.stringify(track.analysis || {}, null, 2)}\n`, exportName(track.original_filename, 'analysis.json'), 'application/json');
  });
  for (const [kind, key] of [['beats', 'beat_times'], ['onsets', 'onset_times']]) {
    buttons[kind].addEventListener('click', () => {
      const track = current();
      const rhythm = track && track.analysis && track.analysis.rhythm;
      if (rhythm) download(timesCsv(rhythm[key]), exportName(track.original_filename, `${kind}.csv`), 'text/csv');
    });
  }
}
