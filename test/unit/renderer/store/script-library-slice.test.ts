import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../shared/api/auth';
import type { FlowProblem, FlowUploadRequest, StoredFlow } from '../../../../shared/api/flows';
import type { OrgDesign } from '../../../../shared/api/org';
import { HubError } from '../../../../renderer/src/services/hub';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../renderer/src/store';
import { fakeClock, until } from '../support/fake-clock';
import { fakeHub, networkDown } from '../support/fake-hub';
import { fakeSipPhone } from '../support/fake-sip-phone';
import { complaintFlowInput, consultFlowInput, storedFlow } from '../support/flow-fixtures';
import { AGENT_PHONE_CONFIG } from '../support/phone-config';
import { quietConsole, storeTestDeps } from '../support/store-test-deps';

const HUB = 'http://127.0.0.1:8790';
const manager: User = { id: '0193a1b2-0000-7000-8000-0000000000c1', username: 'manager1', role: 'manager', displayName: '王经理', departmentCode: 'service' };
const agent: User = { id: '0193a1b2-0000-7000-8000-0000000000a1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };
const org: OrgDesign = {
  departments: [{ id: 'd-log', code: 'logistics', name: { 'zh-CN': '运输调度/物流部', 'en-US': 'Logistics' }, parentId: null, kind: 'specialist' }],
  queues: [{ id: 'q1', code: 'complaint', name: { 'zh-CN': '投诉建议', 'en-US': 'Complaints' }, departmentId: 'd-log', ivrChoice: 'complaint' }],
  transferTargets: [],
  escalationChain: [],
};
const problems: FlowProblem[] = [
  { code: 'unreachable', stepId: 'orphan', path: 'steps.3', message: 'step "orphan": no step leads here (line 40)' },
  { code: 'unknown_disposition', stepId: 'close', path: 'steps.2.actions.0.code', message: 'step "close": no disposition "made-up" (line 31)' },
];

let hub: ReturnType<typeof fakeHub>;
let uploads: FlowUploadRequest[];
const state = () => useConsoleStore.getState();

async function logIn(user: User): Promise<void> {
  hub.handlers.login = async () => ({ token: 'tok-1', user, expiresAt: '2026-11-24T09:00:00.000Z' });
  if (state().session.status === 'starting') await state().restoreSession(HUB);
  await state().login({ username: user.username, password: 'demo1234' });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeEach(() => {
  resetStore();
  hub = fakeHub();
  uploads = [];
  const clock = fakeClock();
  const sip = fakeSipPhone({ now: clock.clock.now });
  const test = storeTestDeps({ hub, phone: () => sip.phone, clock: clock.clock });
  configureStoreDeps(test.deps);
  hub.handlers.phoneConfig = async () => AGENT_PHONE_CONFIG;
  hub.handlers.org = async () => org;
  hub.handlers.uploadFlow = async (_token, body) => {
    uploads.push(body);
    return storedFlow(consultFlowInput(), 2);
  };
  quietConsole();
});

afterEach(() => {
  resetStore();
  vi.restoreAllMocks();
});

describe('script library slice', () => {
  it('publishes a flow file and answers with the stored version when the hub takes it', async () => {
    await logIn(manager);
    const result = await state().publishFlow({ source: 'format: 1', format: 'yaml' });
    expect(result).toEqual({ status: 'published', flow: storedFlow(consultFlowInput(), 2) });
    expect(uploads).toEqual([{ source: 'format: 1', format: 'yaml' }]);
    expect(hub.calls).toContain(`${HUB} uploadFlow tok-1 yaml`);
  });

  it('answers with every problem, not an error, when the hub refuses the file', async () => {
    await logIn(manager);
    hub.handlers.uploadFlow = async () => Promise.reject(new HubError({ status: 400, code: 'validation', message: 'The flow was not published: 2 problems', problems }));
    await expect(state().publishFlow({ source: '{}', format: 'json' })).resolves.toEqual({ status: 'rejected', problems });
  });

  it('throws a UserFacingError naming the conflict when another version was published at the same moment', async () => {
    await logIn(manager);
    hub.handlers.uploadFlow = async () => Promise.reject(new HubError({ status: 409, code: 'conflict', message: 'Another version of this flow was published at the same moment' }));
    await expect(rejection(state().publishFlow({ source: 'x: 1', format: 'yaml' }))).resolves.toEqual({
      code: 'conflict',
      message: 'Another version of this flow was published at the same moment',
      retryAfterSeconds: null,
    });
  });

  it('throws a UserFacingError rather than an empty list of problems when a 400 carries none', async () => {
    await logIn(manager);
    hub.handlers.uploadFlow = async () => Promise.reject(new HubError({ status: 400, code: 'validation', message: 'body/format: Invalid option', problems: [] }));
    await expect(rejection(state().publishFlow({ source: 'x: 1', format: 'yaml' }))).resolves.toMatchObject({ code: 'validation' });
  });

  it('refuses to publish without a session and asks the hub nothing', async () => {
    await expect(rejection(state().publishFlow({ source: 'x: 1', format: 'yaml' }))).resolves.toMatchObject({ code: 'unexpected' });
    expect(uploads).toEqual([]);
  });

  it('reads the flows in force, their versions and an earlier version from the hub', async () => {
    await logIn(manager);
    const flows = [storedFlow(complaintFlowInput()), storedFlow(consultFlowInput(), 2)];
    hub.handlers.listFlows = async () => ({ flows });
    hub.handlers.listFlowVersions = async (_token, id) => ({
      id,
      versions: [
        { version: 2, publishedAt: '2026-11-24T01:00:00.000Z', publishedBy: 'manager1' },
        { version: 1, publishedAt: '2026-11-20T08:00:00.000Z', publishedBy: 'seed' },
      ],
    });
    hub.handlers.getFlowVersion = async (_token, _id, version) => storedFlow(consultFlowInput(), version);
    await expect(state().loadFlowLibrary()).resolves.toEqual(flows);
    await expect(state().loadFlowVersions('consult.general')).resolves.toMatchObject({ id: 'consult.general', versions: [{ version: 2 }, { version: 1 }] });
    await expect(state().loadFlowVersion('consult.general', 1)).resolves.toMatchObject({ id: 'consult.general', version: 1 });
  });

  it('turns a hub that cannot be reached into a UserFacingError', async () => {
    await logIn(manager);
    hub.handlers.listFlows = async () => Promise.reject(networkDown());
    await expect(rejection(state().loadFlowLibrary())).resolves.toMatchObject({ code: 'network' });
  });

  it("gives an agent the PC's copy of the flows in force, whole, with the org design kept beside it", async () => {
    expect(state().flowLibrary()).toEqual({ flows: [], org: null });
    const flows: StoredFlow[] = [storedFlow(complaintFlowInput(), 3), storedFlow(consultFlowInput())];
    hub.handlers.listFlows = async () => ({ flows });
    await logIn(agent);
    await until(() => state().flows.catalog.length === 2, 'the local copy is read');
    await until(() => state().flowLibrary().org !== null, 'the org design is kept');
    const copy = state().flowLibrary();
    expect(copy.flows.map((f) => [f.id, f.version, f.publishedBy])).toEqual(
      expect.arrayContaining([
        ['complaint.intake', 3, 'manager1'],
        ['consult.general', 1, 'manager1'],
      ]),
    );
    expect(copy.flows.find((f) => f.id === 'complaint.intake')?.definition.steps.length).toBeGreaterThan(1);
    expect(copy.org).toEqual(org);
  });
});
