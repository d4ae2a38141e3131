import type { FlowAction, FlowCondition, FlowDefinition, FlowStep, FlowText, FlowValueSource } from './flow-schema';
import { templateRefs } from './flow-template';

/*
 * Whether a flow is about a case the customer already has (the "context ticket"): a callback
 * reports on a ticket and closes it or sends it back (DOMAIN.md §4), so it cannot run well without
 * knowing which one. The console asks the agent for the case before such a flow starts.
 */

const TICKET_FIELD_PREFIX = 'ticket.';

const isTicketField = (ref: string): boolean => ref.startsWith(TICKET_FIELD_PREFIX);

function textNamesTicket(text: FlowText | undefined): boolean {
  if (text === undefined) return false;
  // A template that does not parse names nothing: the checker reports it, the runner shows it as text.
  return [text['zh-CN'], text['en-US']].some((t) => (templateRefs(t) ?? []).some(isTicketField));
}

const sourceNamesTicket = (source: FlowValueSource | undefined): boolean => source !== undefined && 'field' in source && isTicketField(source.field);

function conditionNamesTicket(c: FlowCondition): boolean {
  if ('all' in c) return c.all.some(conditionNamesTicket);
  if ('any' in c) return c.any.some(conditionNamesTicket);
  if ('not' in c) return conditionNamesTicket(c.not);
  return c.field !== undefined && isTicketField(c.field);
}

function actionNeedsTicket(action: FlowAction): boolean {
  switch (action.type) {
    case 'create_ticket':
      return textNamesTicket(action.title) || sourceNamesTicket(action.category) || sourceNamesTicket(action.severity) || sourceNamesTicket(action.triage);
    case 'update_ticket':
      return action.ticket === 'context' || textNamesTicket(action.note);
    case 'escalate':
      return action.ticket === 'context' || textNamesTicket(action.reason);
    case 'schedule_callback':
      // Its ticket is the one the run opened, else the case: neither is required to schedule it.
      return textNamesTicket(action.note);
    case 'notify':
      return textNamesTicket(action.message);
    case 'record_survey':
      // It names the callback task, not the case: a task without a case (a manual pre-sales callback) is surveyed too.
      return false;
    case 'transfer':
    case 'set_disposition':
    case 'pause_recording':
    case 'resume_recording':
      return false;
  }
}

function stepNeedsTicket(step: FlowStep): boolean {
  if (textNamesTicket(step.say)) return true;
  if ((step.snippets ?? []).some((s) => textNamesTicket(s.text))) return true;
  if ((step.questions ?? []).some((q) => textNamesTicket(q.help) || (q.prefill !== undefined && isTicketField(q.prefill)))) return true;
  if ((step.actions ?? []).some(actionNeedsTicket)) return true;
  const next = step.next;
  return next !== undefined && typeof next !== 'string' && 'when' in next && next.when.some((rule) => conditionNamesTicket(rule.if));
}

/**
 * True for a callback flow, and for any flow that acts on the case (`ticket: context`) or reads it
 * (`{{ticket.*}}`, a `ticket.*` field in a condition, a prefill or a value).
 */
export function needsContextTicket(flow: FlowDefinition): boolean {
  return flow.category === 'callback' || flow.steps.some(stepNeedsTicket);
}
