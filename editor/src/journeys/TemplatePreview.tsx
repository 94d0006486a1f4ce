import { useMemo, useState, type FormEvent } from 'react';
import { sampleCustomer as engineSampleCustomer } from '../../../engine/journeys/index';
import { checkTemplate } from '../../../engine/templates/index';
import { systemClock } from '../../../engine/time/index';
import { describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import type { MessageTemplate } from '../../../schemas/types';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

/**
 * The message as a customer would get it, rendered as you type by the engine's own template code
 * (engine/templates checkTemplate: syntax, unknown variables, then a render). Renders for the
 * built-in sample customer, or for a real one looked up by userId.
 */
export function TemplatePreview({ template, stateId }: { template: MessageTemplate; stateId: string }) {
  const { api } = useApp();
  const { sampleCustomer, sampleLabel, setSampleCustomer } = useJourneyView();
  const journeyId = useJourneyEditor((state) => state.history.present.id);
  const [userId, setUserId] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const checked = useMemo(() => checkTemplate(template, sampleCustomer, { clock: systemClock, journey: { id: journeyId, step: stateId } }), [template, sampleCustomer, journeyId, stateId]);

  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    if (userId.trim() === '') return;
    try {
      setSampleCustomer(await api.readCustomer(userId.trim()), `customer ${userId.trim()}`);
      setLookupError(null);
    } catch (error) {
      setLookupError(describeApiError(error));
    }
  };

  return (
    <section className="template-preview" aria-labelledby={`preview-${stateId}`}>
      <h3 id={`preview-${stateId}`}>Preview for {sampleLabel}</h3>
      <form className="inline-form" onSubmit={lookUp}>
        <label htmlFor="preview-user" className="visually-hidden">
          Render for the customer with userId
        </label>
        <input id="preview-user" placeholder="userId of a real customer" value={userId} onChange={(event) => setUserId(event.target.value)} />
        <button type="submit" className="small">
          Render for them
        </button>
        {sampleCustomer !== engineSampleCustomer && (
          <button type="button" className="small link" onClick={() => setSampleCustomer(engineSampleCustomer, 'the sample customer')}>
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
          {checked.value.warnings.length > 0 && (
            <ul className="warnings">
              {checked.value.warnings.map((warning, i) => (
                <li key={i}>{warning.message}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <ul className="problems">
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
