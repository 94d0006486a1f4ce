import { useApp } from '../app/app-context';
import { useRequest } from '../app/use-request';

/** The customer's latest events. */
export function CustomerEvents({ userId }: { userId: string }) {
  const { api } = useApp();
  const events = useRequest(() => api.listCustomerEvents(userId, 20), userId);
  return (
    <section className="panel wide" aria-labelledby="events-title">
      <h3 id="events-title">Recent events</h3>
      {events.error && <p className="error">{events.error}</p>}
      {events.data && events.data.events.length === 0 && <p className="muted">No events.</p>}
      {events.data && events.data.events.length > 0 && (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.data.events.map((event) => (
              <tr key={event._id}>
                <td className="nowrap">{event.timestamp.slice(0, 16).replace('T', ' ')}</td>
                <td>{event.type === 'track' ? event.event : event.type === 'page' || event.type === 'screen' ? `${event.type}: ${event.name ?? ''}` : event.type}</td>
                <td className="muted small truncate">{JSON.stringify(event.properties ?? event.traits ?? {})}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
