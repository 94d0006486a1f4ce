import type { JourneyEffect } from './journey-effect';
import { isEndingGoal, type JourneyGraph } from './journey-document';

/**
 * An ending goal of a journey that loops back past it: win-back's "came back" leads on to retain, and
 * a customer who lapses again is led back to the offer. Each time round is a lap, and the goal can be
 * reached once per lap: its window counts from when the lap began. `before` holds the states an entry
 * reaches without passing through the goal; crossing into them from anywhere else begins a lap.
 */
export interface GoalLap {
  goal: string;
  before: ReadonlySet<string>;
}

/** What a lap needs of the machine's context (journey-machine.ts's JourneyMachineContext). */
interface LapContext {
  /** Goals reached in this lap. */
  g?: string[];
  /** When each looping goal's current lap began (ISO); its window counts from there instead of entry. */
  gw?: Record<string, string>;
}

function reachable(graph: JourneyGraph, from: readonly string[], skip: string): Set<string> {
  const seen = new Set<string>();
  const queue = from.filter((id) => id !== skip);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const transition of graph.outgoing.get(id) ?? []) if (transition.to !== skip) queue.push(transition.to);
  }
  return seen;
}

/** The ending goals whose own path leads back to states before them. */
export function findGoalLaps(graph: JourneyGraph): GoalLap[] {
  const laps: GoalLap[] = [];
  for (const goal of graph.goals) {
    if (!isEndingGoal(goal)) continue;
    const before = reachable(graph, graph.entries.map((entry) => entry.id), goal.id);
    const after = reachable(graph, (graph.outgoing.get(goal.id) ?? []).map((transition) => transition.to), goal.id);
    if ([...after].some((id) => before.has(id))) laps.push({ goal: goal.id, before });
  }
  return laps;
}

/**
 * The context after a step that entered `effects`' states, starting from `from`: a looping goal reached
 * earlier is reachable again once the instance crosses back into the states before it, with its window
 * counting from that moment.
 */
export function beginGoalLaps<C extends LapContext>(laps: readonly GoalLap[], context: C, from: string | null, effects: readonly JourneyEffect[]): C {
  if (laps.length === 0 || !context.g?.length) return context;
  let next = context;
  let previous = from;
  for (const effect of effects) {
    if (effect.kind !== 'enter-state') continue;
    for (const { goal, before } of laps) {
      const crossed = before.has(effect.state) && (previous === null || !before.has(previous));
      if (!crossed || !next.g?.includes(goal)) continue;
      next = { ...next, g: next.g.filter((id) => id !== goal), gw: { ...next.gw, [goal]: new Date(effect.at).toISOString() } };
    }
    previous = effect.state;
  }
  return next;
}
