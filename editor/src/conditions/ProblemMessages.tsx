import type { ConditionProblem } from '../condition-document/index';

/** The problems of one node, next to it. */
export function ProblemMessages({ problems, id }: { problems: readonly ConditionProblem[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" id={id}>
      {problems.map((problem, i) => (
        <li key={i}>
          {problem.code && <span className="problem-code">{problem.code}</span>} {problem.message}
        </li>
      ))}
    </ul>
  );
}
