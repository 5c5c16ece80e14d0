/** Summaries of the UI bench's per-frame samples. */
import { median, roundTo } from './measure';
import type { FrameSamples } from './ui-page';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export interface FrameStats {
  frames: number;
  seconds: number;
  /** Median time between consecutive rAF timestamps, ms. */
  frameMsMedian: number;
  frameMsP95: number;
  maxFrameGapMs: number;
  /** 1000 / median frame time: the frame rate of a typical frame. */
  fpsMedian: number;
  /** Frames per second over the whole window (stalls count). */
  fpsMean: number;
  /** Share of frames that took longer than 1.5 × 16.7 ms (a missed vsync at 60 Hz). */
  slowFrameShare: number;
  dotsMedian: number;
  packetsMedian: number;
  perDotMedian: number;
  /** Share of frames drawn in volume mode (one dot for several packets). */
  volumeModeShare: number;
  /** Share of frames that show no traffic: no dot and no edge rate drawn. */
  emptyFrameShare: number;
  /** Share of frames with edge rates drawn (dots only a sample). */
  ratesShare: number;
  /** Dots on in-region links over all dots drawn, summed over the frames. */
  inRegionDotShare: number;
  drawMsMedian: number;
  drawMsP95: number;
}

export function summarizeFrames(s: FrameSamples): FrameStats {
  const gaps: number[] = [];
  for (let i = 1; i < s.timestamps.length; i++) gaps.push((s.timestamps[i] as number) - (s.timestamps[i - 1] as number));
  const spanMs = s.timestamps.length > 1 ? (s.timestamps.at(-1) as number) - (s.timestamps[0] as number) : NaN;
  const frameMsMedian = median(gaps);
  const share = (predicate: (i: number) => boolean): number => {
    let n = 0;
    for (let i = 0; i < s.timestamps.length; i++) if (predicate(i)) n++;
    return s.timestamps.length === 0 ? NaN : n / s.timestamps.length;
  };
  return {
    frames: s.timestamps.length,
    seconds: roundTo((s.endMs - s.startMs) / 1000, 2),
    frameMsMedian: roundTo(frameMsMedian, 2),
    frameMsP95: roundTo(percentile(gaps, 95), 2),
    maxFrameGapMs: roundTo(gaps.length > 0 ? Math.max(...gaps) : NaN, 1),
    fpsMedian: roundTo(1000 / frameMsMedian, 1),
    fpsMean: roundTo((gaps.length * 1000) / spanMs, 1),
    slowFrameShare: roundTo(gaps.filter((g) => g > 25).length / Math.max(1, gaps.length), 3),
    dotsMedian: median(s.dots),
    packetsMedian: median(s.packets),
    perDotMedian: median(s.perDot),
    volumeModeShare: roundTo(
      share((i) => (s.perDot[i] as number) > 1),
      3,
    ),
    emptyFrameShare: roundTo(
      share((i) => s.dots[i] === 0 && !((s.rateLabels[i] as number) > 0)),
      3,
    ),
    ratesShare: roundTo(
      share((i) => (s.rateLabels[i] as number) > 0),
      3,
    ),
    inRegionDotShare: roundTo(sum(s.inRegionDots) / Math.max(1, sum(s.dots)), 3),
    drawMsMedian: roundTo(median(s.drawMs), 2),
    drawMsP95: roundTo(percentile(s.drawMs, 95), 2),
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) if (Number.isFinite(v)) total += v;
  return total;
}
