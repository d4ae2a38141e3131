import { describe, expect, it } from 'vitest';
import { needsContextTicket } from '../../../../shared/flows/flow-context';
import type { FlowCategory } from '../../../../shared/flows/flow-schema';
import { flow, options, question, step, t } from '../../../support/flow-builders';
import { libraryFiles, libraryFlow } from './library-driver';

const end = { end: { outcome: 'resolved' as const } };
/** A one-step flow whose step has `more`. */
const oneStep = (more: Parameters<typeof step>[1], category: FlowCategory = 'after_sales') =>
  flow([step('only', { ...more, ...end })], { category });

describe('needsContextTicket', () => {
  it('asks for a case for a callback even when the callback names no ticket', () => {
    expect(needsContextTicket(oneStep({ say: t('您好') }, 'callback'))).toBe(true);
  });

  it('asks for a case when an update or an escalation acts on the case the call is about', () => {
    expect(needsContextTicket(oneStep({ actions: [{ type: 'update_ticket', ticket: 'context', note: t('回访') }] }))).toBe(true);
    expect(needsContextTicket(oneStep({ actions: [{ type: 'escalate', ticket: 'context', reason: t('升级') }] }))).toBe(true);
  });

  it('does not ask for a case for a survey: it is recorded on the callback task, which may have none', () => {
    expect(needsContextTicket(oneStep({ questions: [question('score', 'satisfaction')], actions: [{ type: 'record_survey', satisfied: true, score: { answer: 'score' } }] }))).toBe(false);
  });

  it('asks for a case when a text, a condition, a prefill or a value reads the ticket', () => {
    const withTicket = (text: string) => t(text, text);
    expect(needsContextTicket(oneStep({ say: withTicket('工单 {{ticket.no|见工单}}') }))).toBe(true);
    expect(needsContextTicket(oneStep({ snippets: [{ id: 's', title: t('说明'), text: withTicket('{{ticket.title}}') }] }))).toBe(true);
    expect(needsContextTicket(oneStep({ questions: [question('q', 'text', { help: withTicket('{{ ticket.status }}') })] }))).toBe(true);
    expect(needsContextTicket(oneStep({ questions: [question('q', 'text', { prefill: 'ticket.no' })] }))).toBe(true);
    expect(needsContextTicket(oneStep({ actions: [{ type: 'notify', department: 'qa', message: withTicket('{{ticket.no}}') }] }))).toBe(true);
    expect(
      needsContextTicket(oneStep({ actions: [{ type: 'create_ticket', kind: 'complaint', title: t('投诉'), category: { field: 'ticket.title' } }] })),
    ).toBe(true);
    const branching = flow(
      [
        step('a', { next: { when: [{ if: { not: { any: [{ field: 'ticket.status', is: 'closed' }] } }, goto: 'b' }], else: 'b' } }),
        step('b', end),
      ],
      {},
    );
    expect(needsContextTicket(branching)).toBe(true);
  });

  it('asks for no case when the flow only acts on the ticket it opens and reads no ticket field', () => {
    const intake = flow(
      [
        step('a', {
          say: t('{{customer.name|您}}好'),
          questions: [question('ticket_no', 'text'), question('kind', 'choice', { options: options('x', 'y') })],
          actions: [
            { type: 'create_ticket', kind: 'complaint', title: t('投诉 {{answers.ticket_no}}') },
            { type: 'update_ticket', note: t('补充') },
            { type: 'escalate', reason: t('升级') },
            { type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24 },
            { type: 'notify', department: 'qa', message: t('通知 {{order.no}}') },
          ],
          next: { when: [{ if: { field: 'customer.vipLevel', atLeast: 1 }, goto: 'b' }], else: 'b' },
        }),
        step('b', end),
      ],
      { category: 'complaint' },
    );
    expect(needsContextTicket(intake)).toBe(false);
  });

  it('reads nothing from a template that does not parse', () => {
    expect(needsContextTicket(oneStep({ say: t('工单 {{ticket.no') }))).toBe(false);
  });

  it('asks for a case for exactly the three callbacks of the library', () => {
    const ids = libraryFiles().map(({ file }) => file.replace(/\.yaml$/, ''));
    expect(ids.filter((id) => needsContextTicket(libraryFlow(id))).sort()).toEqual(['callback.after-sales', 'callback.complaint', 'callback.pre-sales']);
  });
});
