import { useEffect, useState } from 'react';
import type { Condition } from '../../../engine/rules/index';
import { ApiError, describeApiError, type WayfarerApi } from '../api/index';
import type { Problem, SegmentPreview } from '../../../schemas/types';

export interface PreviewState {
  preview: SegmentPreview | null;
  /** Whether an answer for the latest conditions is on its way. */
  loading: boolean;
  /** The server's problem with the conditions (pointers into `/conditions`), or another failure. */
  problem: Problem | null;
  error: string | null;
}

/** How long typing must pause before the preview asks the server. */
export const previewDelayMs = 350;

/**
 * The size and sample members of conditions as they are typed: asked `previewDelayMs` after the last
 * change, and only while the conditions pass the local check (`enabled`). A request overtaken by a
 * newer one is aborted, so the answer shown is always for the conditions on screen.
 */
export function useSegmentPreview(api: WayfarerApi, conditions: Condition, enabled: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, loading: false, problem: null, error: null });
  const key = JSON.stringify(conditions);
  useEffect(() => {
    if (!enabled) {
      setState((previous) => ({ ...previous, loading: false }));
      return;
    }
    setState((previous) => ({ ...previous, loading: true }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.previewSegment({ conditions: JSON.parse(key) as Condition, sampleSize: 10 }, controller.signal).then(
        (preview) => setState({ preview, loading: false, problem: null, error: null }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState((previous) => ({
            preview: previous.preview,
            loading: false,
            problem: error instanceof ApiError ? error.problem : null,
            error: describeApiError(error),
          }));
        },
      );
    }, previewDelayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, key, enabled]);
  return state;
}
