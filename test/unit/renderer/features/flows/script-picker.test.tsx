import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TicketSummary } from '../../../../../shared/api/customers';
import { ScriptRunner } from '../../../../../renderer/src/features/flows/script-runner';
import { initI18n } from '../../../../../renderer/src/i18n';
import type * as Store from '../../../../../renderer/src/store';
import { resetStore, useConsoleStore, type ScreenPop } from '../../../../../renderer/src/store';
import type { CallerCases, FlowCatalogEntry } from '../../../../../renderer/src/store/flow-slice-state';
import { t as both } from '../../../../support/flow-builders';
import { customerCard, customerId, mobile } from '../../support/customer-builders';

// As in script-runner.test.tsx: the components read the live state, which is what a client render shows.
vi.mock('../../../../../renderer/src/store', async (importOriginal) => {
  const real = await importOriginal<typeof Store>();
  const live = <T,>(selector: (state: ReturnType<typeof real.useConsoleStore.getState>) => T) => selector(real.useConsoleStore.getState());
  return { ...real, useConsoleStore: Object.assign(live, real.useConsoleStore) };
});

const CALL = '0190a3f0-0000-7000-8000-00000000c411';

/** A callback the test's IVR choice suggests, so it is the script already chosen in the picker. */
const catalog: FlowCatalogEntry[] = [
  { id: 'callback.complaint', version: 2, title: both('投诉回访', 'Complaint callback'), category: 'callback', triggers: { ivrChoices: ['callback'] }, needsContextTicket: true },
  { id: 'complaint.intake', version: 1, title: both('投诉受理', 'Complaint intake'), category: 'complaint', triggers: { ivrChoices: ['complaint'] }, needsContextTicket: false },
];

const caseOf = (n: number, more: Partial<TicketSummary> = {}): TicketSummary => ({
  id: `0190a3f0-0000-7000-8000-0000000000a${n}`,
  ticketNo: `T-${n}`,
  kind: 'complaint',
  title: `Case ${n}`,
  status: 'registered',
  open: true,
  openedAt: '2026-01-04T02:00:00.000Z',
  closedAt: null,
  ...more,
});

const found = (chosen: number | null = 1, count = 1): ScreenPop => ({
  callId: CALL,
  status: 'found',
  e164: mobile(1),
  customers: Array.from({ length: count }, (_, i) => customerCard(i + 1)),
  chosenId: chosen === null ? null : customerId(chosen),
  source: 'hub',
  refreshedAt: 0,
});

function given(pop: ScreenPop | null, cases: CallerCases | null) {
  useConsoleStore.setState(
    (s) =>
      ({
        flows: { ...s.flows, catalog, callerCases: cases ? { [CALL]: cases } : {} },
        customers: { ...s.customers, pops: pop ? { [CALL]: pop } : {} },
        ui: { ...s.ui, language: 'en-US' },
      }) as never,
  );
}

const render = (ivrChoice = 'callback') => renderToStaticMarkup(<ScriptRunner callId={CALL} ivrChoice={ivrChoice} live />);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
const startDisabled = (html: string) => /<button[^>]*disabled=""[^>]*>(?:(?!<\/button>).)*Start script/.test(html);

describe('ScriptChooser', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => resetStore());

  it('asks which case the call is about before a callback starts, as a required field tied to its label', () => {
    given(found(), { customerId: customerId(1), status: 'ready', tickets: [caseOf(1), caseOf(2, { open: false, closedAt: '2026-01-06T02:00:00.000Z' })] });
    const html = render();
    const words = text(html);
    expect(words).toContain('Complaint callback');
    expect(words).toContain('Which case is this call about?');
    expect(words).toContain('Choose the case');
    expect(words).toContain('records the result of the call on it');
    const id = html.match(/<label for="([^"]+)"[^>]*>Which case is this call about\?<\/label>/)?.[1];
    expect(id).toBeDefined();
    expect(html).toMatch(new RegExp(`<input[^>]*id="${id}"[^>]*aria-required="true"|<input[^>]*aria-required="true"[^>]*id="${id}"`));
    // Start is offered; pressing it with no case chosen asks for one instead of starting.
    expect(startDisabled(html)).toBe(false);
  });

  it('asks for no case when the chosen script needs none', () => {
    given(found(), { customerId: customerId(1), status: 'ready', tickets: [caseOf(1)] });
    const words = text(render('complaint'));
    expect(words).toContain('Complaint intake');
    expect(words).not.toContain('Which case is this call about?');
    expect(words).not.toContain('without a case');
  });

  it('holds Start while the caller’s cases are read', () => {
    given(found(), { customerId: customerId(1), status: 'loading' });
    const html = render();
    expect(text(html)).toContain('Reading the customer\'s cases…');
    expect(startDisabled(html)).toBe(true);
  });

  it('holds Start for the cases of the caller the agent just chose, not the previous one’s', () => {
    given(found(2, 2), { customerId: customerId(1), status: 'ready', tickets: [caseOf(1)] });
    const html = render();
    expect(text(html)).toContain('Reading the customer\'s cases…');
    expect(startDisabled(html)).toBe(true);
  });

  it('says there is no case to choose for an unidentified caller and lets the script start without one', () => {
    given({ callId: CALL, status: 'unknown', reason: 'withheld' }, null);
    const html = render();
    const words = text(html);
    expect(words).toContain('No customer was identified on this call');
    expect(words).toContain('You can start the script without a case; its ticket updates will then be marked failed');
    expect(words).not.toContain('Which case is this call about?');
    expect(startDisabled(html)).toBe(false);
  });

  it('says when the caller has no cases and lets the script start without one', () => {
    given(found(), { customerId: customerId(1), status: 'ready', tickets: [] });
    const html = render();
    expect(text(html)).toContain('This customer has no cases.');
    expect(startDisabled(html)).toBe(false);
  });

  it('asks the agent to choose the caller on the card when several customers share the number', () => {
    given(found(null, 2), null);
    const html = render();
    expect(text(html)).toContain('choose the caller on the customer card');
    expect(startDisabled(html)).toBe(false);
  });

  it('says why the cases could not be read, offers Retry, and lets the script start without a case', () => {
    given(found(), { customerId: customerId(1), status: 'error', error: { code: 'network', message: 'fetch failed', retryAfterSeconds: null } });
    const html = render();
    const words = text(html);
    expect(words).toContain("The customer's cases could not be read: Cannot reach the hub.");
    expect(words).toContain('Retry');
    expect(words).toContain('You can start the script without a case');
    expect(startDisabled(html)).toBe(false);
  });
});
