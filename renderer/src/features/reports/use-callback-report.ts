import type { CallbackReport } from '../../../../shared/api/callbacks';
import type { ReportRequest } from './use-complaint-report';
import { useKeptReport, type KeptReportLoad, type ReadReport } from './use-kept-report';

/** The callback figures for the period last asked for; the last figures stay while the next are counted. */
export type CallbackReportLoad = KeptReportLoad<ReportRequest, CallbackReport>;

const readCallbackReport: ReadReport<ReportRequest, CallbackReport> = (hub, token, { from, to }, signal) => hub.callbackReport(token, { from, to }, { signal });

export function useCallbackReport(request: ReportRequest): CallbackReportLoad {
  return useKeptReport(request, readCallbackReport, 'callback report');
}
