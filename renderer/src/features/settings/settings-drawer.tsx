import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Input, Switch, Tag, Typography } from 'antd';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HOTKEY_ACTIONS, type HotkeyAction, type Settings } from '../../../../shared/ipc/contract';
import { useConsoleStore, type SettingsSaveError } from '../../store';
import { TAG_TEXT } from '../common/tag-style';
import { LanguageSwitch } from '../language/language-switch';
import { AudioDeviceFields } from '../phone/audio-devices';
import { HotkeyField } from './hotkey-field';
import { draftOf, draftProblems, hotkeyStatusOf, settingsPatch, type SettingsDraft } from './settings-model';

const STATUS_COLOR = { registered: 'success', off: 'default', conflict: 'error', invalid: 'error', unsupported: 'default', unsaved: 'processing' } as const;

/**
 * The console's settings, in a drawer from the header (and the login screen, for the hub URL).
 * Audio devices and the language apply as they are picked, like the same controls elsewhere; the
 * server, the hotkeys and the start-up switches wait for Save, because the platform acts on them
 * (registers the keys, writes the login item) and says how that went.
 */
export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const saved = useConsoleStore((s) => s.desktop.settings);
  return (
    <Drawer open={open} onClose={onClose} title={t('settings.title')} size={440} destroyOnHidden closable={{ 'aria-label': t('settings.close') }}>
      {saved ? <SettingsForm saved={saved} onClose={onClose} /> : <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('settings.unavailable')} />}
    </Drawer>
  );
}

function SettingsForm({ saved, onClose }: { saved: Settings; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mode = useConsoleStore((s) => s.ui.mode);
  const status = useConsoleStore((s) => s.desktop.status);
  const signedIn = useConsoleStore((s) => s.session.status === 'signed-in');
  const saveSettings = useConsoleStore((s) => s.saveSettings);
  const refreshStatus = useConsoleStore((s) => s.refreshDesktopStatus);
  const refreshDevices = useConsoleStore((s) => s.refreshAudioDevices);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(saved));
  const [showProblems, setShowProblems] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SettingsSaveError | null>(null);
  const desktop = mode === 'desktop';

  useEffect(() => {
    void refreshStatus();
    void refreshDevices();
  }, [refreshStatus, refreshDevices]);

  const problems = draftProblems(draft, mode);
  const patch = settingsPatch(draft, saved, mode);
  const changed = Object.keys(patch).length > 0;
  const refused = (field: string) => (saveError?.fields.includes(field) ? t('settings.refused') : null);

  const save = async () => {
    setShowProblems(true);
    if (Object.keys(problems).length > 0 || !changed) return;
    const run = async () => {
      setSaving(true);
      setSaveError(null);
      try {
        const result = await saveSettings(patch);
        if (!result.ok) {
          // What the agent typed stays in the form: only the message says what went wrong.
          setSaveError(result.error);
          return;
        }
        setShowProblems(false);
        setDraft(draftOf(result.settings));
        void message.success(t('settings.saved'));
      } finally {
        setSaving(false);
      }
    };
    if (patch.hubUrl !== undefined && signedIn) {
      modal.confirm({
        title: t('settings.server.confirmTitle'),
        content: t('settings.server.confirmBody'),
        okText: t('settings.server.confirmOk'),
        cancelText: t('settings.cancel'),
        onOk: run,
      });
      return;
    }
    await run();
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Flex vertical gap={20}>
        {status?.secretProtection === 'memory-only' && (
          <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={t('settings.secrets.memoryOnly')} />
        )}
        {saveError && (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            role="alert"
            title={t('settings.saveFailed')}
            description={saveError.message}
          />
        )}

        <Section title={t('settings.server.title')}>
          {desktop ? (
            <HubUrlField
              value={draft.hubUrl}
              onChange={(hubUrl) => setDraft({ ...draft, hubUrl })}
              problem={showProblems && problems.hubUrl ? t(`settings.server.problems.${problems.hubUrl}`) : refused('hubUrl')}
            />
          ) : (
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('settings.server.sameOrigin', { origin: window.location.origin })}
            </Typography.Paragraph>
          )}
        </Section>

        <Section title={t('settings.audio.title')} note={t('settings.audio.note')}>
          <AudioDeviceFields />
        </Section>

        <Section title={t('settings.hotkeys.title')} note={desktop ? t('settings.hotkeys.note') : t('settings.hotkeys.webNote')}>
          <HotkeyFields draft={draft} onChange={(hotkeys) => setDraft({ ...draft, hotkeys })} refused={refused} />
        </Section>

        <Section title={t('settings.startup.title')}>
          <Flex vertical gap={12}>
            <SwitchRow
              label={t('settings.startup.launchAtLogin')}
              checked={draft.launchAtLogin}
              disabled={!desktop}
              onChange={(launchAtLogin) => setDraft({ ...draft, launchAtLogin })}
              note={
                !desktop
                  ? t('settings.desktopOnly')
                  : status?.launchAtLogin === 'failed' && saved.launchAtLogin
                    ? t('settings.startup.launchFailed')
                    : null
              }
              warn={desktop && status?.launchAtLogin === 'failed' && saved.launchAtLogin}
            />
            <SwitchRow
              label={t('settings.startup.bringToFront')}
              checked={draft.bringToFrontOnRing}
              disabled={!desktop}
              onChange={(bringToFrontOnRing) => setDraft({ ...draft, bringToFrontOnRing })}
              note={desktop ? null : t('settings.desktopOnly')}
              warn={false}
            />
          </Flex>
        </Section>

        <Section title={t('settings.language.title')}>
          <LanguageSwitch />
        </Section>

        <LinksSection />

        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t('settings.cancel')}</Button>
          <Button type="primary" htmlType="submit" disabled={!changed || saving} aria-busy={saving}>
            {t('settings.save')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {title}
      </Typography.Title>
      {note && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {note}
        </Typography.Paragraph>
      )}
      {children}
    </section>
  );
}

function HubUrlField({ value, onChange, problem }: { value: string; onChange: (value: string) => void; problem: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const helpId = useId();
  const errorId = useId();
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {t('settings.server.hubUrl')}
      </label>
      <Input
        id={id}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        maxLength={2048}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        status={problem ? 'error' : undefined}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${helpId} ${errorId}` : helpId}
        placeholder="http://127.0.0.1:8790"
      />
      <Typography.Text id={helpId} type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {t('settings.server.help')}
      </Typography.Text>
      {problem && (
        <div id={errorId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
          {problem}
        </div>
      )}
    </div>
  );
}

function HotkeyFields({
  draft,
  onChange,
  refused,
}: {
  draft: SettingsDraft;
  onChange: (hotkeys: SettingsDraft['hotkeys']) => void;
  refused: (field: string) => string | null;
}) {
  const { t } = useTranslation();
  const baseId = useId();
  const status = useConsoleStore((s) => s.desktop.status);
  const instructionsId = `${baseId}-instructions`;
  return (
    <Flex vertical gap={10}>
      <Typography.Text id={instructionsId} type="secondary">
        {t('settings.hotkeys.instructions')}
      </Typography.Text>
      {HOTKEY_ACTIONS.map((action: HotkeyAction) => {
        const id = `${baseId}-${action}`;
        const statusId = `${id}-status`;
        const word = hotkeyStatusOf(status, action, draft.hotkeys[action]);
        return (
          <div key={action}>
            <Flex justify="space-between" align="baseline" gap={8} style={{ marginBottom: 4 }}>
              <label htmlFor={id}>{t(`settings.hotkeys.actions.${action}`)}</label>
              {word && (
                <Tag id={statusId} color={STATUS_COLOR[word]} style={TAG_TEXT[STATUS_COLOR[word]]}>
                  {t(`settings.hotkeys.status.${word}`)}
                </Tag>
              )}
            </Flex>
            <HotkeyField
              id={id}
              action={action}
              hotkeys={draft.hotkeys}
              onChange={(accelerator) => onChange({ ...draft.hotkeys, [action]: accelerator })}
              describedBy={word ? `${statusId} ${instructionsId}` : instructionsId}
              errorId={`${id}-error`}
              saveError={refused(`hotkeys.${action}`) ?? refused('hotkeys')}
            />
          </div>
        );
      })}
    </Flex>
  );
}

function SwitchRow({
  label,
  checked,
  disabled,
  onChange,
  note,
  warn,
}: {
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
  note: string | null;
  warn: boolean;
}) {
  const id = useId();
  const noteId = useId();
  return (
    <div>
      <Flex justify="space-between" align="center" gap={8}>
        <label htmlFor={id}>{label}</label>
        <Switch id={id} checked={checked} disabled={disabled} onChange={onChange} aria-describedby={note ? noteId : undefined} />
      </Flex>
      {note && (
        <Typography.Text id={noteId} type={warn ? 'danger' : 'secondary'} style={{ display: 'block', marginTop: 2 }}>
          {warn && <WarningFilled aria-hidden />} {note}
        </Typography.Text>
      )}
    </div>
  );
}

/** Click-to-dial: where `tel:` links go. A browser can be asked; the desktop app registers when installed. */
function LinksSection() {
  const { t } = useTranslation();
  const mode = useConsoleStore((s) => s.ui.mode);
  const status = useConsoleStore((s) => s.desktop.status);
  const canRegister = useConsoleStore((s) => s.canRegisterTelHandler);
  const register = useConsoleStore((s) => s.registerTelHandler);
  const [asked, setAsked] = useState<'idle' | 'asked' | 'failed'>('idle');
  const telRegistered = status?.linkHandlers.tel ?? false;

  return (
    <Section title={t('settings.links.title')}>
      <Flex vertical gap={8} align="flex-start">
        <Typography.Text>
          {telRegistered ? (mode === 'desktop' ? t('settings.links.telRegistered') : t('settings.links.telAsked')) : t('settings.links.telNotRegistered')}
        </Typography.Text>
        {mode === 'web' && canRegister() && (
          <Button
            onClick={() => {
              void register().then((ok) => setAsked(ok ? 'asked' : 'failed'));
            }}
          >
            {t('settings.links.register')}
          </Button>
        )}
        {asked === 'failed' && (
          <Typography.Text type="danger" role="alert">
            {t('settings.links.registerFailed')}
          </Typography.Text>
        )}
      </Flex>
    </Section>
  );
}
