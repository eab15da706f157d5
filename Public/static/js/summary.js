// The summary card: rhythm headline plus key numbers per analysis agent.
import { el, fmt, formatTime } from './dom.js';

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

/** Builds the summary card content from a track's `analysis` object. */
export function renderSummary(analysis) {
  const rhythm = analysis.rhythm || {};
  const temporal = analysis.temporal || {};
  const spectral = analysis.spectral || {};
  const loudness = analysis.loudness || {};
  const tonal = analysis.tonal || {};
  const swing = swingWord(rhythm.swing);
  const steady = steadinessWord(rhythm.steadiness);
  const headline = el('div', { cls: 'headline' }, [
    el('div', { cls: 'stat' }, [el('span', { cls: 'stat-value', text: fmt(rhythm.tempo_bpm, 1) }), el('span', { cls: 'stat-label', text: 'BPM' })]),
    el('div', { cls: 'stat' }, [el('span', { cls: 'stat-value', text: rhythm.time_signature || '–' }), el('span', { cls: 'stat-label', text: 'time signature' })]),
    el('div', { cls: 'stat' }, [el('span', { cls: 'stat-value', text: keyText(analysis.tonal) }), el('span', { cls: 'stat-label', text: 'key' })]),
    el('div', { cls: 'stat' }, [el('span', { cls: 'stat-value', text: signed(loudness.integrated_lufs, 'LUFS') }), el('span', { cls: 'stat-label', text: 'integrated loudness' })]),
    el('div', { cls: 'descriptors' }, [swing, steady, rhythm.upbeat ? 'upbeat start' : null]
      .filter(Boolean).map((word) => el('span', { cls: 'chip', text: word }))),
  ]);
  const dominant = Array.isArray(spectral.dominant_frequencies) && spectral.dominant_frequencies[0];
  const rms = temporal.rms_energy || {};
  const blocks = el('div', { cls: 'summary-grid' }, [
    block('Rhythm', analysis.rhythm, [
      row('Beats', String(rhythm.beat_count ?? '–')),
      row('Onsets', String(rhythm.onset_count ?? '–')),
      row('Swing', fmt(rhythm.swing, 2), swing),
      row('Steadiness', fmt(rhythm.steadiness, 2), steady),
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
      row('Dominant frequency', dominant ? hz(dominant.frequency_hz) : '–'),
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
