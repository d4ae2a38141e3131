import { useEffect, useMemo, useState } from 'react';
import { createLogger } from '../../logger';
import type { HubClient } from '../../services/hub';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';
import type { ReportRequest } from './use-complaint-report';

const log = createLogger('reports');

/**
 * A report for the request last made. `report` is what to show: this request's answer once it
 * came, else the last one that did come (while a new request is counted, or after it failed), so a
 * slow or failed answer never blanks the page; the tab says whose figures they are.
 */
export interface KeptReportLoad<Q extends ReportRequest, R> {
  status: 'loading' | 'ready' | 'error';
  request: Q;
  report: R | null;
  error: UserFacingError | null;
}

/** One report's hub call; a module-level function, so the hook does not ask again at every render. */
export type ReadReport<Q extends ReportRequest, R> = (hub: HubClient, token: string, request: Q, signal: AbortSignal) => Promise<R>;

type Settled<R> = { key: string } & ({ ok: true; report: R } | { ok: false; error: UserFacingError });

/**
 * Asks the hub whenever the request changes (any field, or `attempt` for the same one again); an
 * answer for a request no longer current is dropped and its call cancelled.
 */
export function useKeptReport<Q extends ReportRequest, R>(request: Q, read: ReadReport<Q, R>, what: string): KeptReportLoad<Q, R> {
  const callHub = useConsoleStore((s) => s.callHub);
  const [settled, setSettled] = useState<Settled<R> | null>(null);
  const [lastReport, setLastReport] = useState<R | null>(null);
  const key = JSON.stringify(request);
  // The request as a value that changes only with its contents, whatever object the caller passes.
  const asked = useMemo(() => JSON.parse(key) as Q, [key]);

  useEffect(() => {
    const controller = new AbortController();
    callHub((hub, token) => read(hub, token, asked, controller.signal)).then(
      (report) => {
        if (controller.signal.aborted) return;
        setSettled({ key, ok: true, report });
        setLastReport(report);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        log.warn(`could not load the ${what} for ${asked.from}…${asked.to}`, error);
        setSettled({ key, ok: false, error: toUserFacingError(error) });
      },
    );
    return () => controller.abort();
  }, [callHub, read, what, key, asked]);

  if (!settled || settled.key !== key) return { status: 'loading', request, report: lastReport, error: null };
  return settled.ok ? { status: 'ready', request, report: settled.report, error: null } : { status: 'error', request, report: lastReport, error: settled.error };
}
