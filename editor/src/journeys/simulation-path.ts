import type { Journey, JourneySimulation } from '../../../schemas/types';

/** For each state, the steps (1-based, in time order) at which the simulation entered it. */
export function visitOrder(simulation: JourneySimulation | null): Map<string, number[]> {
  const order = new Map<string, number[]>();
  simulation?.visits.forEach((visit, i) => {
    const steps = order.get(visit.state) ?? [];
    steps.push(i + 1);
    order.set(visit.state, steps);
  });
  return order;
}

/** The transitions the simulated customer took: consecutive visits of one instance joined by a transition. */
export function traversedTransitions(doc: Journey, simulation: JourneySimulation | null): Set<string> {
  const taken = new Set<string>();
  if (!simulation) return taken;
  const lastState = new Map<string, string>();
  for (const visit of simulation.visits) {
    const previous = lastState.get(visit.instanceId);
    if (previous !== undefined) {
      for (const transition of doc.transitions) if (transition.from === previous && transition.to === visit.state) taken.add(transition.id);
    }
    lastState.set(visit.instanceId, visit.state);
  }
  return taken;
}
