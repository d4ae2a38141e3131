import { CheckOutlined, DownOutlined, RightOutlined, StopOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Select, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { awaitingWrapUp, callLogsById } from '../../services/call-log/call-log-queries';
import { dispositionOptions, wrapUpGaps, type WrapUpGap } from '../../services/call-log/wrap-up-gate';
import type { LocalCallLog } from '../../services/local-db/app-db';
import type { CallSnapshot } from '../../services/sip/phone-types';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { runnerElementId } from '../flows/flow-model';
import { ScriptRunner } from '../flows/script-runner';
import { visibleCalls } from '../phone/call-format';
import { callLength, formatDateTime, formatDateTimeSeconds } from './call-log-format';
import { callerText, lengthText, statusText } from './call-log-text';
import { useCallLogDb, useCallLogQuery } from './use-call-log-query';
import { useWrapUpDraft } from './use-wrap-up-draft';

/** The schema's limit on notes (shared/api/call-logs.ts): more would be refused by the hub. */
const NOTES_MAX = 8000;

interface WrapUpItem {
  id: string;
  /** The phone's view while the call is live; null once only the record is left. */
  call: CallSnapshot | null;
  record: LocalCallLog | null;
  /** `live`: notes only; `wrapUp`: the call is over and waits for disposition and notes. */
  mode: 'live' | 'wrapUp';
}

/**
 * Which calls to show: the live conversations (notes typed during the call), then the calls
 * awaiting wrap-up, newest first. A call keeps its place in one keyed list as it moves from live
 * to awaiting, so its card, and the notes being typed in it, stay mounted when the call ends.
 */
function wrapUpItems(calls: readonly CallSnapshot[], snapshotRecords: ReadonlyMap<string, LocalCallLog>, awaiting: readonly LocalCallLog[]): WrapUpItem[] {
  const items: WrapUpItem[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    const record = snapshotRecords.get(call.id) ?? null;
    if (record && record.status !== 'live') continue; // in `awaiting` (or done)
    // Ringing is not a conversation yet; an ended call whose record has not caught up yet stays
    // put for the moment it takes, if there was a conversation to take notes of.
    const talkedOn = call.state === 'talking' || call.state === 'held' || call.state === 'dialing' || (call.state === 'ended' && call.answeredAt !== null);
    if (!talkedOn) continue;
    items.push({ id: call.id, call, record, mode: 'live' });
    seen.add(call.id);
  }
  for (const record of [...awaiting].reverse()) {
    if (seen.has(record.id)) continue;
    items.push({ id: record.id, call: calls.find((c) => c.id === record.id) ?? null, record, mode: 'wrapUp' });
  }
  return items;
}

/**
 * Notes during the call and wrap-up after it, under the call cards of the Phone pane. What is
 * typed is saved as a draft as it is typed; "Finish wrap-up" completes the call's record.
 */
export function WrapUpPanel() {
  const { t } = useTranslation();
  const headingId = useId();
  const db = useCallLogDb();
  const snapshotCalls = useConsoleStore((s) => s.phone.snapshot?.calls);
  const refused = useConsoleStore((s) => s.phone.refusedCallIds);
  const calls = visibleCalls(snapshotCalls ?? [], refused);
  const callIds = calls.map((c) => c.id);
  const snapshotRecords = useCallLogQuery(db, (d) => callLogsById(d, callIds), [callIds.join(',')]);
  const awaiting = useCallLogQuery(db, awaitingWrapUp, []);
  const refusedId = useConsoleStore((s) => s.callLog.wrapUpError?.callId ?? null);
  // Which cards the agent opened or closed; the others follow the default (live and newest open).
  const [toggled, setToggled] = useState<Record<string, boolean>>({});

  if (!db) return null;
  const byId = new Map<string, LocalCallLog>();
  if (snapshotRecords.state === 'ready') for (const r of snapshotRecords.value) if (r) byId.set(r.id, r);
  const items = wrapUpItems(calls, byId, awaiting.state === 'ready' ? awaiting.value : []);
  if (items.length === 0) return null;
  const newestAwaiting = items.find((item) => item.mode === 'wrapUp')?.id;

  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {t('callLog.wrapUp.panelTitle')}
      </Typography.Title>
      <Flex vertical gap={8}>
        {items.map((item) => (
          <WrapUpCard
            key={item.id}
            item={item}
            // A wrap-up the store just refused to end (Ready, Finish) opens, so that what it lacks shows.
            expanded={item.id === refusedId || (toggled[item.id] ?? (item.mode === 'live' || item.id === newestAwaiting))}
            onToggle={(open) => setToggled((current) => ({ ...current, [item.id]: open }))}
          />
        ))}
      </Flex>
    </section>
  );
}

function WrapUpCard({ item, expanded, onToggle }: { item: WrapUpItem; expanded: boolean; onToggle: (open: boolean) => void }) {
  const { t } = useTranslation();
  const bodyId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const { record, call, mode } = item;
  const remote = record?.remote ?? call?.remote ?? { number: null, displayName: '' };
  const caller = callerText(t, remote);
  const name = remote.number && remote.displayName ? remote.displayName : null;
  const draft = useWrapUpDraft(item.id, record ? { dispositionCode: record.wrapUp.dispositionCode, notes: record.wrapUp.notes } : null);
  useScriptDisposition(record, draft);
  // Once the call has left the phone its script moves here, so the summary (or the unfinished step)
  // is at hand for the wrap-up; while it is on the phone the script is beside the caller's card.
  const scriptHere = call === null || call.state === 'ended';
  const startedAt = record?.startedAt ?? (call ? new Date(call.startedAt).toISOString() : null);

  const facts = [
    t(`phone.call.direction.${record?.direction ?? call?.direction ?? 'inbound'}`),
    startedAt ? formatDateTime(startedAt, language) : null,
    record && mode === 'wrapUp' ? lengthText(t, callLength(record)) : null,
    record ? statusText(t, record.status) : t('callLog.status.live'),
  ].filter((x): x is string => x !== null);

  return (
    <Card size="small" role="region" aria-label={t('callLog.wrapUp.region', { caller })} style={{ borderColor: mode === 'wrapUp' && expanded ? '#0958d9' : undefined }}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
            {caller}
            {name && <Typography.Text style={{ fontWeight: 'normal' }}> · {name}</Typography.Text>}
          </Typography.Title>
          <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>
        </div>
        <Button
          size="small"
          icon={expanded ? <DownOutlined aria-hidden /> : <RightOutlined aria-hidden />}
          aria-expanded={expanded}
          aria-controls={expanded ? bodyId : undefined}
          onClick={() => onToggle(!expanded)}
        >
          {expanded ? t('callLog.wrapUp.collapse') : t('callLog.wrapUp.expand')}
        </Button>
      </Flex>
      {expanded && (
        <Flex vertical gap={12} id={bodyId} style={{ marginTop: 12 }}>
          {scriptHere && <ScriptRunner callId={item.id} ivrChoice={record?.ivrChoice ?? call?.ivrChoice ?? null} live={false} />}
          {mode === 'live' || !record ? (
            <NotesField draft={draft} hint={t('callLog.wrapUp.liveHint')} />
          ) : (
            <WrapUpForm record={record} caller={caller} draft={draft} />
          )}
        </Flex>
      )}
    </Card>
  );
}

/**
 * A disposition the call's script chose (`set_disposition`) reaches the record and the stored
 * draft; the form open on screen takes it too, or its next save would write the older choice back.
 * Only a change seen while mounted counts: the record as first read is the draft's fallback already.
 */
function useScriptDisposition(record: LocalCallLog | null, draft: ReturnType<typeof useWrapUpDraft>): void {
  const code = record ? record.wrapUp.dispositionCode : undefined;
  const seen = useRef(code);
  const { update } = draft;
  useEffect(() => {
    const before = seen.current;
    seen.current = code;
    if (before === undefined || code === undefined || code === null || code === before) return;
    update({ dispositionCode: code });
  }, [code, update]);
}

function NotesField({ draft, hint }: { draft: ReturnType<typeof useWrapUpDraft>; hint?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = useId();
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {t('callLog.wrapUp.notes')}
      </label>
      <Input.TextArea
        id={id}
        value={draft.draft.notes}
        maxLength={NOTES_MAX}
        autoSize={{ minRows: 3, maxRows: 10 }}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => draft.update({ notes: e.target.value })}
        onBlur={draft.flush}
      />
      {hint && (
        <Typography.Text type="secondary" id={hintId} style={{ display: 'block', marginTop: 4 }}>
          {hint}
        </Typography.Text>
      )}
    </div>
  );
}

function WrapUpForm({ record, caller, draft }: { record: LocalCallLog; caller: string; draft: ReturnType<typeof useWrapUpDraft> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const selectId = useId();
  const errorId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const codes = useConsoleStore((s) => s.phone.dispositionCodes);
  const queueDispositions = useConsoleStore((s) => s.phone.queueDispositions);
  const dispositionRequired = useConsoleStore((s) => s.phone.dispositionRequired);
  const scriptStatus = useConsoleStore((s) => s.flows.runs[record.id]?.run.status ?? null);
  // A refusal the store made (Finish, or Ready with this call's wrap-up open) says what it found missing.
  const storeRefusal = useConsoleStore((s) => (s.callLog.wrapUpError?.callId === record.id ? s.callLog.wrapUpError.missing : null));
  const finishWrapUp = useConsoleStore((s) => s.finishWrapUp);
  const [refused, setRefused] = useState<WrapUpGap[] | null>(null);
  const [busy, setBusy] = useState(false);
  // The call's queue offers its own list (by the IVR choice it came with), else every code.
  const offered = dispositionOptions({ dispositionCodes: codes, queueDispositions }, record.ivrChoice);
  // With nothing to choose there is nothing to require: the agent must still be able to finish.
  const required = dispositionRequired && offered.length > 0;
  const chosen = draft.draft.dispositionCode;
  const options = offered.map((d) => ({ value: d.code, label: d.label[language] }));
  // A code the center has since retired (or another queue's, set by a script) stays selectable for the call that has it.
  if (chosen && !offered.some((d) => d.code === chosen)) options.push({ value: chosen, label: codes.find((d) => d.code === chosen)?.label[language] ?? chosen });
  // What is missing now: a refusal shown earlier goes away as its reasons are dealt with.
  const missingNow = wrapUpGaps({ dispositionRequired: required, offered, dispositionCode: chosen, scriptStatus });
  const shown = (refused ?? storeRefusal ?? []).filter((gap) => missingNow.includes(gap));
  const dispositionMissing = shown.includes('disposition');

  const finish = async () => {
    if (missingNow.length > 0) {
      setRefused(missingNow);
      return;
    }
    setRefused(null);
    draft.seal();
    setBusy(true);
    const done = await finishWrapUp(record.id, { dispositionCode: chosen, notes: draft.draft.notes });
    setBusy(false);
    if (done) {
      void message.success(t('callLog.wrapUp.finished', { caller }));
      return;
    }
    draft.unseal();
    // Refused by the store, from what is saved on this PC: its reasons are said, whatever the form thought.
    const refusal = useConsoleStore.getState().callLog.wrapUpError;
    void message.error(refusal?.callId === record.id ? errorText(t, refusal) : t('callLog.wrapUp.finishFailed'));
  };

  return (
    <Flex vertical gap={12}>
      {record.status === 'interrupted' && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningFilled aria-hidden />}
          title={t('callLog.wrapUp.interrupted')}
          description={
            record.interruption ? t('callLog.wrapUp.lastSeen', { time: formatDateTimeSeconds(record.interruption.lastSeenAt, language) }) : undefined
          }
        />
      )}
      <div>
        <label htmlFor={selectId} style={{ display: 'block', marginBottom: 4 }}>
          {t('callLog.wrapUp.disposition')}
          {required && (
            <span aria-hidden style={{ color: '#cf1322', marginInlineStart: 4 }}>
              *
            </span>
          )}
          {offered.length === 0 && <Typography.Text type="secondary"> {t('callLog.wrapUp.noDispositions')}</Typography.Text>}
        </label>
        <Select<string>
          id={selectId}
          virtual={false}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          disabled={options.length === 0}
          value={chosen ?? undefined}
          options={options}
          status={dispositionMissing ? 'error' : undefined}
          aria-required={required}
          aria-invalid={dispositionMissing}
          aria-describedby={dispositionMissing ? errorId : undefined}
          onChange={(value) => draft.update({ dispositionCode: value ?? null })}
          onBlur={draft.flush}
          style={{ width: '100%' }}
        />
        {dispositionMissing && (
          <div id={errorId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
            {t('callLog.wrapUp.dispositionRequired')}
          </div>
        )}
      </div>
      <NotesField draft={draft} />
      {shown.includes('script') && <ScriptRefusal callId={record.id} />}
      <Flex justify="flex-end">
        <Button type="primary" icon={<CheckOutlined aria-hidden />} loading={busy} disabled={!draft.loaded} onClick={() => void finish()}>
          {t('callLog.wrapUp.finish')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The script is still running: wrap-up waits for it, and the way to it is one click (or Enter) away. */
function ScriptRefusal({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const goToScript = () => {
    const runner = document.getElementById(runnerElementId(callId));
    if (!runner) return;
    runner.scrollIntoView({ behavior: 'smooth', block: 'start' });
    runner.focus({ preventScroll: true });
  };
  return (
    <Alert
      type="warning"
      showIcon
      icon={<StopOutlined aria-hidden />}
      role="alert"
      title={t('flows.wrapUp.script')}
      action={
        <Button size="small" onClick={goToScript}>
          {t('flows.wrapUp.goToScript')}
        </Button>
      }
    />
  );
}
