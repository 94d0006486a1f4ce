import type { RuntimeContext } from '../runtime/index';

/**
 * What journey functions need of the runtime: the store and the clock, and — when there is one — what
 * to run after a timer's actions changed a customer. Any `RuntimeContext` is one; tests and
 * simulations may pass just the store and the clock.
 */
export type JourneyRuntime = Pick<RuntimeContext, 'store' | 'clock'> & Partial<Pick<RuntimeContext, 'afterCustomersChanged' | 'links'>>;
