import { LiveRun } from '../run/live-run';
import { CodedError } from '../shared/errors';
import { parseArgs, USAGE, type RunArgs } from './args';
import { loadScenario } from './load-scenario';
import { runRoute } from './route';
import { runServe } from './serve';
import { NdjsonTraceWriter } from './trace-writer';
import { formatReport } from './report';
import { formatFlowReport, calibrationSummary } from './flow-report';
import { estimateFlow } from '../engine/flow/estimate';
import { US_PER_S } from '../shared/units';
import { formatComparison, runComparison } from './compare';
import type { SweepArgs } from './sweep-plan';
import { formatSweep, readSweepFiles, runSweep } from './sweep';
import { runExport } from './export';
import { runImport } from './import';
import { runValidate } from './validate';
import { runSchema } from './schema';
import { formatExamples } from './examples';

function run(args: RunArgs): void {
  const scenario = loadScenario(args.scenario, args.sets);
  if (args.fidelity === 'flow') {
    const started = performance.now();
    const estimate = estimateFlow(scenario, { durationS: args.durationUs / US_PER_S, ...(args.seed === undefined ? {} : { seed: args.seed }) });
    estimate.report.wallSeconds = (performance.now() - started) / 1000;
    process.stdout.write((args.json ? JSON.stringify({ ...estimate.report, hours: estimate.hours, calibration: calibrationSummary(estimate) }) : formatFlowReport(estimate)) + '\n');
    return;
  }
  const trace = args.tracePath === undefined ? undefined : new NdjsonTraceWriter(args.tracePath, args.traceConn);
  // The scenario's journal (changes made live in the app or through the API) replays at its times.
  const sim = new LiveRun(scenario, { ...(args.seed === undefined ? {} : { seed: args.seed }), ...(trace ? { journal: trace } : {}) }).sim;
  const started = process.hrtime.bigint();
  sim.runUntil(args.durationUs);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (trace) {
    trace.close();
    process.stderr.write(`trace: ${trace.entries} entries written to ${args.tracePath}\n`);
  }
  const report = sim.report(wallSeconds);
  process.stdout.write((args.json ? JSON.stringify(report) : formatReport(report)) + '\n');
}

async function sweep(args: SweepArgs): Promise<void> {
  const progress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rsweep: ${done}/${total} runs`) : undefined;
  const { rows, timing } = await runSweep(args, progress);
  process.stdout.write(formatSweep(rows, args.json) + '\n');
  const speedUp = timing.wallSeconds > 0 ? timing.runSeconds / timing.wallSeconds : 0;
  process.stderr.write(
    `${progress ? '\n' : ''}sweep: ${rows.length} runs on ${timing.jobs} thread${timing.jobs === 1 ? '' : 's'} in ${timing.wallSeconds.toFixed(2)} s; ` +
      `the runs took ${timing.runSeconds.toFixed(2)} s together (${speedUp.toFixed(2)}× parallel; \`npm run bench\` measures the speed-up over one thread)\n`,
  );
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      case 'examples':
        process.stdout.write(formatExamples(args.format) + '\n');
        return 0;
      case 'run':
        run(args);
        return 0;
      case 'compare': {
        const comparison = runComparison(args);
        process.stdout.write((args.json ? JSON.stringify(comparison) : formatComparison(comparison, args.sets.map((set) => `${set.path.join('.')}=${JSON.stringify(set.value)}`))) + '\n');
        return 0;
      }
      case 'sweep':
        await sweep(args);
        return 0;
      case 'sweep-merge':
        process.stdout.write(formatSweep(readSweepFiles(args.files), args.json) + '\n');
        return 0;
      case 'route':
        runRoute(args);
        return 0;
      case 'validate':
        return await runValidate(args);
      case 'export':
        return runExport(args);
      case 'import':
        // Awaited here so its errors reach the catch below (terraform's HCL parser is asynchronous).
        return await runImport(args);
      case 'schema':
        return runSchema(args);
      case 'serve':
        // Keeps running until SIGINT or SIGTERM; a failure to listen sets the exit code later.
        runServe(args);
        return 0;
    }
  } catch (error) {
    if (error instanceof CodedError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (error.code === 'InvalidArguments') process.stderr.write(USAGE + '\n');
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
