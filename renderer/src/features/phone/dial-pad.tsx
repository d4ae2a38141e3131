import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Typography } from 'antd';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore, type InvalidNumberReason } from '../../store';
import { KEYPAD_KEYS, visibleCalls, type KeypadKey } from './call-format';

/**
 * Number field and keypad. With a call being talked on, the keypad sends tones to it instead (menus,
 * PINs): those digits are not shown or logged, only how many were sent.
 */
export function DialPad() {
  const { t } = useTranslation();
  const fieldId = useId();
  const helpId = useId();
  const headingId = useId();
  const status = useConsoleStore((s) => s.phone.status);
  const calls = useConsoleStore((s) => s.phone.snapshot?.calls);
  const refused = useConsoleStore((s) => s.phone.refusedCallIds);
  const dial = useConsoleStore((s) => s.dial);
  const sendDtmf = useConsoleStore((s) => s.sendDtmf);
  const prefill = useConsoleStore((s) => s.desktop.dialPrefill);
  const takePrefill = useConsoleStore((s) => s.takeDialPrefill);
  const [number, setNumber] = useState('');
  const [invalid, setInvalid] = useState<InvalidNumberReason | null>(null);
  const [prefilled, setPrefilled] = useState<number | null>(null);
  // A clicked link's number that could not be dialled at once (a call is up, or before login): the
  // agent sees it here and dials it when ready.
  if (prefill && prefill.seq !== prefilled) {
    setPrefilled(prefill.seq);
    setNumber(prefill.number);
    setInvalid(null);
  }
  useEffect(() => {
    if (prefill) takePrefill(prefill.seq);
  }, [prefill, takePrefill]);
  const [dialling, setDialling] = useState(false);
  const [tones, setTones] = useState<{ callId: string; count: number } | null>(null);

  const live = visibleCalls(calls ?? [], refused).filter((c) => c.state !== 'ended');
  const toneCall = live.find((c) => c.state === 'talking') ?? null;
  // One conversation at a time: a second outgoing call is for the transfer dialog's "Consult first".
  const busy = live.some((c) => c.state === 'talking' || c.state === 'dialing' || c.state === 'ringing');
  const canDial = status === 'on' && !busy && !dialling;
  const tonesSent = toneCall && tones?.callId === toneCall.id ? tones.count : 0;

  const press = (key: KeypadKey) => {
    if (toneCall) {
      void sendDtmf(toneCall.id, key);
      setTones({ callId: toneCall.id, count: tonesSent + 1 });
      return;
    }
    setNumber((n) => n + key);
    setInvalid(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canDial) return;
    setDialling(true);
    try {
      const outcome = await dial(number);
      if (outcome.ok) setNumber('');
      else setInvalid(outcome.invalid);
    } finally {
      setDialling(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('phone.dialpad.title')}
        </Typography.Title>
      }
    >
      <section aria-labelledby={headingId}>
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor={fieldId} style={{ display: 'block', marginBottom: 4 }}>
            {t('phone.dialpad.number')}
          </label>
          <Flex gap={8}>
            <Input
              id={fieldId}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={40}
              value={number}
              status={invalid ? 'error' : undefined}
              aria-invalid={invalid !== null}
              aria-describedby={invalid ? helpId : undefined}
              onChange={(e) => {
                setNumber(e.target.value);
                setInvalid(null);
              }}
            />
            <Button
              icon={<ArrowLeftOutlined aria-hidden />}
              aria-label={t('phone.dialpad.backspace')}
              disabled={number === ''}
              onClick={() => setNumber((n) => n.slice(0, -1))}
            />
          </Flex>
          {invalid && (
            <div id={helpId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
              {t(`phone.dialpad.invalid.${invalid}`)}
            </div>
          )}

          <div
            role="group"
            aria-label={toneCall ? t('phone.dialpad.keypadTones') : t('phone.dialpad.keypad')}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 6, margin: '12px 0' }}
          >
            {KEYPAD_KEYS.map((key) => (
              <Button key={key} onClick={() => press(key)} style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums' }}>
                {key}
              </Button>
            ))}
          </div>
          {toneCall ? (
            <Typography.Paragraph type="secondary" style={{ margin: '0 0 8px' }}>
              {tonesSent > 0 ? t('phone.dialpad.tonesSent', { count: tonesSent }) : t('phone.dialpad.tonesHint')}
            </Typography.Paragraph>
          ) : null}
          <Button type="primary" htmlType="submit" block icon={<PhoneOutlined aria-hidden />} disabled={!canDial} aria-busy={dialling}>
            {t('phone.dialpad.dial')}
          </Button>
        </form>
      </section>
    </Card>
  );
}
