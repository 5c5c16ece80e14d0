import { US_PER_S } from '../../shared/units';

interface Template {
  backend: number;
  /** When it expires if no connection it controls is alive. */
  expiresUs: number;
  /** Connections on this node the template controls (the kernel's `n_control`). */
  controls: number;
}

/**
 * IPVS persistence templates (`PersistenceTimeout`): per LVS node and listener, the backend a
 * client IP was last sent to. Like the kernel's template connection, a template cannot expire
 * while any connection it controls is alive (`n_control`), and expires `PersistenceTimeout` after
 * its latest use or after the last of them ends, whichever is later. A synced session installs
 * its template on the receiving node too, so a client stays put when its flows move.
 */
export class PersistenceTemplates {
  /** Per (node, listener) pair: client IP → template. */
  private readonly templates: Map<number, Template>[];

  private readonly timeoutsS: number[];

  constructor(nodes: number, timeoutsS: readonly number[]) {
    this.timeoutsS = [...timeoutsS];
    this.templates = Array.from({ length: nodes * timeoutsS.length }, () => new Map<number, Template>());
  }

  /**
   * A new PersistenceTimeout: templates made or refreshed from now use it; existing ones keep
   * their expiry (0 turns persistence off for new connections, and templates still holding
   * connections expire when those end, as ip_vs_edit_service leaves the templates in the table).
   */
  setPersistenceTimeout(listener: number, seconds: number): void {
    this.timeoutsS[listener] = seconds;
  }

  enabled(listener: number): boolean {
    return (this.timeoutsS[listener] as number) > 0;
  }

  /**
   * The backend the client's template on node i points to, refreshing the template, or -1 when it
   * has none, it expired, or its backend's weight in this node's view is 0 (quiesced or removed).
   */
  use(i: number, listener: number, clientIp: number, nowUs: number, weights: ArrayLike<number>): number {
    const map = this.templates[this.pairOf(i, listener)]!;
    const template = map.get(clientIp);
    if (template === undefined) return -1;
    if (template.controls === 0 && template.expiresUs <= nowUs) {
      map.delete(clientIp);
      return -1;
    }
    if ((weights[template.backend] as number) <= 0) return -1;
    template.expiresUs = nowUs + this.timeoutUs(listener);
    return template.backend;
  }

  /** Points the client's template on node i at `backend`; nothing without persistence or a backend. */
  remember(i: number, listener: number, clientIp: number, backend: number, nowUs: number): void {
    if (backend < 0 || !this.enabled(listener)) return;
    const map = this.templates[this.pairOf(i, listener)]!;
    const template = map.get(clientIp);
    if (template === undefined) map.set(clientIp, { backend, expiresUs: nowUs + this.timeoutUs(listener), controls: 0 });
    else {
      template.backend = backend;
      template.expiresUs = Math.max(template.expiresUs, nowUs + this.timeoutUs(listener));
    }
  }

  /** A connection on node i is now controlled by the client's template (which remember() made). */
  control(i: number, listener: number, clientIp: number): void {
    const template = this.templates[this.pairOf(i, listener)]!.get(clientIp);
    if (template !== undefined) template.controls++;
  }

  /** A controlled connection's entry on node i is gone; the last one starts the template's timeout. */
  release(i: number, listener: number, clientIp: number, nowUs: number): void {
    const template = this.templates[this.pairOf(i, listener)]!.get(clientIp);
    if (template === undefined) return;
    template.controls--;
    if (template.controls === 0) template.expiresUs = Math.max(template.expiresUs, nowUs + this.timeoutUs(listener));
  }

  /** Node i lost its tables (crash or upgrade): its templates are gone too. */
  clearNode(i: number): void {
    for (let l = 0; l < this.timeoutsS.length; l++) this.templates[this.pairOf(i, l)]!.clear();
  }

  /** The template's state, for tests and the inspector. */
  peek(i: number, listener: number, clientIp: number): Readonly<Template> | undefined {
    return this.templates[this.pairOf(i, listener)]!.get(clientIp);
  }

  private timeoutUs(listener: number): number {
    return (this.timeoutsS[listener] as number) * US_PER_S;
  }

  private pairOf(i: number, listener: number): number {
    return i * this.timeoutsS.length + listener;
  }
}
