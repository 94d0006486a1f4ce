import { JsonField, TextField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** A webhook: URL and JSON body (every string in it is a Liquid template). */
export function WebhookParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'webhook'>>) {
  const params = state.params;
  return (
    <>
      <TextField id="webhook-url" label="URL" type="url" value={params.url} onChange={(url) => onParams({ ...params, url }, 'url')} problems={problemsAt('/url')} />
      <JsonField id={`webhook-body-${state.id}`} label="JSON body" value={params.body} onChange={(body) => onParams({ ...params, body }, 'body')} problems={problemsAt('/body')} help="Strings may use Liquid: {{ customer.userId }}, {{ traits.orders_count }}." rows={6} />
    </>
  );
}
