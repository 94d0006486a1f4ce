/** Flattens nested objects to dotted keys: `{ consent: { email: true } }` → `consent.email: true`. */
function flatten(value: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([key, item]): Array<[string, unknown]> =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? flatten(item as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, item]],
  );
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 && value > -1 ? 3 : 2);
  return JSON.stringify(value);
}

/** An object's fields as a two-column table. */
export function AttributeTable({ value, empty = 'Nothing yet.' }: { value: Record<string, unknown>; empty?: string }) {
  const rows = flatten(value);
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="compact kv">
      <tbody>
        {rows.map(([key, item]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{formatValue(item)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
