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

/** True when the file holds no signal at all (digital silence). */
export function isSilent(analysis) {
  const temporal = analysis && analysis.temporal;
  if (temporal && !temporal.error) {
    const amp = temporal.amplitude || {};
    const rms = temporal.rms_energy || {};
    if (amp.max === 0 && amp.min === 0) return true;
    if (typeof rms.max === 'number' && rms.max === 0) return true;
  }
  const loudness = analysis && analysis.loudness;
  return Boolean(loudness && !loudness.error && /^silent\b/i.test(String(loudness.interpretation || '')));
}
