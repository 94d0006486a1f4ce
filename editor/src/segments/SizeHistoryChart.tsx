import type { SegmentSizePoint } from '../../../schemas/types';

const width = 560;
const height = 160;
const pad = { left: 44, right: 12, top: 12, bottom: 28 };

function formatDay(time: number): string {
  return new Date(time).toISOString().slice(5, 16).replace('T', ' ');
}

/** A segment's size over time as a line (one point per hourly snapshot, recompute or archive). */
export function SizeHistoryChart({ points }: { points: readonly SegmentSizePoint[] }) {
  if (points.length === 0) return <p className="muted">No size history yet: a point is recorded at every recompute and every hour.</p>;
  const times = points.map((point) => Date.parse(point.at));
  const sizes = points.map((point) => point.size);
  const [minTime, maxTime] = [Math.min(...times), Math.max(...times)];
  const maxSize = Math.max(1, ...sizes);
  const x = (time: number) => pad.left + (maxTime === minTime ? (width - pad.left - pad.right) / 2 : ((time - minTime) / (maxTime - minTime)) * (width - pad.left - pad.right));
  const y = (size: number) => height - pad.bottom - (size / maxSize) * (height - pad.top - pad.bottom);
  const line = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]).toFixed(1)},${y(point.size).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  const summary = `Size went from ${sizes[0]} to ${last.size} between ${points[0].at.slice(0, 10)} and ${last.at.slice(0, 10)}; highest ${Math.max(...sizes)}.`;
  return (
    <svg className="size-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
      <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} className="axis" />
      <line x1={pad.left} x2={width - pad.right} y1={y(maxSize)} y2={y(maxSize)} className="grid" />
      <text x={pad.left - 6} y={y(0) + 4} textAnchor="end" className="tick">
        0
      </text>
      <text x={pad.left - 6} y={y(maxSize) + 4} textAnchor="end" className="tick">
        {maxSize.toLocaleString()}
      </text>
      <text x={pad.left} y={height - 8} className="tick">
        {formatDay(minTime)}
      </text>
      <text x={width - pad.right} y={height - 8} textAnchor="end" className="tick">
        {formatDay(maxTime)}
      </text>
      <path d={line} className="series" />
      {points.map((point, i) => (
        <circle key={i} cx={x(times[i])} cy={y(point.size)} r={point.reason === 'hourly' ? 2 : 3.5} className={`dot dot-${point.reason}`}>
          <title>{`${point.at.slice(0, 16).replace('T', ' ')} — ${point.size.toLocaleString()} (${point.reason}${point.version ? `, v${point.version}` : ''})`}</title>
        </circle>
      ))}
    </svg>
  );
}
