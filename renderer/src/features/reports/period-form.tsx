import { Button, Flex, Input, Typography } from 'antd';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../customer/field-error';
import { periodProblem, presetOf, presetPeriod, REPORT_PRESETS, type IsoDay, type PeriodProblem, type ReportPeriod, type ReportPreset } from './report-model';

export interface PeriodFormProps {
  /** The period whose report is shown or being fetched: the form starts from it. */
  asked: ReportPeriod;
  /** Today on this PC, read when a preset is chosen so a pane left open overnight picks the new day. */
  today: () => IsoDay;
  busy: boolean;
  onAsk: (period: ReportPeriod) => void;
}

/**
 * The period of the report: two dates and the presets the complaint section reports by. Native date
 * inputs rather than a range picker: they let a start after the end be typed (and refused here with
 * words, before the hub is asked), and every browser and screen reader already knows them.
 */
export function PeriodForm({ asked, today, busy, onAsk }: PeriodFormProps) {
  const { t } = useTranslation();
  const ids = { from: useId(), to: useId(), problem: useId(), presets: useId() };
  const [draft, setDraft] = useState<ReportPeriod>(asked);
  const [problem, setProblem] = useState<PeriodProblem | null>(null);
  const [day, setDay] = useState(today);
  const current = presetOf(draft, day);

  // A problem shown stays while the dates are edited: it says why the last 统计 was refused, until the next.
  const edit = (field: keyof ReportPeriod, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const choose = (preset: ReportPreset) => {
    const now = today();
    const period = presetPeriod(preset, now);
    setDay(now);
    setDraft(period);
    setProblem(null);
    onAsk(period);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = periodProblem(draft);
    setProblem(found);
    if (found === null) onAsk(draft);
  };
  const invalid = problem !== null;

  return (
    <form onSubmit={submit} aria-label={t('reports.period.legend')} noValidate>
      <Flex vertical gap={8}>
        <Flex gap={8} align="center" wrap role="group" aria-labelledby={ids.presets}>
          <Typography.Text id={ids.presets}>{t('reports.period.presets')}</Typography.Text>
          {REPORT_PRESETS.map((preset) => (
            <Button key={preset} size="small" type={current === preset ? 'primary' : 'default'} aria-pressed={current === preset} onClick={() => choose(preset)}>
              {t(`reports.period.preset.${preset}`)}
            </Button>
          ))}
        </Flex>
        <Flex gap={12} align="flex-end" wrap>
          <Flex vertical gap={4}>
            <label htmlFor={ids.from}>{t('reports.period.from')}</label>
            <Input
              id={ids.from}
              type="date"
              value={draft.from}
              onChange={(e) => edit('from', e.target.value)}
              aria-invalid={invalid}
              aria-describedby={invalid ? ids.problem : undefined}
              style={{ width: 170 }}
            />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={ids.to}>{t('reports.period.to')}</label>
            <Input
              id={ids.to}
              type="date"
              value={draft.to}
              onChange={(e) => edit('to', e.target.value)}
              aria-invalid={invalid}
              aria-describedby={invalid ? ids.problem : undefined}
              style={{ width: 170 }}
            />
          </Flex>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('reports.period.submit')}
          </Button>
        </Flex>
        {problem && <FieldError id={ids.problem}>{t(`reports.period.problem.${problem}`)}</FieldError>}
      </Flex>
    </form>
  );
}
