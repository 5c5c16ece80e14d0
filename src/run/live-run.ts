import { ApiError, invalidParameter } from '../api/errors';
import { errorResponse, handleRpc, type ActionParams, type ApiResponse } from '../api/router';
import { createControlPlane, type CommittedChange, type ControlPlaneState } from '../api/state';
import { alignScenarios, type AlignedRun } from '../engine/config/align';
import { fixedChange, type FixedChange } from '../engine/config/reconfigure';
import { Simulation, type ScheduledChange, type SimulationOptions } from '../engine/simulation';
import type { JournalEntry, Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';
import { replayJournal } from './journal-replay';
import { checkLiveFault, faultEntry, faultOfEntry, type LiveFault } from './live-faults';

/** What a live change did to the run, for the host's bookkeeping (checkpoints, the UI's notice). */
export interface ChangeEffect {
  /** Journal entries after the change's time that it discarded (a new branch), oldest first. */
  discarded: JournalEntry[];
  /** The simulation was rebuilt from time 0 (the change needed tables the old one lacked). */
  rebuilt: boolean;
  /** When the change was made: a rebuilt simulation has been replayed back to it. */
  atUs: number;
}

/** Replays a rebuilt simulation up to a time; the host's version takes checkpoints and reports progress. */
export type CatchUp = (sim: Simulation, targetUs: number) => void;

const runTo: CatchUp = (sim, targetUs) => {
  sim.runUntil(targetUs);
};

/**
 * A run: the initial scenario, its command journal, and the simulation that plays them. Every
 * journal entry is applied at its simulated time, after every event at or before that time
 * (`Simulation` holds the schedule), so the trace hash is a function of scenario, seed and journal
 * — in the worker, on loopback and in the CLI alike. A live API call is journaled at the current
 * simulated time; one made after seeking back discards the later entries (a new branch).
 */
export class LiveRun {
  readonly initial: Scenario;
  private entries: JournalEntry[];
  /** The configuration after each entry: snapshots[0] is the initial one. */
  private snapshots: Scenario[];
  private aligned: AlignedRun;
  private alignedKey: string;
  sim: Simulation;
  private readonly state: ControlPlaneState;
  private pendingEffect: ChangeEffect | undefined;

  constructor(
    scenario: Scenario,
    private readonly options: SimulationOptions = {},
  ) {
    this.initial = { ...scenario, journal: [] };
    this.entries = [...scenario.journal];
    this.snapshots = replayJournal(this.initial, this.entries);
    this.aligned = alignScenarios(this.snapshots);
    checkJournalApplies(this.aligned, this.entries);
    this.alignedKey = JSON.stringify(this.aligned.base);
    this.sim = this.build();
    this.state = createControlPlane(this.snapshots[0]!);
    this.state.onCommit = (change) => this.commit(change);
  }

  /** The run as a scenario file: the initial configuration and every change made so far. */
  get scenario(): Scenario {
    return { ...this.initial, journal: [...this.entries] };
  }

  get journal(): readonly JournalEntry[] {
    return this.entries;
  }

  /** The load balancer's configuration at the simulation's current time. */
  get configuration(): Scenario {
    return this.snapshots[this.sim.changesApplied]!;
  }

  /** Swaps in another simulation of this run (a restored checkpoint); it follows the journal as it is now. */
  adopt(sim: Simulation): void {
    this.follow(sim);
    this.sim = sim;
  }

  /** Makes a copy of this run's simulation (a checkpoint being replayed) follow the journal as it is now. */
  follow(sim: Simulation): void {
    sim.setChanges(this.schedule());
  }

  /**
   * Serves one API call at the current simulated time. Reads answer from the configuration in
   * force and the live simulation; an accepted change is journaled and applied at once.
   */
  handle(params: ActionParams, catchUp: CatchUp = runTo): { response: ApiResponse; effect: ChangeEffect | undefined } {
    this.sim.runUntil(this.sim.timeUs); // events left at this microsecond come first, as on replay
    this.state.scenario = this.configuration;
    this.state.simulation = this.sim;
    this.pendingEffect = undefined;
    const response = handleRpc(this.state, params);
    const effect = this.pendingEffect as ChangeEffect | undefined;
    this.pendingEffect = undefined;
    catchUp(this.sim, effect?.atUs ?? this.sim.timeUs);
    return { response, effect };
  }

  /** An error found before any action runs (a transport's own check), with this run's next request id. */
  errorResponse(error: ApiError): ApiResponse {
    return errorResponse(this.state, error);
  }

  /**
   * Replaces the journal (undoing a branch or a change): the simulation is rebuilt and replayed
   * to the time it was at. Entries must be in time order and accepted by the API, as on load.
   */
  replaceJournal(entries: readonly JournalEntry[], catchUp: CatchUp = runTo): void {
    const nowUs = this.sim.timeUs;
    const snapshots = replayJournal(this.initial, entries);
    const aligned = alignScenarios(snapshots);
    checkJournalApplies(aligned, entries);
    this.snapshots = snapshots;
    this.entries = [...entries];
    this.aligned = aligned;
    this.alignedKey = JSON.stringify(this.aligned.base);
    this.sim = this.build();
    catchUp(this.sim, nowUs);
  }

  /**
   * Injects a fault now (the console's node menu): checked by the scenario's fault rules against the
   * configuration in force, journaled with source "fault" at the current simulated time (after
   * seeking back it starts a new branch, as an API change does) and applied at once.
   */
  injectFault(fault: Record<string, unknown>, catchUp: CatchUp = runTo): { ok: true; effect: ChangeEffect } | { ok: false; field: string; message: string } {
    this.sim.runUntil(this.sim.timeUs); // events left at this microsecond come first, as on replay
    const check = checkLiveFault(this.configuration, fault);
    if (!check.ok) return check;
    this.append(faultEntry(this.sim.timeUs, check.fault), this.configuration);
    const effect = this.pendingEffect!;
    this.pendingEffect = undefined;
    catchUp(this.sim, effect.atUs);
    return { ok: true, effect };
  }

  private commit(change: CommittedChange): void {
    this.append({ atUs: this.sim.timeUs, source: 'api', action: change.action, params: change.params }, change.scenario);
  }

  /**
   * Journals an entry at the current time (dropping entries not yet applied: a new branch), with the
   * configuration after it. A change the running engine cannot apply (a population's request mix or
   * TLS settings, which the run keeps fixed) is refused here, before anything is journaled: an
   * ApiError thrown from the router's onCommit becomes the call's coded answer, and the run goes on.
   */
  private append(entry: JournalEntry, after: Scenario): void {
    const atUs = entry.atUs;
    const applied = this.sim.changesApplied;
    const entries = [...this.entries.slice(0, applied), entry];
    const snapshots = [...this.snapshots.slice(0, applied + 1), after];
    const aligned = alignScenarios(snapshots);
    const refusal = stepRefusal(aligned, applied + 1);
    if (refusal !== undefined) throw refusalError(refusal);
    const discarded = this.entries.slice(applied);
    this.entries = entries;
    this.snapshots = snapshots;
    this.aligned = aligned;
    const key = JSON.stringify(this.aligned.base);
    // The simulation's tables were sized from the old base; a change that needs others (a new
    // listener, population or server) rebuilds it and replays to now, which the journal makes exact.
    const rebuilt = key !== this.alignedKey;
    this.alignedKey = key;
    if (rebuilt) this.sim = this.build();
    else this.sim.setChanges(this.schedule()); // applied by handle's catch-up: it is due now
    this.pendingEffect = { discarded, rebuilt, atUs };
  }

  private schedule(): ScheduledChange[] {
    return this.entries.map((entry, i) => ({ atUs: entry.atUs, step: this.aligned.steps[i + 1]!, fault: entry.source === 'fault' ? (faultOfEntry(entry) as LiveFault) : undefined }));
  }

  private build(): Simulation {
    const sim = new Simulation(this.aligned.base, { ...this.options, config: this.aligned.steps[0]! });
    sim.setChanges(this.schedule());
    return sim;
  }
}

/** What stops the engine from applying aligned step `index` after the one before it, or undefined when it can. */
function stepRefusal(aligned: AlignedRun, index: number): FixedChange | undefined {
  return fixedChange(aligned.steps[index - 1]!.scenario, aligned.steps[index]!.scenario);
}

/** The API's answer to a change the running engine cannot apply, naming the parameter where there is one. */
function refusalError(refusal: FixedChange): ApiError {
  const field = refusal.populationField;
  if (field !== undefined) return invalidParameter(field === 'http' ? 'Http' : 'Tls', `${refusal.message} (send it as SimDescribeClientPopulations answers it)`);
  return new ApiError(400, 'InvalidParameter', `The change cannot be applied to the running simulation: ${refusal.message}`);
}

/** A saved journal whose entries the engine could not apply in turn is refused at load, naming the entry. */
function checkJournalApplies(aligned: AlignedRun, entries: readonly JournalEntry[]): void {
  entries.forEach((entry, i) => {
    const refusal = stepRefusal(aligned, i + 1);
    if (refusal !== undefined) {
      throw new CodedError('InvalidJournal', `journal.${i}: ${entry.action} at ${entry.atUs} µs cannot be applied to the running simulation: ${refusal.message}`, `journal.${i}`);
    }
  });
}
