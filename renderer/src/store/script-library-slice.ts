import type { StateCreator } from 'zustand';
import type { FlowProblem, FlowUploadRequest, FlowVersionList, StoredFlow } from '../../../shared/api/flows';
import { isHubError, type HubClient } from '../services/hub';
import type { ConsoleStore } from './console-store-types';
import { toUserFacingError } from './user-facing-error';

/** A flow file sent to the hub: published as its next version, or refused with every problem found. */
export type FlowPublishResult = { status: 'published'; flow: StoredFlow } | { status: 'rejected'; problems: FlowProblem[] };

/**
 * The script library's hub calls (the Scripts pane). Roles that take calls read their local copy
 * through the flow slice instead; these are for the roles that read and publish on the hub. Nothing
 * is kept here: the library is small, and the pane asks again when it is opened.
 */
export interface ScriptLibrarySlice {
  /** `GET /api/v1/flows`: the version in force of every flow. Throws UserFacingError. */
  loadFlowLibrary(): Promise<StoredFlow[]>;
  /** Every published version of one flow, the one in force first. Throws UserFacingError. */
  loadFlowVersions(id: string): Promise<FlowVersionList>;
  /** One version, earlier ones included. Throws UserFacingError. */
  loadFlowVersion(id: string, version: number): Promise<StoredFlow>;
  /**
   * Publishes a flow file. A file the hub's checks refuse is an answer, not an error: its problems,
   * each naming the step. Anything else (no hub, not allowed, a race with another publication) throws UserFacingError.
   */
  publishFlow(upload: FlowUploadRequest): Promise<FlowPublishResult>;
}

export const createScriptLibrarySlice: StateCreator<ConsoleStore, [], [], ScriptLibrarySlice> = (_set, get) => {
  async function hubCall<T>(call: (hub: HubClient, token: string) => Promise<T>): Promise<T> {
    if (!get().session.token) throw toUserFacingError(new Error('Not signed in.'));
    try {
      return await get().callHub(call);
    } catch (error) {
      throw toUserFacingError(error);
    }
  }

  return {
    loadFlowLibrary: async () => (await hubCall((hub, token) => hub.listFlows(token))).flows,

    loadFlowVersions: (id) => hubCall((hub, token) => hub.listFlowVersions(token, id)),

    loadFlowVersion: (id, version) => hubCall((hub, token) => hub.getFlowVersion(token, id, version)),

    publishFlow: async (upload) => {
      if (!get().session.token) throw toUserFacingError(new Error('Not signed in.'));
      let flow: StoredFlow;
      try {
        flow = await get().callHub((hub, token) => hub.uploadFlow(token, upload));
      } catch (error) {
        if (isHubError(error) && error.problems !== undefined && error.problems.length > 0) return { status: 'rejected', problems: error.problems };
        throw toUserFacingError(error);
      }
      // A publisher who also takes calls gets the new version in their own copy now rather than at the next poll.
      get().syncFlowsNow();
      return { status: 'published', flow };
    },
  };
};
