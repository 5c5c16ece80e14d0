import type { FrameSummary, MetricSample } from '../worker/protocol';

/** While a run streams, React's views get a new frame at most this often (the overlay still gets every one). */
export const UI_FRAME_MS = 100;

/** What the publisher needs of the page: a clock and one-shot timers (fake ones in tests). */
export interface PublishClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Receives a frame for the views, with the chart samples of every frame folded into it since the last one. */
export type Publish = (frame: FrameSummary, samples: MetricSample[]) => void;

/**
 * Hands worker frames on to React's views at most once per `intervalMs` while a run streams, the
 * latest one always arriving within `intervalMs` (a trailing timer). The worker sends up to 60
 * frames a second; re-rendering the toolbar, the timeline, the panels and every node's counters for
 * each one kept the page's main thread busy enough that, on a loaded two-core machine, a frame
 * now and then waited past 50 ms for a core. Ten updates a second still read as live.
 *
 * A frame that changes something discrete goes out at once: the first one, a pause or a play, a
 * configuration change (journal revision or length), or one a control asked for (a step, a seek).
 * Chart samples are never dropped: those of held frames travel with the next one published.
 */
export class FramePublisher {
  private last: FrameSummary | undefined;
  private lastAtMs = -Infinity;
  private held: FrameSummary | undefined;
  private samples: MetricSample[] = [];
  private timer: unknown;

  constructor(
    private readonly publish: Publish,
    private readonly clock: PublishClock,
    private readonly intervalMs = UI_FRAME_MS,
  ) {}

  /** A frame from the worker; `urgent` publishes it now whatever it holds. */
  offer(frame: FrameSummary, urgent = false): void {
    if (frame.samples.length > 0) this.samples.push(...frame.samples);
    const now = this.clock.now();
    if (urgent || this.discrete(frame) || now - this.lastAtMs >= this.intervalMs) {
      this.send(frame, now);
      return;
    }
    this.held = frame;
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.held) this.send(this.held, this.clock.now());
    }, this.lastAtMs + this.intervalMs - now);
  }

  /** Forgets what is held (the run it belongs to was replaced): nothing of it is published. */
  drop(): void {
    this.held = undefined;
    this.samples = [];
  }

  /** Publishes what is held now, if anything. */
  flush(): void {
    if (this.held) this.send(this.held, this.clock.now());
  }

  private discrete(frame: FrameSummary): boolean {
    const last = this.last;
    return (
      !last ||
      !frame.playing ||
      frame.playing !== last.playing ||
      frame.journal.revision !== last.journal.revision ||
      frame.journal.entries !== last.journal.entries ||
      frame.simTimeUs < last.simTimeUs
    );
  }

  private send(frame: FrameSummary, now: number): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const samples = this.samples;
    this.held = undefined;
    this.samples = [];
    this.last = frame;
    this.lastAtMs = now;
    this.publish(frame, samples);
  }
}
