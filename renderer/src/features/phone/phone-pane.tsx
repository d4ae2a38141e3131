import { CloseCircleFilled, InfoCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { WrapUpPanel } from '../call-log/wrap-up-panel';
import { ScreenPopCard } from '../customer/screen-pop-card';
import { ScriptRunner } from '../flows/script-runner';
import type { CallSnapshot } from '../../services/sip/phone-types';
import { AudioDevicesCard } from './audio-devices';
import { CallCard } from './call-card';
import { isCallWaiting, visibleCalls } from './call-format';
import { DialPad } from './dial-pad';
import { phoneErrorText, registrationSummary } from './phone-text';
import { shortcutTargets } from './shortcuts';
import { ShortcutsList } from './shortcuts-list';

/**
 * The softphone: registration, live calls with their notes and wrap-up, dial pad, audio devices and
 * the shortcuts. It renders the store's plain snapshot and calls store actions; it never holds a
 * phone object itself.
 */
export function PhonePane() {
  return (
    <Flex gap={16} wrap align="flex-start">
      <Flex vertical gap={12} style={{ flex: '2 1 420px', minWidth: 0 }}>
        <RegistrationBanner />
        <CommandError />
        <ConsultBanner />
        <CallList />
        <WrapUpPanel />
      </Flex>
      <Flex vertical gap={12} style={{ flex: '1 1 260px', maxWidth: 360 }}>
        <DialPad />
        <AudioDevicesCard />
        <ShortcutsList />
      </Flex>
    </Flex>
  );
}

/** Only when the phone is not registered: what is wrong, in words, and what to do. */
function RegistrationBanner() {
  const { t } = useTranslation();
  const status = useConsoleStore((s) => s.phone.status);
  const snapshot = useConsoleStore((s) => s.phone.snapshot);
  const configError = useConsoleStore((s) => s.phone.configError);
  const retry = useConsoleStore((s) => s.retryPhoneConfig);
  const summary = registrationSummary(t, status, snapshot, configError);
  if (summary.tone === 'ok') return null;
  const type = summary.tone === 'error' ? 'error' : summary.tone === 'pending' ? 'info' : 'warning';
  const Icon = summary.tone === 'error' ? CloseCircleFilled : summary.tone === 'pending' ? InfoCircleFilled : WarningFilled;
  return (
    <Alert
      type={type}
      showIcon
      icon={<Icon aria-hidden />}
      // The header's role=status already announces the change; this is the detail to read.
      role="note"
      title={t('phone.registration.label', { state: summary.text })}
      description={summary.hint ?? undefined}
      action={
        status === 'config_failed' ? (
          <Button size="small" onClick={() => void retry()}>
            {t('phone.registration.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

function CommandError() {
  const { t } = useTranslation();
  const error = useConsoleStore((s) => s.phone.error);
  const dismiss = useConsoleStore((s) => s.dismissPhoneError);
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      icon={<CloseCircleFilled aria-hidden />}
      title={t(`phone.actionFailed.${error.action}`)}
      // The phone's own words (`403 Relaying Forbidden`) help whoever looks into it; tones' details stay unshown.
      description={error.detail && error.action !== 'dtmf' ? `${phoneErrorText(t, error.code)} (${error.detail})` : phoneErrorText(t, error.code)}
      closable={{ onClose: dismiss, 'aria-label': t('phone.dismiss') }}
    />
  );
}

/** An attended transfer in progress: the caller is on hold while the agent speaks to the target. */
function ConsultBanner() {
  const { t } = useTranslation();
  const consult = useConsoleStore((s) => s.phone.consult);
  const consultCall = useConsoleStore((s) => s.phone.snapshot?.calls.find((c) => c.id === s.phone.consult?.consultCallId));
  const complete = useConsoleStore((s) => s.completeConsult);
  const cancel = useConsoleStore((s) => s.cancelConsult);
  if (!consult) return null;
  const connected = consultCall?.state === 'talking' || consultCall?.state === 'held';
  return (
    <Alert
      type="info"
      showIcon
      icon={<InfoCircleFilled aria-hidden />}
      role="status"
      title={t('phone.consult.title', { target: consult.target })}
      description={connected ? t('phone.consult.connected') : t('phone.consult.dialing')}
      action={
        <Flex gap={8} wrap>
          <Button size="small" type="primary" disabled={!connected} onClick={() => void complete()}>
            {t('phone.consult.complete')}
          </Button>
          <Button size="small" onClick={() => void cancel()}>
            {t('phone.consult.cancel')}
          </Button>
        </Flex>
      }
    />
  );
}

/**
 * What goes with a call under its card: who is calling (while it rings too; outbound calls and
 * callbacks as well) and, once the conversation is on, its script beside the caller on a wide
 * screen, below it on a narrow one. An ended call's script moves to its wrap-up card.
 */
function CallCompanions({ call }: { call: CallSnapshot }) {
  const hasPop = useConsoleStore((s) => s.customers.pops[call.id] !== undefined);
  const scripted = call.state === 'talking' || call.state === 'held' || call.state === 'dialing';
  if (!hasPop && !scripted) return null;
  return (
    <Flex gap={8} wrap align="flex-start">
      {hasPop && (
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <ScreenPopCard callId={call.id} />
        </div>
      )}
      {scripted && (
        <div style={{ flex: '2 1 380px', minWidth: 0 }}>
          <ScriptRunner callId={call.id} ivrChoice={call.ivrChoice} live />
        </div>
      )}
    </Flex>
  );
}

function CallList() {
  const { t } = useTranslation();
  const headingId = useId();
  const snapshotCalls = useConsoleStore((s) => s.phone.snapshot?.calls);
  const refused = useConsoleStore((s) => s.phone.refusedCallIds);
  const calls = visibleCalls(snapshotCalls ?? [], refused);
  const targets = shortcutTargets(calls);
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {t('phone.calls.title')}
      </Typography.Title>
      {calls.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('phone.calls.empty')}</Typography.Paragraph>
      ) : (
        <Flex vertical gap={8}>
          {calls.map((call) => (
            <Fragment key={call.id}>
              <CallCard call={call} waiting={isCallWaiting(call, calls)} targets={targets} />
              <CallCompanions call={call} />
            </Fragment>
          ))}
        </Flex>
      )}
    </section>
  );
}
