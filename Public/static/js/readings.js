// How the summary reads the agents' numbers for people. Presentation only:
// the stored analysis keeps librosa's values untouched.

/** Lowest frequency people hear; bins below it are DC offset or rumble. */
export const AUDIBLE_HZ = 20;

/** The strongest dominant frequency at or above 20 Hz, or null. */
export function audibleDominant(spectral) {
  const list = spectral && Array.isArray(spectral.dominant_frequencies) ? spectral.dominant_frequencies : [];
  const audible = list.filter((d) => d && typeof d.frequency_hz === 'number' && d.frequency_hz >= AUDIBLE_HZ
    && !(typeof d.magnitude === 'number' && d.magnitude <= 0));
  if (!audible.length) return null;
  return audible.reduce((best, d) => ((d.magnitude ?? 0) > (best.magnitude ?? 0) ? d : best), audible[0]);
}

/** True when the rhythm agent found a pulse: at least two beats. */
export function hasBeats(rhythm) {
  return Boolean(rhythm && !rhythm.error && typeof rhythm.beat_count === 'number' && rhythm.beat_count >= 2);
}

/** Tempo as people say it: `{ bpm: 120, alternatives: [60, 240] }`, or null without beats. */
export function tempoReading(rhythm) {
  if (!hasBeats(rhythm) || typeof rhythm.tempo_bpm !== 'number' || !(rhythm.tempo_bpm > 0)) return null;
  const bpm = Math.round(rhythm.tempo_bpm);
  // A beat tracker can lock to half or double the felt tempo; offer both where plausible.
  const alternatives = [bpm / 2, bpm * 2].map((v) => Math.round(v)).filter((v) => v >= 40 && v <= 240);
  return { bpm, alternatives };
}

/** "or 70/140"-style text for the alternatives, or ''. */
export function alternativesText(reading) {
  return reading && reading.alternatives.length ? `or ${reading.alternatives.join('/')}` : '';
}

/** Level below which a track is "No signal": a fixed floor, so a quiet file is never scaled up into visible noise. */
export const NO_SIGNAL_DBFS = -60;

function dbfs(value) {
  return value > 0 ? 20 * Math.log10(value) : -Infinity;
}

/**
 * How much signal the file holds: 'digital-silence' when every sample is 0,
 * 'near-silence' when its peak (or loudest RMS) stays below −60 dBFS, else
 * 'signal'. Read from the temporal agent; the loudness agent's "silent" only
 * counts when there are no temporal figures, and then cannot tell the two apart.
 */
export function signalLevel(analysis) {
  const temporal = analysis && analysis.temporal;
  if (temporal && !temporal.error) {
    const amp = temporal.amplitude || {};
    const rms = temporal.rms_energy || {};
    if (amp.max === 0 && amp.min === 0) return 'digital-silence';
    const peak = typeof amp.max === 'number' && typeof amp.min === 'number' ? Math.max(Math.abs(amp.max), Math.abs(amp.min)) : null;
    if (peak !== null) return dbfs(peak) < NO_SIGNAL_DBFS ? 'near-silence' : 'signal';
    if (typeof rms.max === 'number') return rms.max === 0 ? 'digital-silence' : dbfs(rms.max) < NO_SIGNAL_DBFS ? 'near-silence' : 'signal';
  }
  const loudness = analysis && analysis.loudness;
  return loudness && !loudness.error && /^silent\b/i.test(String(loudness.interpretation || '')) ? 'near-silence' : 'signal';
}

/** True when the file holds no usable signal: digital silence or below the −60 dBFS floor. */
export function isSilent(analysis) {
  return signalLevel(analysis) !== 'signal';
}

/** The file's peak in dBFS from the temporal agent, or null. */
export function peakDbfs(analysis) {
  const amp = analysis && analysis.temporal && !analysis.temporal.error ? analysis.temporal.amplitude || {} : {};
  if (typeof amp.max !== 'number' || typeof amp.min !== 'number') return null;
  return dbfs(Math.max(Math.abs(amp.max), Math.abs(amp.min)));
}
