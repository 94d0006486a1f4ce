import { useState, type FormEvent } from 'react';
import { useApp } from '../app/app-context';
import { hrefOf, navigate } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { AttributeTable } from './AttributeTable';
import { CustomerEvents } from './CustomerEvents';
import { CustomerJourneys } from './CustomerJourneys';
import { CustomerMessages } from './CustomerMessages';
import { CustomerTraits } from './CustomerTraits';

/** Looks a customer up by userId and shows everything Wayfarer knows and did about them. */
export function CustomerLookup({ userId }: { userId: string | null }) {
  const { api } = useApp();
  const [query, setQuery] = useState(userId ?? '');
  const customer = useRequest(() => (userId === null ? Promise.resolve(null) : api.readCustomer(userId)), userId ?? '');

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() !== '') navigate({ page: 'customers', userId: query.trim() });
  };

  return (
    <section aria-labelledby="customers-title">
      <div className="page-head">
        <h1 id="customers-title">Customers</h1>
      </div>
      <form className="inline-form" onSubmit={search} role="search">
        <label htmlFor="customer-query">userId</label>
        <input id="customer-query" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="user-123" />
        <button type="submit" className="primary">
          Look up
        </button>
      </form>
      {userId !== null && customer.loading && <p className="muted">Loading…</p>}
      {customer.error && (
        <p className="error" role="alert">
          {customer.error}
        </p>
      )}
      {customer.data && (
        <div className="customer">
          <header className="customer-head">
            <h2>{customer.data.userId ?? 'anonymous'}</h2>
            <span className="muted small">
              known since {customer.data.createdAt.slice(0, 10)} · updated {customer.data.updatedAt.slice(0, 16).replace('T', ' ')}
              {customer.data.anonymousIds.length > 0 && ` · anonymous ids ${customer.data.anonymousIds.join(', ')}`}
            </span>
          </header>
          <div className="customer-grid">
            <section className="panel" aria-labelledby="attributes-title">
              <h3 id="attributes-title">Attributes</h3>
              <AttributeTable value={customer.data.attributes} />
            </section>
            <CustomerTraits traits={customer.data.traits} />
            <section className="panel" aria-labelledby="segments-of-customer">
              <h3 id="segments-of-customer">Segments ({customer.data.segments.length})</h3>
              {customer.data.segments.length === 0 ? (
                <p className="muted">In no segment.</p>
              ) : (
                <ul className="plain">
                  {customer.data.segments.map((segment) => (
                    <li key={segment}>
                      <a href={hrefOf({ page: 'segment', id: segment })}>{segment}</a>{' '}
                      <span className="muted small">since {(customer.data!.segmentsEnteredAt[segment] ?? '').slice(0, 16).replace('T', ' ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <CustomerJourneys userId={userId!} journeys={customer.data.journeys} />
            <CustomerEvents userId={userId!} />
            <CustomerMessages userId={userId!} />
          </div>
        </div>
      )}
    </section>
  );
}
