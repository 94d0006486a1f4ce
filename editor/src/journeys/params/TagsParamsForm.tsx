import { TextField } from '../../forms/index';
import type { TagsParams } from '../../../../schemas/types';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

function readTags(text: string): string[] {
  return text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
}

/** Tags to add and remove (comma-separated). */
export function TagsParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'tags'>>) {
  const params = state.params;
  const set = (key: keyof TagsParams, text: string) => {
    const next: TagsParams = { ...params };
    const tags = readTags(text);
    if (tags.length === 0) delete next[key];
    else next[key] = tags;
    onParams(next, key);
  };
  return (
    <>
      <TextField id="tags-add" label="Add tags" value={(params.add ?? []).join(', ')} onChange={(text) => set('add', text)} problems={problemsAt('/add')} help="Separate tags with commas." />
      <TextField id="tags-remove" label="Remove tags" value={(params.remove ?? []).join(', ')} onChange={(text) => set('remove', text)} problems={problemsAt('/remove')} />
    </>
  );
}
