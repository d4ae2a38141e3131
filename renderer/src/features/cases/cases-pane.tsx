import { useEffect } from 'react';
import { useConsoleStore } from '../../store';
import { useOrgDesign } from '../workspace/use-org-design';
import { caseIdFromHash } from '../workspace/panes';
import { useLocationHash } from '../workspace/use-hash-pane';
import { CaseList } from './case-list';
import { CasePage } from './case-page';

/**
 * The Cases pane (投诉案件): the list at #/cases, one case at #/cases/<ticketId>. The org design
 * gives departments their names; without it (hub away) they show as codes.
 */
export function CasesPane() {
  const hash = useLocationHash();
  const caseId = caseIdFromHash(hash);
  const [orgLoad] = useOrgDesign();
  const hideCases = useConsoleStore((s) => s.hideCases);
  const subscribeHubEvents = useConsoleStore((s) => s.subscribeHubEvents);
  const refreshCases = useConsoleStore((s) => s.refreshCases);
  // The list and case page say when they are shown; leaving the pane says it is not.
  useEffect(() => hideCases, [hideCases]);
  // Someone else acting on a case shows here without a refresh: the hub pushes what changed, and
  // the slice re-reads the open case (when newer) and the list (while it is on screen).
  useEffect(
    () =>
      subscribeHubEvents((event) => {
        if (event.type === 'ticket.changed' && event.kind === 'complaint') void refreshCases({ ticketId: event.ticketId, version: event.version });
      }),
    [subscribeHubEvents, refreshCases],
  );
  const org = orgLoad.status === 'ready' ? orgLoad.org : null;
  return caseId === null ? <CaseList org={org} /> : <CasePage key={caseId} id={caseId} org={org} />;
}
