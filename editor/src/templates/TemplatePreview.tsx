import { useMemo, useState, type FormEvent } from 'react';
import { sampleCustomer as engineSampleCustomer } from '../../../engine/journeys/index';
import { checkTemplate, sampleLinksOf } from '../../../engine/templates/index';
import { systemClock } from '../../../engine/time/index';
import { describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import type { Customer, MessageTemplate } from '../../../schemas/types';

/** The customer a preview renders for, and how the page names them. */
export interface PreviewCustomer {
  customer: Partial<Customer>;
  label: string;
}

/** The engine's made-up customer, which templates render for until a real one is looked up. */
export const samplePreviewCustomer: PreviewCustomer = { customer: engineSampleCustomer, label: 'the sample customer' };

interface TemplatePreviewProps {
  template: MessageTemplate;
  /** Who it renders for; `onCustomer` changes it (the journey editor keeps one for all its steps). */
  customer: PreviewCustomer;
  onCustomer(customer: PreviewCustomer): void;
  /** What `{{ journey.id }}` and `{{ journey.step }}` read while previewing. */
  journey: { id: string; step: string };
  /** The channel the message goes out on: email, SMS and push get a sample `{{ links.unsubscribe }}`. */
  channel: string;
  /** Makes the ids of the preview's inputs unique on the page. */
  idPrefix: string;
}

/**
 * The message as a customer would get it, rendered as you type by the engine's own template code
 * (engine/templates checkTemplate: syntax, unknown variables, then a render). Renders for the
 * built-in sample customer, or for a real one looked up by userId.
 */
export function TemplatePreview({ template, customer, onCustomer, journey, channel, idPrefix }: TemplatePreviewProps) {
  const { api } = useApp();
  const [userId, setUserId] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const { id: journeyId, step } = journey;
  const checked = useMemo(
    () => checkTemplate(template, customer.customer, { clock: systemClock, journey: { id: journeyId, step }, links: sampleLinksOf(channel) }),
    [template, customer.customer, journeyId, step, channel],
  );

  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    if (userId.trim() === '') return;
    try {
      onCustomer({ customer: await api.readCustomer(userId.trim()), label: `customer ${userId.trim()}` });
      setLookupError(null);
    } catch (error) {
      setLookupError(describeApiError(error));
    }
  };

  return (
    <section className="template-preview" aria-labelledby={`${idPrefix}-preview-title`}>
      <h3 id={`${idPrefix}-preview-title`}>Preview for {customer.label}</h3>
      <form className="inline-form" onSubmit={lookUp}>
        <label htmlFor={`${idPrefix}-preview-user`} className="visually-hidden">
          Render for the customer with userId
        </label>
        <input id={`${idPrefix}-preview-user`} placeholder="userId of a real customer" value={userId} onChange={(event) => setUserId(event.target.value)} />
        <button type="submit" className="small">
          Render for them
        </button>
        {customer.customer !== engineSampleCustomer && (
          <button type="button" className="small link" onClick={() => onCustomer(samplePreviewCustomer)}>
            back to the sample
          </button>
        )}
      </form>
      {lookupError && <p className="error">{lookupError}</p>}
      {checked.ok ? (
        <div className="rendered" aria-live="polite">
          {checked.value.rendered.subject !== undefined && (
            <p>
              <span className="muted small">Subject</span> <strong>{checked.value.rendered.subject}</strong>
            </p>
          )}
          {checked.value.rendered.title !== undefined && (
            <p>
              <span className="muted small">Title</span> <strong>{checked.value.rendered.title}</strong>
            </p>
          )}
          {checked.value.rendered.text !== undefined && <pre className="rendered-text">{checked.value.rendered.text}</pre>}
          {checked.value.rendered.body !== undefined && <pre className="rendered-text">{checked.value.rendered.body}</pre>}
          {checked.value.rendered.html !== undefined && (
            // No scripts, no same-origin access: the HTML is the marketer's, shown as the customer would see it.
            <iframe className="rendered-html" title="HTML body" sandbox="" srcDoc={checked.value.rendered.html} />
          )}
          {checked.value.rendered.data !== undefined && <pre className="rendered-text">{JSON.stringify(checked.value.rendered.data, null, 2)}</pre>}
          {checked.value.warnings.length > 0 && (
            <ul className="warnings">
              {checked.value.warnings.map((warning, i) => (
                <li key={i}>{warning.message}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <ul className="problems" aria-live="polite">
          {checked.problem.details.map((detail, i) => (
            <li key={i}>
              {detail.pointer && <code>{detail.pointer.replace(/^\//, '')}</code>} {detail.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
