// The summary card: rhythm headline plus key numbers per analysis agent.
// Rhythm words appear only when there are beats; silence says so instead of
// showing numbers that look real.
import { el, fmt, formatTime } from './dom.js';
import { audibleDominant, hasBeats, tempoReading, alternativesText, signalLevel, peakDbfs, NO_SIGNAL_DBFS } from './readings.js';

/** Describes swing as the API's descriptors do (none in the middle band). */
export function swingWord(swing) {
  if (typeof swing !== 'number') return null;
  if (swing > 0.4) return 'swung';
  if (swing < 0.1) return 'straight';
  return null;
}

/** Describes steadiness as the API's descriptors do (none in the middle band). */
export function steadinessWord(steadiness) {
  if (typeof steadiness !== 'number') return null;
  if (steadiness > 0.8) return 'steady';
  if (steadiness < 0.4) return 'loose';
  return null;
}

function hz(value) {
  if (typeof value !== 'number') return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)}\u202fkHz` : `${value.toFixed(0)}\u202fHz`;
}

function duration(seconds) {
  if (typeof seconds !== 'number') return '–';
  return seconds >= 60 ? `${formatTime(seconds)} (${fmt(seconds, 1, 's')})` : fmt(seconds, 2, 's');
}

function db(value) {
  if (typeof value !== 'number' || value <= 0) return '';
  return ` (${(20 * Math.log10(value)).toFixed(1)}\u202fdBFS)`;
}

function row(label, value, extra) {
  return [el('dt', { text: label }), el('dd', { text: value }, extra ? [el('span', { cls: 'hint', text: ` ${extra}` })] : [])];
}

function block(title, agent, rows) {
  const body = agent && agent.error
    ? [el('p', { cls: 'error-text', text: `Failed: ${agent.error}` })]
    : [el('dl', {}, rows.flat())];
  return el('section', { cls: 'summary-block' }, [el('h4', { text: title }), ...body]);
}

/** "−9.8 LUFS"-style figures with a true minus sign. */
function signed(value, unit) {
  if (typeof value !== 'number') return '–';
  const text = Math.abs(value).toFixed(1);
  return `${value < 0 && text !== '0.0' ? '\u2212' : value > 0 ? '+' : ''}${text}\u202f${unit}`;
}

/** The key with its confidence in words, as the chat states it. */
function keyText(tonal) {
  if (!tonal || tonal.error) return '–';
  return tonal.key_label || 'no key';
}

function confidenceWord(confidence) {
  if (typeof confidence !== 'number') return '';
  return confidence < 0.3 ? 'unclear' : confidence < 0.6 ? 'likely' : 'clear';
}

/** A note when the strongest bins lay below 20 Hz and were passed over. */
function skippedSubsonic(spectral, dominant) {
  const first = Array.isArray(spectral.dominant_frequencies) && spectral.dominant_frequencies[0];
  return first && first !== dominant && first.frequency_hz < 20 ? '(below 20 Hz ignored)' : '';
}

function stat(value, label, extra) {
  return el('div', { cls: 'stat' }, [
    el('span', { cls: 'stat-value', text: value }, extra ? [el('span', { cls: 'stat-extra', text: ` ${extra}` })] : []),
    el('span', { cls: 'stat-label', text: label }),
  ]);
}

/** What a silent or near-silent file gets: one plain, true statement, no rhythm, key or loudness figures. */
function silentSummary(analysis, level) {
  const temporal = analysis.temporal || {};
  const digital = level === 'digital-silence';
  const peak = peakDbfs(analysis);
  const peakText = peak === null ? '' : `its peak is ${Math.round(peak).toString().replace('-', '\u2212')}\u202fdBFS, `;
  const text = digital
    ? `${duration(temporal.duration_seconds)} of digital silence (every sample is zero): there is nothing to measure.`
    : `${duration(temporal.duration_seconds)} of near-silence: ${peakText}below the ${NO_SIGNAL_DBFS.toString().replace('-', '\u2212')}\u202fdBFS floor, too quiet to measure.`;
  return [
    el('div', { cls: 'headline is-silent', attrs: { 'data-reading': 'no-signal', 'data-level': level } },
      [stat('No signal', digital ? 'the file is silent' : 'the file is nearly silent')]),
    el('p', { cls: 'hint', text }),
  ];
}

/** Builds the summary card content from a track's `analysis` object. */
export function renderSummary(analysis) {
  const level = signalLevel(analysis);
  if (level !== 'signal') return silentSummary(analysis, level);
  const rhythm = analysis.rhythm || {};
  const temporal = analysis.temporal || {};
  const spectral = analysis.spectral || {};
  const loudness = analysis.loudness || {};
  const tonal = analysis.tonal || {};
  const beats = hasBeats(analysis.rhythm);
  // Without beats the rhythm agent's defaults (4/4, straight, steady) describe nothing.
  const swing = beats ? swingWord(rhythm.swing) : null;
  const steady = beats ? steadinessWord(rhythm.steadiness) : null;
  const tempo = tempoReading(analysis.rhythm);
  const headline = el('div', { cls: 'headline' }, [
    stat(tempo ? String(tempo.bpm) : '–', tempo ? 'BPM' : 'BPM (no beats found)', alternativesText(tempo)),
    beats ? stat(rhythm.time_signature || '–', 'time signature') : null,
    stat(keyText(analysis.tonal), 'key'),
    stat(signed(loudness.integrated_lufs, 'LUFS'), 'integrated loudness'),
    el('div', { cls: 'descriptors' }, [swing, steady, beats && rhythm.upbeat ? 'upbeat start' : null]
      .filter(Boolean).map((word) => el('span', { cls: 'chip', text: word }))),
  ]);
  const dominant = audibleDominant(spectral);
  const rms = temporal.rms_energy || {};
  const blocks = el('div', { cls: 'summary-grid' }, [
    block('Rhythm', analysis.rhythm, [
      row('Beats', String(rhythm.beat_count ?? '–')),
      row('Onsets', String(rhythm.onset_count ?? '–')),
      row('Swing', beats ? fmt(rhythm.swing, 2) : '–', swing),
      row('Steadiness', beats ? fmt(rhythm.steadiness, 2) : '–', steady),
    ]),
    block('Temporal', analysis.temporal, [
      row('Duration', duration(temporal.duration_seconds)),
      row('RMS (mean)', fmt(rms.mean, 4), db(rms.mean)),
      row('Dynamic range', fmt(temporal.dynamic_range_db, 1, 'dB')),
    ]),
    block('Spectral', analysis.spectral, [
      row('Centroid (mean)', hz(spectral.spectral_centroid && spectral.spectral_centroid.mean)),
      row('Flatness', (spectral.spectral_flatness && spectral.spectral_flatness.interpretation) || '–',
        spectral.spectral_flatness ? `(${fmt(spectral.spectral_flatness.mean, 3)})` : ''),
      row('Dominant frequency', dominant ? hz(dominant.frequency_hz) : '–', skippedSubsonic(spectral, dominant)),
    ]),
    block('Loudness', analysis.loudness, [
      row('Integrated', signed(loudness.integrated_lufs, 'LUFS')),
      row('Range', typeof loudness.loudness_range_lu === 'number' ? `${loudness.loudness_range_lu.toFixed(1)}\u202fLU` : '–'),
      row('True peak', signed(loudness.true_peak_dbtp, 'dBTP')),
      row('Reading', loudness.interpretation || '–'),
    ]),
    block('Tonal', analysis.tonal, [
      row('Key', keyText(analysis.tonal), confidenceWord(tonal.key_confidence)),
      row('Confidence', fmt(tonal.key_confidence, 2)),
      row('Tuning', typeof tonal.tuning_offset_cents === 'number' ? `${signed(tonal.tuning_offset_cents, 'cents').replace('.0', '')} from A440` : '–'),
    ]),
  ]);
  return [headline, blocks];
}
