// Pointer gestures on a surface that shows the timeline's window (waveform,
// spectrogram, rulers). Mouse and pen: press to seek and drag to keep
// seeking, shift-drag (or any drag on a ruler) to select a stretch. Touch: tap
// to seek, drag sideways to scroll, pinch with two fingers to zoom. Wheel
// zooms around the pointer; a sideways wheel or shift+wheel scrolls.

/** Pixels a pointer may wander before a press counts as a drag. */
const DRAG_SLOP_PX = 4;
/** Wheel pixels that scroll the window by its whole width. */
const WHEEL_PAN_PX = 600;

/**
 * Wires `node` to `timeline`. Callbacks get seconds: `seek(t)` for a press or
 * a tap, `drag(t)` while a press seeks, `preview(a, b)` while a selection is
 * dragged, `select(a, b)` when it ends; `hover(x, y)` gets fractions of the node
 * (null when the pointer leaves).
 */
export function bindGestures(node, timeline, { selects = false, seek, drag, preview, select, hover, onDragging }) {
  const touches = new Map();
  let press = null;
  const fractionAt = (e) => {
    const rect = node.getBoundingClientRect();
    const clamp = (v) => Math.max(0, Math.min(1, v));
    return {
      x: clamp(rect.width > 0 ? (e.clientX - rect.left) / rect.width : 0),
      y: clamp(rect.height > 0 ? (e.clientY - rect.top) / rect.height : 0),
      width: rect.width,
    };
  };
  const pinchDistance = () => {
    const [a, b] = [...touches.values()];
    return Math.abs(a - b);
  };
  const end = () => { press = null; onDragging(false); };

  node.addEventListener('pointerdown', (e) => {
    if (!(timeline.span > 0) || e.button > 0) return;
    const { x, width } = fractionAt(e);
    node.setPointerCapture(e.pointerId);
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, e.clientX);
      press = touches.size === 1
        ? { mode: 'tap', x0: e.clientX, start: timeline.start, width }
        : { mode: 'pinch', distance: pinchDistance(), span: timeline.span, anchor: timeline.timeAt(x) };
      return;
    }
    const t = timeline.timeAt(x);
    press = { mode: selects || e.shiftKey ? 'select' : 'seek', t0: t, x0: e.clientX, moved: false };
    onDragging(true);
    if (press.mode === 'seek') seek(t);
  });

  node.addEventListener('pointermove', (e) => {
    const { x, y } = fractionAt(e);
    hover(x, y);
    if (!press) return;
    if (e.pointerType === 'touch') {
      if (!touches.has(e.pointerId)) return;
      touches.set(e.pointerId, e.clientX);
      if (press.mode === 'pinch') {
        if (touches.size < 2) return;
        // The window narrows as the fingers spread, around the point between them where the pinch began.
        const spread = pinchDistance() / Math.max(1, press.distance);
        timeline.zoomBy(timeline.span / (press.span / Math.max(0.05, spread)), press.anchor);
      } else if (press.mode === 'pan' || Math.abs(e.clientX - press.x0) > DRAG_SLOP_PX) {
        press.mode = 'pan';
        const seconds = ((press.x0 - e.clientX) / press.width) * timeline.span;
        timeline.show(press.start + seconds, press.start + seconds + timeline.span);
      }
      return;
    }
    const t = timeline.timeAt(x);
    if (Math.abs(e.clientX - press.x0) > DRAG_SLOP_PX) press.moved = true;
    if (press.mode === 'seek') drag(t);
    else if (press.moved) preview(press.t0, t);
  });

  const finish = (e) => {
    if (!press) return;
    const t = timeline.timeAt(fractionAt(e).x);
    if (e.pointerType === 'touch') {
      touches.delete(e.pointerId);
      if (press.mode === 'tap' && e.type === 'pointerup') seek(t);
      if (touches.size === 0) end();
      return;
    }
    if (press.mode === 'select') {
      if (press.moved && e.type === 'pointerup') select(press.t0, t); else if (!press.moved) seek(t); else preview(null, null);
    }
    end();
  };
  node.addEventListener('pointerup', finish);
  node.addEventListener('pointercancel', finish);
  node.addEventListener('pointerleave', () => { if (!press) hover(null, null); });

  node.addEventListener('wheel', (e) => {
    if (!(timeline.span > 0)) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const sideways = (e.shiftKey ? e.deltaY || e.deltaX : e.deltaX) * unit;
      timeline.panBy((sideways / WHEEL_PAN_PX) * timeline.span);
      return;
    }
    // A trackpad pinch arrives as a wheel with ctrlKey and small deltas: zoom faster.
    const rate = e.ctrlKey ? 0.01 : 0.002;
    timeline.zoomBy(Math.exp(-e.deltaY * unit * rate), timeline.timeAt(fractionAt(e).x));
  }, { passive: false });
}
