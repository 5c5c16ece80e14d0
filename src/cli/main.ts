import { LiveRun } from '../run/live-run';
import { exampleNames } from '../scenario/examples';
import { CodedError } from '../shared/errors';
import { parseArgs, USAGE, type RunArgs } from './args';
import { loadScenario } from './load-scenario';
import { runRoute } from './route';
import { runServe } from './serve';
import { NdjsonTraceWriter } from './trace-writer';
import { formatReport } from './report';
import { formatComparison, runComparison } from './compare';
import { runExport } from './export';
import { runImport } from './import';
import { runValidate } from './validate';

function run(args: RunArgs): void {
  const scenario = loadScenario(args.scenario, args.sets);
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

function main(argv: readonly string[]): number {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      case 'examples':
        process.stdout.write(exampleNames().join('\n') + '\n');
        return 0;
      case 'run':
        run(args);
        return 0;
      case 'compare': {
        const comparison = runComparison(args);
        process.stdout.write((args.json ? JSON.stringify(comparison) : formatComparison(comparison, args.sets.map((set) => `${set.path.join('.')}=${JSON.stringify(set.value)}`))) + '\n');
        return 0;
      }
      case 'route':
        runRoute(args);
        return 0;
      case 'validate':
        return runValidate(args);
      case 'export':
        return runExport(args);
      case 'import':
        return runImport(args);
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

process.exitCode = main(process.argv.slice(2));
