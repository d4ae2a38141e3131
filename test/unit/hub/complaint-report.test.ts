import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintReportSchema, type ComplaintReport } from '../../../shared/api/complaints';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_TRIAGES } from '../../../shared/api/tickets';
import { COMPLAINT_LEVELS, RESPONSIBILITIES } from '../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES, DEFAULT_COMPLAINT_CONFIG } from '../../../shared/complaints/complaint-config';
import { reportPeriod, startOfDay } from '../../../hub/src/reports/complaint-report';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import type { Db } from '../../../hub/src/db/db';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

// ── fixtures: complaint rows as the procedure leaves them ─────────────────────

interface ProposalFixture {
  category: (typeof COMPLAINT_CATEGORIES)[number];
  responsibility: (typeof RESPONSIBILITIES)[number];
  departmentCode: string | null;
}

interface CaseFixture {
  openedAt: string;
  kind?: 'complaint' | 'after_sales';
  channel?: (typeof COMPLAINT_CHANNELS)[number];
  category?: (typeof COMPLAINT_CATEGORIES)[number] | null;
  triage?: (typeof COMPLAINT_TRIAGES)[number] | null;
  /** A complaint's status; another kind's free text. */
  status?: string;
  level?: (typeof COMPLAINT_LEVELS)[number];
  departmentCode?: string | null;
  proposal?: ProposalFixture | null;
  closedAt?: string | null;
  stepDueAt?: string | null;
  /** Lines of its history, by type. */
  events?: string[];
  /** Callbacks: when due and whether still pending. */
  callbacks?: { dueAt: string; status: 'pending' | 'done' }[];
}

let ticketCounter = 0;

async function insertCase(db: Db, fixture: CaseFixture): Promise<string> {
  const id = randomUUID();
  ticketCounter += 1;
  const proposal = fixture.proposal ?? null;
  await db.query(
    `insert into tickets (id, ticket_no, kind, title, status, opened_at, updated_at, closed_at, channel, category, triage, level,
                          department_code, proposal, step_due_at)
     values ($1, $2, $3, '投诉', $4, $5, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)`,
    [
      id,
      `RP-${String(ticketCounter).padStart(6, '0')}`,
      fixture.kind ?? 'complaint',
      fixture.status ?? (fixture.closedAt ? 'closed' : 'registered'),
      fixture.openedAt,
      fixture.closedAt ?? null,
      fixture.channel ?? 'phone',
      fixture.category ?? null,
      fixture.triage ?? null,
      fixture.level ?? 'service',
      fixture.departmentCode ?? null,
      proposal === null ? null : JSON.stringify({ ...proposal, measure: '整改', compensationFen: 0, multiDepartment: false, memo: false, proposedBy: 'supervisor1', signedBy: null, needsApproval: false, approvedBy: null }),
      fixture.stepDueAt ?? null,
    ],
  );
  for (const type of fixture.events ?? []) {
    await db.query(`insert into ticket_events (id, ticket_id, type, at, by, text) values ($1, $2, $3, $4, 'supervisor1', '')`, [randomUUID(), id, type, fixture.openedAt]);
  }
  for (const callback of fixture.callbacks ?? []) {
    await db.query(
      `insert into callbacks (id, type, status, end_reason, ended_at, ticket_id, due_at, priority, created_at, created_by, request_hash)
       values ($1, 'complaint', $2, case when $2 = 'pending' then null else 'reached' end, case when $2 = 'pending' then null else $5::timestamptz end,
               $3, $4, 'normal', $5, 'agent1', $6)`,
      [randomUUID(), callback.status, id, callback.dueAt, fixture.openedAt, 'a'.repeat(64)],
    );
  }
  return id;
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

// ── days in the center's time zone ───────────────────────────────────────────

describe('startOfDay', () => {
  it.each([
    ['Asia/Shanghai', '2026-11-01', '2026-10-31T16:00:00.000Z'],
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z'],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z'],
    // Chile skips midnight when summer time starts: the day begins at 01:00.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z'],
    // Cuba goes back from 01:00 to 00:00: midnight happens twice, the day begins at the first.
    ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z'],
  ])('begins a day in %s on %s at %s', (timeZone, date, instant) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];

    expect(startOfDay({ year, month, day }, timeZone).toISOString()).toBe(instant);
  });
});

describe('reportPeriod', () => {
  it("runs from the first day's midnight to the midnight after the last day, in the center's zone", () => {
    const period = reportPeriod('2026-11-01', '2026-11-30', 'Asia/Shanghai');

    expect([period.start.toISOString(), period.end.toISOString()]).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
  });

  it('takes a period of exactly three years and refuses one day more, naming to', () => {
    expect(() => reportPeriod('2024-01-01', '2026-12-31', 'Asia/Shanghai')).not.toThrow();
    expect(() => reportPeriod('2024-01-01', '2027-01-01', 'Asia/Shanghai')).toThrow(expect.objectContaining({ statusCode: 400, field: 'to' }));
  });
});

// ── the route ────────────────────────────────────────────────────────────────

describeEachBackend('complaint statistics report', (backend) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    // "Now" is a few days after the period, so that past-due steps and callbacks are overdue.
    hub.clock.advance(Date.parse('2026-12-05T02:00:00Z') - hub.clock.now().getTime());
    for (const username of ['agent1', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin']) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());
  afterEach(async () => {
    await hub.db.query(`delete from settings where key in ('center-time-zone', 'complaint-config')`);
  });

  const get = (query: Record<string, string>, as = 'supervisor1') =>
    hub.app.inject({ method: 'GET', url: '/api/v1/reports/complaints', query, headers: bearer(tokens[as] ?? '') });
  const reportOf = (response: LightMyRequestResponse): ComplaintReport => {
    expect(response.statusCode, response.body).toBe(200);
    return ComplaintReportSchema.parse(response.json());
  };
  const errorOf = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    return ApiErrorSchema.parse(response.json());
  };

  describe('November 2026, a cohort with every kind of case and neighbours just outside', () => {
    beforeAll(async () => {
      const cases: CaseFixture[] = [
        // The last half hour of 30 November in Shanghai (15:30 UTC): November, not December.
        { openedAt: '2026-11-30T23:30:00+08:00', channel: 'phone', triage: 'answered', status: 'answered_at_once', category: 'service', callbacks: [{ dueAt: '2026-12-01T10:00:00+08:00', status: 'pending' }] },
        // The first instant of 1 November in Shanghai.
        {
          openedAt: '2026-11-01T00:00:00+08:00',
          channel: 'visit',
          triage: 'on_site',
          status: 'investigated',
          category: 'quality',
          level: 'superior',
          events: ['record_investigation', 'record_investigation'],
          stepDueAt: '2026-12-01T00:00:00+08:00',
        },
        {
          openedAt: '2026-11-15T09:00:00+08:00',
          channel: 'letter',
          status: 'with_department',
          category: 'quality',
          departmentCode: 'sales',
          proposal: { category: 'transport', responsibility: 'company', departmentCode: 'logistics' },
          events: ['dispatch_investigation', 'record_investigation', 'propose'],
          stepDueAt: '2026-12-10T00:00:00+08:00',
          callbacks: [{ dueAt: '2026-12-20T10:00:00+08:00', status: 'pending' }],
        },
        { openedAt: '2026-11-20T09:00:00+08:00', channel: 'sales_rep', status: 'registered', level: 'leadership' },
        {
          openedAt: '2026-11-10T09:00:00+08:00',
          channel: 'authority',
          category: 'staff',
          status: 'closed',
          closedAt: '2026-11-11T09:00:00+08:00',
          events: ['answer_at_once', 'archive'],
          stepDueAt: '2026-11-11T00:00:00+08:00',
          callbacks: [{ dueAt: '2026-11-12T10:00:00+08:00', status: 'pending' }],
        },
        { openedAt: '2026-11-12T09:00:00+08:00', channel: 'department', status: 'tracking', proposal: { category: 'price', responsibility: 'company', departmentCode: 'quality-management' } },
        {
          openedAt: '2026-11-13T09:00:00+08:00',
          channel: 'other',
          status: 'callback_due',
          departmentCode: 'tech-service',
          proposal: { category: 'service', responsibility: 'company', departmentCode: null },
          callbacks: [{ dueAt: '2026-11-14T10:00:00+08:00', status: 'done' }],
        },
        { openedAt: '2026-11-14T09:00:00+08:00', channel: 'phone', status: 'measure_in_progress', proposal: { category: 'staff', responsibility: 'company', departmentCode: 'warehouse-x' } },
        { openedAt: '2026-11-16T09:00:00+08:00', channel: 'phone', status: 'closed', closedAt: '2026-11-20T09:00:00+08:00', proposal: { category: 'quality', responsibility: 'dealer', departmentCode: null } },
        { openedAt: '2026-11-17T09:00:00+08:00', channel: 'phone', status: 'returned', level: 'superior', proposal: { category: 'sales', responsibility: 'user', departmentCode: null } },
        // Outside: December's first instant (with a visit of its own), October's last second, and a ticket of another kind.
        { openedAt: '2026-12-01T00:00:00+08:00', channel: 'phone', status: 'investigated', events: ['record_investigation'] },
        { openedAt: '2026-10-31T23:59:59+08:00', channel: 'visit', triage: 'answered', status: 'answered_at_once' },
        { openedAt: '2026-11-15T09:00:00+08:00', kind: 'after_sales', channel: 'phone', status: 'open' },
      ];
      for (const fixture of cases) await insertCase(hub.db, fixture);
    });

    const november = { from: '2026-11-01', to: '2026-11-30' };

    it('counts every cell of the complaint section’s report', async () => {
      const report = reportOf(await get(november));

      expect(report).toEqual({
        period: { from: '2026-11-01', to: '2026-11-30', timeZone: 'Asia/Shanghai' },
        generatedAt: '2026-12-05T02:00:00.000Z',
        received: {
          total: 10,
          byChannel: { letter: 1, phone: 4, visit: 1, sales_rep: 1, department: 1, authority: 1, other: 1 },
          handledAtOnce: 2,
          passedToField: 2,
          onSiteVisits: 3,
        },
        byContent: { quality: 2, price: 1, sales: 1, transport: 1, staff: 2, service: 2, unclassified: 1 },
        byResponsibility: { dealer: 1, user: 1, company: 4, undetermined: 4 },
        companyByDepartment: { production: 0, qc: 1, sales: 0, transport: 1, service: 1, other: 1 },
        byStatus: { done: 3, in_progress: 4, not_handled: 1, tracking: 2 },
        overdue: 2,
        byLevel: { service: 7, superior: 2, leadership: 1 },
      });
    });

    it("maps departments onto the report's columns as the center's complaint configuration says", async () => {
      await writeSetting(hub.db, 'complaint-config', { ...DEFAULT_COMPLAINT_CONFIG, reportDepartments: { ...DEFAULT_COMPLAINT_CONFIG.reportDepartments, 'warehouse-x': 'transport' } });

      const report = reportOf(await get(november));

      expect(report.companyByDepartment).toEqual({ production: 0, qc: 1, sales: 0, transport: 2, service: 1, other: 0 });
    });

    it("counts days in the center's time zone when it is set", async () => {
      await writeSetting(hub.db, 'center-time-zone', 'UTC');

      const report = reportOf(await get(november));

      // In UTC, 1 November 00:00 Shanghai is still October, and 1 December 00:00 Shanghai is November.
      expect(report.period.timeZone).toBe('UTC');
      expect(report.received.total).toBe(10);
      expect(report.received.byChannel.visit).toBe(0);
      expect(report.received.byChannel.phone).toBe(5);
      expect(report.received.onSiteVisits).toBe(2);
    });

    it('counts a single day, both ends included', async () => {
      const report = reportOf(await get({ from: '2026-11-30', to: '2026-11-30' }));

      expect(report.received.total).toBe(1);
      expect(report.received.handledAtOnce).toBe(1);
    });

    it('answers zeros in every column for a period without complaints', async () => {
      const report = reportOf(await get({ from: '2025-01-01', to: '2025-01-31' }));

      expect(report.received.total).toBe(0);
      expect(report.received.byChannel).toEqual({ letter: 0, phone: 0, visit: 0, sales_rep: 0, department: 0, authority: 0, other: 0 });
      expect(sum(report.byStatus) + sum(report.byContent) + sum(report.companyByDepartment)).toBe(0);
    });
  });

  it('puts every complaint of a generated cohort in exactly one column of each breakdown', async () => {
    const departments = ['logistics', 'production', 'quality-management', 'sales', 'service', 'tech-service', 'nowhere'];
    const proposal = fc.record({
      category: fc.constantFrom(...COMPLAINT_CATEGORIES),
      responsibility: fc.constantFrom(...RESPONSIBILITIES),
      departmentCode: fc.option(fc.constantFrom(...departments)),
    });
    const fixture = fc.record({
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      channel: fc.constantFrom(...COMPLAINT_CHANNELS),
      category: fc.option(fc.constantFrom(...COMPLAINT_CATEGORIES)),
      triage: fc.option(fc.constantFrom(...COMPLAINT_TRIAGES)),
      status: fc.constantFrom(...COMPLAINT_STATUSES),
      level: fc.constantFrom(...COMPLAINT_LEVELS),
      departmentCode: fc.option(fc.constantFrom(...departments)),
      proposal: fc.option(proposal),
      events: fc.array(fc.constantFrom('answer_at_once', 'dispatch_investigation', 'record_investigation', 'note'), { maxLength: 4 }),
    });
    let day = 0;

    await fc.assert(
      fc.asyncProperty(fc.array(fixture, { maxLength: 12 }), async (cohort) => {
        // Each run has a day of its own in 2030, so earlier runs' complaints stay out of it.
        day += 1;
        const date = new Date(Date.UTC(2030, 0, day)).toISOString().slice(0, 10);
        for (const c of cohort) {
          const openedAt = new Date(Date.parse(`${date}T00:00:00+08:00`) + c.minute * 60_000).toISOString();
          await insertCase(hub.db, { ...c, openedAt, closedAt: c.status === 'closed' ? openedAt : null });
        }

        const report = reportOf(await get({ from: date, to: date }));

        const total = report.received.total;
        expect(total).toBe(cohort.length);
        for (const breakdown of [report.received.byChannel, report.byContent, report.byResponsibility, report.byStatus, report.byLevel]) {
          expect(sum(breakdown)).toBe(total);
        }
        expect(sum(report.companyByDepartment)).toBe(report.byResponsibility.company);
        expect(report.received.onSiteVisits).toBe(cohort.flatMap((c) => c.events).filter((e) => e === 'record_investigation').length);
        expect(report.received.handledAtOnce).toBe(cohort.filter((c) => c.triage === 'answered' || c.events.includes('answer_at_once')).length);
        expect(report.byContent.unclassified).toBe(cohort.filter((c) => c.proposal === null && c.category === null).length);
      }),
      { numRuns: 12 },
    );
  });

  // ── refusals ────────────────────────────────────────────────────────────────

  it('refuses a period that starts after it ends, naming from', async () => {
    const error = errorOf(await get({ from: '2026-12-01', to: '2026-11-30' }), 400);

    expect(error).toMatchObject({ error: 'validation', field: 'from' });
    expect(error.message).toMatch(/the period starts after it ends/);
  });

  it('refuses a period longer than three years', async () => {
    const error = errorOf(await get({ from: '2020-01-01', to: '2026-11-30' }), 400);

    expect(error.field).toBe('to');
  });

  it.each([
    ['from', { from: '2026-11-1', to: '2026-11-30' }],
    ['from', { from: '2026/11/01', to: '2026-11-30' }],
    ['to', { from: '2026-11-01', to: '30.11.2026' }],
    ['to', { from: '2026-02-01', to: '2026-02-30' }],
  ])('refuses a date that is not a YYYY-MM-DD day of the calendar, naming %s', async (field, query) => {
    const error = errorOf(await get(query), 400);

    expect(error).toMatchObject({ error: 'validation', field });
  });

  it('refuses a request without a period', async () => {
    errorOf(await get({ from: '2026-11-01' }), 400);
  });

  it.each(['agent1', 'callback1', 'qa1'])('refuses %s with 403', async (who) => {
    const error = errorOf(await get({ from: '2026-11-01', to: '2026-11-30' }, who), 403);

    expect(error.error).toBe('forbidden');
  });

  it.each(['supervisor1', 'manager1', 'admin'])('answers %s', async (who) => {
    reportOf(await get({ from: '2026-11-01', to: '2026-11-30' }, who));
  });

  it('is in the OpenAPI document, with the evidence routes', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(tokens.admin ?? '') });
    const paths = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;

    expect(paths['/api/v1/reports/complaints']?.get?.tags).toEqual(['reports']);
    expect(paths['/api/v1/tickets/{id}/attachments']?.post?.tags).toEqual(['complaints']);
    expect(paths['/api/v1/tickets/{id}/attachments/{attachmentId}']?.get?.tags).toEqual(['complaints']);
  });
});
