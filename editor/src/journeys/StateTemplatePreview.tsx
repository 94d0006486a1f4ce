import type { MessageTemplate } from '../../../schemas/types';
import { TemplatePreview } from '../templates/TemplatePreview';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

/**
 * A send step's message rendered as the journey would render it, for the customer the journey
 * editor previews with (one for all its steps, so switching steps keeps the chosen customer).
 */
export function StateTemplatePreview({ template, stateId, channel }: { template: MessageTemplate; stateId: string; channel: string }) {
  const { previewCustomer, setPreviewCustomer } = useJourneyView();
  const journeyId = useJourneyEditor((state) => state.history.present.id);
  return <TemplatePreview template={template} customer={previewCustomer} onCustomer={setPreviewCustomer} journey={{ id: journeyId, step: stateId }} channel={channel} idPrefix={`state-${stateId}`} />;
}
