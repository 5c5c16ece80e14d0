// `--set path=value` lives in src/run so the app's comparison (in the worker) applies the same rules.
export { applySet, parseSetArgument, type SetPath } from '../run/set-path';
