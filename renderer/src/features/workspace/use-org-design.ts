import { useCallback, useEffect, useState } from 'react';
import type { OrgDesign } from '../../../../shared/api/org';
import { createLogger } from '../../logger';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';

const log = createLogger('workspace/org-design');

export type OrgDesignLoad =
  | { status: 'loading' }
  | { status: 'ready'; org: OrgDesign }
  | { status: 'error'; error: UserFacingError };

/** Loads GET /api/v1/org when shown; `reload` is for the retry button. Stale answers are dropped. */
export function useOrgDesign(): [OrgDesignLoad, () => void] {
  const callHub = useConsoleStore((s) => s.callHub);
  const [load, setLoad] = useState<OrgDesignLoad>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    callHub((hub, token) => hub.org(token, { signal: controller.signal })).then(
      (org) => setLoad({ status: 'ready', org }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        log.warn('could not load the org design', error);
        setLoad({ status: 'error', error: toUserFacingError(error) });
      },
    );
    return () => controller.abort();
  }, [callHub, attempt]);

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return [load, reload];
}
