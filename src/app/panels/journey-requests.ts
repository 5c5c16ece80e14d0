import type { JourneyEntryView } from '../../worker/protocol';

/** What the journey panel shows: nothing selected, a replay under way, or a connection's entries. */
export type JourneyView =
  | { status: 'none' }
  /** `fromUs`: the checkpoint the worker replays from, once it said (undefined until then). */
  | { status: 'loading'; conn: number; fromUs: number | undefined }
  | { status: 'ready'; conn: number; entries: JourneyEntryView[] }
  | { status: 'failed'; conn: number; message: string };

/** A checkpoint's time as the loading line says it: whole seconds ("5 s"), else milliseconds. */
export function formatCheckpoint(timeUs: number): string {
  return timeUs % 1_000_000 === 0 ? `${timeUs / 1_000_000} s` : `${(timeUs / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} ms`;
}

/** The worker calls the panel makes (the app passes `simControls`); undefined while no simulation runs. */
export interface JourneySource {
  journeyCheckpoint(conn: number): Promise<number | undefined> | undefined;
  journey(conn: number): Promise<JourneyEntryView[]> | undefined;
}

/**
 * Journey requests of one panel, and which answers it may show. A journey is a replay from a
 * checkpoint, which can take the worker a while, so:
 * - selecting another connection clears the entries at once and shows which checkpoint the replay
 *   starts from ("replaying from the 5 s checkpoint…"), never "no journey" while it runs;
 * - an answer counts only for the connection selected now, and never replaces a newer one (each
 *   request has a serial), so one connection's header never stands over another's hops;
 * - a refresh while a request is in flight waits for it (one replay at a time per panel): asking
 *   again on every frame would queue replays in the worker faster than it finishes them.
 */
export class JourneyRequests {
  private view: JourneyView = { status: 'none' };
  private conn: number | undefined;
  private serial = 0;
  private shown = 0;
  private inFlight = false;
  private again = false;

  constructor(
    private readonly source: JourneySource,
    private readonly onChange: (view: JourneyView) => void,
  ) {}

  get current(): JourneyView {
    return this.view;
  }

  /** A connection was selected (or none): forget what was shown and ask for its journey. */
  select(conn: number | undefined): void {
    if (conn === this.conn) return;
    this.conn = conn;
    // Requests in flight are for another connection: their answers are ignored (see `answer`).
    this.inFlight = false;
    this.again = false;
    if (conn === undefined) return this.show({ status: 'none' });
    this.show({ status: 'loading', conn, fromUs: undefined });
    this.request(conn, true);
  }

  /** The run moved: ask again for the selected connection, keeping its entries in view meanwhile. */
  refresh(): void {
    if (this.conn === undefined) return;
    if (this.inFlight) this.again = true;
    else this.request(this.conn, false);
  }

  private request(conn: number, announce: boolean): void {
    const id = ++this.serial;
    this.inFlight = true;
    if (announce) {
      void this.source.journeyCheckpoint(conn)?.then((fromUs) => {
        if (this.view.status === 'loading' && this.view.conn === conn && this.conn === conn) this.show({ status: 'loading', conn, fromUs });
      });
    }
    const asked = this.source.journey(conn);
    if (!asked) return this.answer(id, conn, new Error('the simulation is not running'));
    asked.then(
      (entries) => this.answer(id, conn, entries),
      (error: unknown) => this.answer(id, conn, error instanceof Error ? error : new Error(String(error))),
    );
  }

  private answer(id: number, conn: number, result: JourneyEntryView[] | Error): void {
    if (conn !== this.conn) return;
    if (id === this.serial) this.inFlight = false;
    if (id > this.shown) {
      this.shown = id;
      this.show(result instanceof Error ? { status: 'failed', conn, message: result.message } : { status: 'ready', conn, entries: result });
    }
    if (!this.inFlight && this.again) {
      this.again = false;
      this.request(conn, false);
    }
  }

  private show(view: JourneyView): void {
    this.view = view;
    this.onChange(view);
  }
}
