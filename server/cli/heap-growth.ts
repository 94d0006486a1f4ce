import { setFlagsFromString } from 'node:v8';

/** Between major collections, V8's heap may grow to (1 + this / 100) times the live data. */
const HEAP_GROWING_PERCENT = 300;

const growingPercentFlag = /(^|\s)--heap[-_]growing[-_]percent\b/;

/** Whether the operator chose the growth already, on the command line or in NODE_OPTIONS. */
export function growthChosenByOperator(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((argument) => growingPercentFlag.test(argument)) || growingPercentFlag.test(nodeOptions ?? '');
}

/**
 * Lets V8's heap grow to four times the live data between major collections, for the server process:
 * requests should not wait on collections. Left alone when the operator sets `--heap-growing-percent`
 * (`NODE_OPTIONS=--heap-growing-percent=N`).
 *
 * Performance notes: the embedded store keeps every document in the heap, so a major collection marks
 * all of them. While it marks, its steps on the main thread and its marking threads take time from
 * requests, and a server about half busy at 1,000 events/s falls behind: in bench/journeys 170–400
 * requests went over 10 ms around each one. V8 sizes the room before the next one by how fast the last
 * one was, and here left about 1.3 times the live data: 3–4 collections in a 60 s run, client's p99
 * 30.8–76.5 ms (three runs on 2026-11-23). At three times (200): 1–2, p99 8.9–36.2 ms (seven runs); at
 * four times (300): one, p99 5.6–10.0 ms (seven runs). Each collection still slows as many requests;
 * there are fewer of them. The price is memory: up to three times the live data in garbage on top of
 * it (RSS 731–808 MiB at four times against 594–638 MiB at V8's own choice, 62,000 customers). The
 * memory budget (memory-budget.ts) counts live data only, so it is unchanged; near Node's heap limit V8
 * collects sooner on its own.
 */
export function growHeapBeforeCollecting(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): void {
  if (!growthChosenByOperator(execArgv, nodeOptions)) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
