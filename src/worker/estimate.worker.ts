import * as Comlink from 'comlink';
import { estimateMonth } from './month-estimate';
import type { MonthEstimateAnswer, MonthEstimateInput } from './protocol';

/**
 * A worker for the cost panel's month estimate: its packet samples and hourly model block this
 * worker, not the live run's. The app cancels by terminating it.
 */
const api = {
  estimate: (input: MonthEstimateInput, days: number): MonthEstimateAnswer => estimateMonth(input, days, () => performance.now()),
};

export type EstimateWorkerApi = typeof api;

Comlink.expose(api);
