import type { TemplateChannel } from '../../../../engine/templates/index';
import { listTemplateOptions } from '../../template-document/index';
import { useJourneyView } from '../journey-view-context';

interface LibraryTemplatePickerProps {
  channel: TemplateChannel;
  /** The library template the step uses, or null when it has a message of its own. */
  currentRef: string | null;
  /** A template id, or '' for a message written for this step. */
  onPick(value: string): void;
}

/** Chooses where a send step's message comes from: written for the step, or a library template of its channel. */
export function LibraryTemplatePicker({ channel, currentRef, onPick }: LibraryTemplatePickerProps) {
  const { library, libraryError, reloadLibrary } = useJourneyView();
  const options = listTemplateOptions(library ?? [], channel, currentRef);
  const fitting = library?.filter((template) => template.channel === channel).length ?? 0;
  return (
    <div className="field">
      <label htmlFor="send-template-source">Template</label>
      <select id="send-template-source" value={currentRef ?? ''} onChange={(event) => onPick(event.target.value)} aria-describedby="send-template-source-help">
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <p className="help" id="send-template-source-help">
        {libraryError
          ? `The template library did not load: ${libraryError} `
          : library === null
            ? 'Loading the template library… '
            : `${fitting === 0 ? 'No' : fitting} library template${fitting === 1 ? '' : 's'} for ${channel}; write and change them under Templates. `}
        <button type="button" className="small link" onClick={reloadLibrary}>
          Load the library again
        </button>
      </p>
    </div>
  );
}
