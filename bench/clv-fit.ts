/**
 * How long fitting the CLV model takes, on demand: the CDNOW sample (2,357 customers) and 100,000
 * customers simulated from the BG/NBD + Gamma-Gamma processes, plus the cost of computing the CLV traits
 * afterwards. Run: `npx tsx bench/clv-fit.ts` (add `--quick` for fewer repetitions).
 *
 * Baseline, measured in the same run: ONE evaluation of the BG/NBD log-likelihood written the
 * straightforward way (computeBgNbdLogLikelihood per customer, gamma functions per customer, no
 * gradient). The ratio says how many such evaluations a whole fit costs — three BFGS starts, analytic
 * gradients, standard errors and the Gamma-Gamma fit included.
 */
import { readFileSync } from 'node:fs';
import {
  computeBgNbdLogLikelihood,
  createSeededRandom,
  fitClvModel,
  simulateBgNbdCustomers,
  summarizeTransactions,
  type ClvModel,
  type CustomerSummary,
} from '../engine/models';
import { computeClvTraits } from '../engine/traits';

const quick = process.argv.includes('--quick');

function measure(runs: number, work: () => void): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((left, right) => left - right);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function fitOrThrow(customers: readonly CustomerSummary[], timeUnit: 'days' | 'weeks', observationEnd: string): ClvModel {
  const result = fitClvModel(customers, { time_unit: timeUnit, observation_end: observationEnd, fitted_at: new Date(0).toISOString() });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

function report(label: string, customers: readonly CustomerSummary[], timeUnit: 'days' | 'weeks', observationEnd: string, runs: number): void {
  const baseline = measure(runs, () => {
    let sum = 0;
    for (const customer of customers) sum += computeBgNbdLogLikelihood({ r: 0.5, alpha: 10, a: 0.8, b: 2.5 }, customer);
    if (!Number.isFinite(sum)) throw new Error('baseline produced a non-finite likelihood');
  });
  const heapBefore = process.memoryUsage().heapUsed;
  let model: ClvModel | null = null;
  const fits = measure(runs, () => {
    model = fitOrThrow(customers, timeUnit, observationEnd);
  });
  const heapAfter = process.memoryUsage().heapUsed;
  const fitted = model as unknown as ClvModel;
  const p50 = percentile(fits, 0.5);
  const baseline50 = percentile(baseline, 0.5);
  console.log(`\n${label}: ${customers.length.toLocaleString('en')} customers, ${runs} runs`);
  console.log(`  fit (BG/NBD + Gamma-Gamma)  p50 ${p50.toFixed(1)} ms  p99 ${percentile(fits, 0.99).toFixed(1)} ms  ` +
    `(${Math.round(customers.length / (p50 / 1000)).toLocaleString('en')} customers/s)`);
  console.log(`  baseline: one naive log-likelihood evaluation  p50 ${baseline50.toFixed(2)} ms`);
  console.log(`  ratio fit / baseline: ${(p50 / baseline50).toFixed(1)}`);
  console.log(`  BG/NBD r=${fitted.bg_nbd.r.toFixed(4)} alpha=${fitted.bg_nbd.alpha.toFixed(4)} a=${fitted.bg_nbd.a.toFixed(4)} b=${fitted.bg_nbd.b.toFixed(4)} ` +
    `iterations=${fitted.bg_nbd.iterations} converged=${fitted.bg_nbd.converged}; Gamma-Gamma p=${fitted.gamma_gamma.p.toFixed(3)} ` +
    `q=${fitted.gamma_gamma.q.toFixed(3)} v=${fitted.gamma_gamma.v.toFixed(3)}`);
  console.log(`  heap growth over the fits: ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

const cdnowLines = readFileSync(new URL('../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url), 'utf8').split('\n').filter((line) => line.trim() !== '');
const cdnow = summarizeTransactions(
  cdnowLines.map((line) => {
    const [customer, , date, , dollars] = line.trim().split(/\s+/);
    return { customer, at: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, value: Number(dollars) };
  }),
  { observation_end: '1997-09-30', time_unit: 'weeks' },
);
if (!cdnow.ok) throw new Error(JSON.stringify(cdnow.problem));
report('CDNOW sample (weeks)', cdnow.value, 'weeks', '1997-09-30', quick ? 5 : 20);

const simulated = simulateBgNbdCustomers({ r: 0.5, alpha: 20, a: 0.8, b: 2.5 }, {
  customers: 100_000,
  age: [30, 730],
  random: createSeededRandom(1),
  spend: { p: 4, q: 5, v: 120 },
});
report('Simulated (days)', simulated, 'days', '2024-06-30', quick ? 2 : 5);

const model = fitOrThrow(simulated, 'days', '2024-06-30');
const histories = simulated.map((customer) => ({
  first_order_day: '2023-01-01',
  last_order_day: new Date(Date.parse('2023-01-01') + Math.round(customer.t_x) * 86_400_000).toISOString().slice(0, 10),
  order_days: customer.x + 1,
  repeat_value: (customer.monetary_value ?? 0) * customer.x,
}));
const now = Date.parse('2024-12-31T12:00:00Z');
const traitTimes = measure(quick ? 1 : 3, () => {
  for (const history of histories) computeClvTraits(history, model, now, { horizon_days: 365, annual_discount_rate: 0.1 });
});
const traitsBaseline = measure(quick ? 1 : 3, () => {
  for (const history of histories) computeClvTraits(history, model, now, { horizon_days: 365 });
});
const traitP50 = percentile(traitTimes, 0.5);
const traitBaseline = percentile(traitsBaseline, 0.5);
console.log(`\nCLV traits for ${histories.length.toLocaleString('en')} customers (365-day horizon, 10 % discount in 30-day periods): ` +
  `p50 ${traitP50.toFixed(0)} ms (${Math.round(histories.length / (traitP50 / 1000)).toLocaleString('en')} customers/s)`);
console.log(`  baseline without discounting (one forecast per customer): ${traitBaseline.toFixed(0)} ms; ratio ${(traitP50 / traitBaseline).toFixed(1)}`);
