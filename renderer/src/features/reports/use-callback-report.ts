import { useEffect, useState } from 'react';
import type { CallbackReport } from '../../../../shared/api/callbacks';
import { createLogger } from '../../logger';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';
import type { ReportRequest } from './use-complaint-report';

const log = createLogger('reports/callbacks');

/**
 * The callback figures for the period last asked for. `report` is what to show: this request's
 * answer once it came, else the last figures that did come (while a new period is counted, or after
 * it failed), so a slow or failed answer never blanks the page; the pane says whose figures they are.
 */
export interface CallbackReportLoad {
  status: 'loading' | 'ready' | 'error';
  request: ReportRequest;
  report: CallbackReport | null;
  error: UserFacingError | null;
}

type Settled = { request: ReportRequest } & ({ ok: true; report: CallbackReport } | { ok: false; error: UserFacingError });

const sameRequest = (a: ReportRequest, b: ReportRequest): boolean => a.from === b.from && a.to === b.to && a.attempt === b.attempt;

/** Asks the hub whenever `request` changes; an answer for a request no longer current is dropped (and its call cancelled). */
export function useCallbackReport(request: ReportRequest): CallbackReportLoad {
  const callHub = useConsoleStore((s) => s.callHub);
  const [settled, setSettled] = useState<Settled | null>(null);
  const [lastReport, setLastReport] = useState<CallbackReport | null>(null);
  const { from, to, attempt } = request;

  useEffect(() => {
    const asked: ReportRequest = { from, to, attempt };
    const controller = new AbortController();
    callHub((hub, token) => hub.callbackReport(token, { from, to }, { signal: controller.signal })).then(
      (report) => {
        if (controller.signal.aborted) return;
        setSettled({ request: asked, ok: true, report });
        setLastReport(report);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        log.warn(`could not load the callback report for ${from}…${to}`, error);
        setSettled({ request: asked, ok: false, error: toUserFacingError(error) });
      },
    );
    return () => controller.abort();
  }, [callHub, from, to, attempt]);

  if (!settled || !sameRequest(settled.request, request)) return { status: 'loading', request, report: lastReport, error: null };
  return settled.ok
    ? { status: 'ready', request, report: settled.report, error: null }
    : { status: 'error', request, report: lastReport, error: settled.error };
}
