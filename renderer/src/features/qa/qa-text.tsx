import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Evaluation, Review, SampleReason } from '../../../../shared/api/qa';
import type { Language } from '../../../../shared/domain/i18n';
import { formatDateTime } from '../call-log/call-log-format';
import { TAG_TEXT } from '../common/tag-style';

/** Texts and tags the QA views share. */

export const qaDateTime = (at: string, language: Language): string => formatDateTime(at, language);

/** The reasons a call was sampled, as tags with their words (a risky reason in the warning colour; the word says it too). */
export function reasonTags(t: TFunction, reasons: readonly SampleReason[]): ReactNode {
  return reasons.map((reason) => {
    const risky = reason !== 'random' && reason !== 'manual';
    // Side by side in a cell: the house tag style drops antd's gap, so it is put back here.
    return (
      <Tag key={reason} color={risky ? 'warning' : 'default'} style={{ ...(risky ? TAG_TEXT.warning : TAG_TEXT.default), marginInlineEnd: 4 }}>
        {t(`qa.reasons.${reason}`)}
      </Tag>
    );
  });
}

export function reviewStatusTag(t: TFunction, status: Review['status']): ReactNode {
  const color = status === 'submitted' ? 'success' : status === 'draft' ? 'blue' : 'default';
  return <Tag color={color} style={TAG_TEXT[color]}>{t(`qa.status.${status}`)}</Tag>;
}

export function responseTag(t: TFunction, response: Evaluation['agentResponse']['status']): ReactNode {
  const color = response === 'acknowledged' ? 'success' : response === 'disputed' ? 'error' : 'default';
  return <Tag color={color} style={TAG_TEXT[color]}>{t(`qa.response.${response}`)}</Tag>;
}

export function fatalTag(t: TFunction): ReactNode {
  return <Tag color="error" style={TAG_TEXT.error}>{t('qa.scorecard.fatalTag')}</Tag>;
}

/** Talk time as m:ss. */
export function talkText(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
