import { TextField } from '../../forms/index';
import type { TaskParams } from '../../../../schemas/types';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** A task for a person (a CRM's endpoint): title, description, assignee, due date, priority. */
export function TaskParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'task'>>) {
  const params = state.params;
  const setOptional = (key: 'description' | 'assignee', text: string) => {
    const next: TaskParams = { ...params };
    if (text === '') delete next[key];
    else next[key] = text;
    onParams(next, key);
  };
  return (
    <>
      <TextField id="task-url" label="Task system URL" type="url" value={params.url} onChange={(url) => onParams({ ...params, url }, 'url')} problems={problemsAt('/url')} />
      <TextField id="task-title" label="Title" value={params.title} onChange={(title) => onParams({ ...params, title }, 'title')} problems={problemsAt('/title')} />
      <TextField id="task-description" label="Description" multiline value={params.description ?? ''} onChange={(text) => setOptional('description', text)} problems={problemsAt('/description')} />
      <TextField id="task-assignee" label="Assignee" value={params.assignee ?? ''} onChange={(text) => setOptional('assignee', text)} problems={problemsAt('/assignee')} />
      <div className="field">
        <label htmlFor="task-due">Due in (days)</label>
        <input id="task-due" type="number" min={0} max={365} value={params.dueInDays ?? ''} onChange={(event) => {
          const { dueInDays: _d, ...rest } = params;
          onParams(event.target.value === '' ? rest : { ...rest, dueInDays: Math.round(Number(event.target.value)) }, 'due');
        }} />
      </div>
      <div className="field">
        <label htmlFor="task-priority">Priority</label>
        <select id="task-priority" value={params.priority ?? 'normal'} onChange={(event) => onParams({ ...params, priority: event.target.value as 'low' | 'normal' | 'high' }, 'priority')}>
          <option value="low">low</option>
          <option value="normal">normal</option>
          <option value="high">high</option>
        </select>
      </div>
    </>
  );
}
