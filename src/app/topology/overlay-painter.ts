import { DOT_FIELDS, type FromPainter, type PaintFrame, type ToPainter } from './overlay-protocol';

/** The dots canvas' pixels, as tests read them. */
export interface OverlayPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * The main thread's end of the overlay's painter worker (overlay.worker.ts): makes the two canvases
 * inside `container` (rates under dots), hands them to the worker, and sends it one frame at a
 * time. A frame is not sent while the worker still paints the previous one, so a busy machine sees
 * fewer frames rather than a queue; the dots buffer travels back and forth instead of being
 * allocated each frame.
 */
export class OverlayPainter {
  /** How many rate labels the painter last reported showing. */
  rateLabels = 0;
  private readonly worker: Worker;
  private readonly canvases: HTMLCanvasElement[];
  private busy = false;
  private buffer: Int32Array = new Int32Array(DOT_FIELDS * 1024);
  private nextPixelsId = 0;
  private readonly pixelRequests = new Map<number, (pixels: OverlayPixels) => void>();

  constructor(container: HTMLElement) {
    this.canvases = ['traffic-rates', 'traffic-overlay'].map((testId) => {
      const canvas = document.createElement('canvas');
      canvas.dataset.testid = testId;
      canvas.setAttribute('aria-hidden', 'true');
      canvas.className = 'pointer-events-none absolute inset-0 h-full w-full';
      container.append(canvas);
      return canvas;
    });
    const [rates, dots] = this.canvases.map((canvas) => canvas.transferControlToOffscreen()) as [OffscreenCanvas, OffscreenCanvas];
    this.worker = new Worker(new URL('./overlay.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromPainter>) => this.receive(event.data);
    this.post({ kind: 'canvases', dots, rates }, [dots, rates]);
  }

  /** Whether a frame can be sent now (the painter finished the last one). */
  get ready(): boolean {
    return !this.busy;
  }

  /** A buffer for `count` dots (DOT_FIELDS numbers each) to fill and pass to `paint`; only while `ready`. */
  dots(count: number): Int32Array {
    if (this.buffer.length < count * DOT_FIELDS) this.buffer = new Int32Array(count * DOT_FIELDS * 2);
    return this.buffer;
  }

  paint(frame: Omit<PaintFrame, 'kind' | 'dots'>): void {
    const dots = this.buffer;
    this.busy = true;
    this.post({ kind: 'frame', ...frame, dots }, [dots.buffer]);
  }

  /** What the dots canvas shows, read back from the painter. */
  pixels(): Promise<OverlayPixels> {
    const id = this.nextPixelsId++;
    return new Promise((resolve) => {
      this.pixelRequests.set(id, resolve);
      this.post({ kind: 'pixels', id });
    });
  }

  dispose(): void {
    this.worker.terminate();
    for (const canvas of this.canvases) canvas.remove();
    for (const resolve of this.pixelRequests.values()) resolve({ width: 0, height: 0, data: new Uint8ClampedArray(0) });
    this.pixelRequests.clear();
  }

  private receive(message: FromPainter): void {
    if (message.kind === 'painted') {
      this.buffer = message.dots;
      this.rateLabels = message.rateLabels;
      this.busy = false;
      return;
    }
    this.pixelRequests.get(message.id)?.(message);
    this.pixelRequests.delete(message.id);
  }

  private post(message: ToPainter, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}
