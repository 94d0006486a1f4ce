import type { RuntimeContext } from '../runtime/index';

/**
 * What journey functions need of the runtime: the store and the clock. Any `RuntimeContext` is one;
 * tests and simulations may pass just these two.
 */
export type JourneyRuntime = Pick<RuntimeContext, 'store' | 'clock'>;
