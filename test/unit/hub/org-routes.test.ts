import { afterAll, beforeAll, expect, it } from 'vitest';
import { OrgDesignSchema, type OrgDesign } from '../../../shared/api/org';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

describeEachBackend('org routes', (backend) => {
  let hub: TestHub;
  let org: OrgDesign;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/org', headers: bearer(await hub.login('agent1')) });
    expect(response.statusCode).toBe(200);
    org = OrgDesignSchema.parse(response.json());
  });
  afterAll(() => hub.close());

  const department = (code: string) => org.departments.find((d) => d.code === code);

  it('returns the seeded departments under 客服部 when the demo center is seeded', () => {
    const service = department('service');

    expect(service?.name).toEqual({ 'zh-CN': '客服部', 'en-US': 'Customer Service Department' });
    const groups = org.departments.filter((d) => d.parentId === service?.id).map((d) => d.name['zh-CN']);
    expect(groups).toEqual(['业务受理组', '回访调查组', '绩效考核小组（质量控制）', '服务考评组']);
    expect(org.departments.filter((d) => d.kind === 'specialist').map((d) => d.name['zh-CN'])).toEqual(
      expect.arrayContaining(['技术服务部', '市场服务科', '生产部', '品管部', '销售部', '运输调度/物流部']),
    );
  });

  it('returns the two IVR queues of the acceptance group', () => {
    expect(org.queues.map((q) => [q.name['zh-CN'], q.ivrChoice, q.departmentId])).toEqual([
      ['业务咨询', 'consult', department('acceptance')?.id],
      ['投诉建议', 'complaint', department('acceptance')?.id],
    ]);
  });

  it('returns transfer targets with extensions in the 2000 range', () => {
    const tech = org.transferTargets.find((t) => t.name['zh-CN'] === '技术服务部');

    expect(tech).toMatchObject({ extension: '2001', kind: 'department', departmentId: department('tech-service')?.id });
    expect(org.transferTargets.some((t) => t.kind === 'person')).toBe(true);
    expect(org.transferTargets.every((t) => /^2\d{3}$/.test(t.extension))).toBe(true);
  });

  it('returns the escalation chain from the department manager to the general manager', async () => {
    const { rows } = await hub.db.query<{ username: string; id: string }>("select username, id from users where username in ('manager1', 'gm')");
    const idOf = (username: string) => rows.find((row) => row.username === username)?.id;

    expect(org.escalationChain.map((l) => [l.level, l.title['zh-CN'], l.userId])).toEqual([
      [1, '客服部经理', idOf('manager1')],
      [2, '总经理', idOf('gm')],
    ]);
  });

  it('answers 401 when the request has no token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/org' });

    expect(response.statusCode).toBe(401);
  });
});
