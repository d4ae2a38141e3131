import type { StoredFlow } from '../../../../shared/api/flows';
import type { OrgDesign } from '../../../../shared/api/org';
import { useConsoleStore } from '../../store';
import { useOrgDesign } from '../workspace/use-org-design';
import { useKeyedLoad, type KeyedLoad } from './use-keyed-load';

export interface FlowLibrary {
  /** `local`: the PC's copy (roles that take calls; works offline); `hub`: `GET /api/v1/flows`. */
  source: 'local' | 'hub';
  flows: KeyedLoad<StoredFlow[]>;
  /** For queue and department names; null while it has not come (names then show as codes). */
  org: OrgDesign | null;
  /** The org design could not be had at all (not loading: failed, and no local copy). */
  orgFailed: boolean;
  reload(): void;
}

/**
 * The flows in force as the Scripts pane lists them. Roles that take calls read the copy their
 * calls run on, so the library is there with the hub down and shows exactly what a call would
 * follow; the other roles read the hub.
 */
export function useFlowLibrary(local: boolean): FlowLibrary {
  // The catalog changes whenever the local copy does: reading it here re-renders the pane then.
  useConsoleStore((s) => s.flows.catalog);
  const flowLibrary = useConsoleStore((s) => s.flowLibrary);
  const loadFlowLibrary = useConsoleStore((s) => s.loadFlowLibrary);
  const [hubFlows, reload] = useKeyedLoad(local ? null : 'flows', loadFlowLibrary);
  const [orgLoad] = useOrgDesign();
  const hubOrg = orgLoad.status === 'ready' ? orgLoad.org : null;
  const hubOrgFailed = orgLoad.status === 'error';
  if (!local) return { source: 'hub', flows: hubFlows, org: hubOrg, orgFailed: hubOrgFailed, reload };
  const copy = flowLibrary();
  const org = hubOrg ?? copy.org;
  return { source: 'local', flows: { status: 'ready', value: copy.flows }, org, orgFailed: org === null && hubOrgFailed, reload };
}
