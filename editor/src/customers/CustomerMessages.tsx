import { hrefOf } from '../app/hash-route';
import { useApp } from '../app/app-context';
import { useRequest } from '../app/use-request';

/** The messages journeys made for the customer, with their status and why. */
export function CustomerMessages({ userId }: { userId: string }) {
  const { api } = useApp();
  const messages = useRequest(() => api.listCustomerMessages(userId, 20), userId);
  return (
    <section className="panel wide" aria-labelledby="messages-title">
      <h3 id="messages-title">Messages</h3>
      {messages.error && <p className="error">{messages.error}</p>}
      {messages.data && messages.data.messages.length === 0 && <p className="muted">No messages.</p>}
      {messages.data && messages.data.messages.length > 0 && (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Journey · step</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {messages.data.messages.map((message) => (
              <tr key={message.key}>
                <td className="nowrap">{message.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  <a href={hrefOf({ page: 'journey', id: message.journeyId })}>{message.journeyId}</a> · {message.stepId}
                </td>
                <td>{message.channel}</td>
                <td>
                  <span className={`pill status-${message.status}`}>{message.status}</span>
                </td>
                <td className="small">{message.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
