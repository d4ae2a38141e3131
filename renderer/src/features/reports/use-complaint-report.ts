import { useCallback, useEffect, useState } from 'react';
import type { ComplaintReport } from '../../../../shared/api/complaints';
import { createLogger } from '../../logger';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';
import type { ReportPeriod } from './report-model';

const log = createLogger('reports/complaints');

/** A period asked for; `attempt` tells a second ask for the same days (统计 again, retry) from the first. */
export interface ReportRequest extends ReportPeriod {
  attempt: number;
}

export type ReportLoad =
  | { status: 'loading'; request: ReportRequest }
  | { status: 'ready'; request: ReportRequest; report: ComplaintReport }
  | { status: 'error'; request: ReportRequest; error: UserFacingError };

type Settled = { request: ReportRequest } & ({ ok: true; report: ComplaintReport } | { ok: false; error: UserFacingError });

const sameRequest = (a: ReportRequest, b: ReportRequest): boolean => a.from === b.from && a.to === b.to && a.attempt === b.attempt;

/**
 * Asks the hub for the report of `request` whenever it changes. The state is derived from which
 * request the last answer was for, so an answer for a period no longer asked for is never shown
 * (and the call for it is cancelled).
 */
export function useComplaintReport(request: ReportRequest): ReportLoad {
  const callHub = useConsoleStore((s) => s.callHub);
  const [settled, setSettled] = useState<Settled | null>(null);
  const { from, to, attempt } = request;

  useEffect(() => {
    const asked: ReportRequest = { from, to, attempt };
    const controller = new AbortController();
    callHub((hub, token) => hub.complaintReport(token, { from, to }, { signal: controller.signal })).then(
      (report) => {
        if (!controller.signal.aborted) setSettled({ request: asked, ok: true, report });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        log.warn(`could not load the complaint report for ${from}…${to}`, error);
        setSettled({ request: asked, ok: false, error: toUserFacingError(error) });
      },
    );
    return () => controller.abort();
  }, [callHub, from, to, attempt]);

  if (!settled || !sameRequest(settled.request, request)) return { status: 'loading', request };
  return settled.ok ? { status: 'ready', request, report: settled.report } : { status: 'error', request, error: settled.error };
}

/** The next request: a new number even for the same days, so asking again always asks the hub. */
export function useReportRequests(initial: ReportPeriod): [ReportRequest, (period: ReportPeriod) => void] {
  const [request, setRequest] = useState<ReportRequest>({ ...initial, attempt: 0 });
  const ask = useCallback((period: ReportPeriod) => setRequest((previous) => ({ ...period, attempt: previous.attempt + 1 })), []);
  return [request, ask];
}
