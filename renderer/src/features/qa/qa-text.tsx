import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Evaluation, Review, SampleReason } from '../../../../shared/api/qa';
import type { Language } from '../../../../shared/domain/i18n';
import { formatDateTime } from '../call-log/call-log-format';

/** Texts and tags the QA views share. */

export const qaDateTime = (at: string, language: Language): string => formatDateTime(at, language);

/** The reasons a call was sampled, as tags with their words (a risky reason in orange, with its name). */
export function reasonTags(t: TFunction, reasons: readonly SampleReason[]): ReactNode {
  return reasons.map((reason) => (
    <Tag key={reason} color={reason === 'random' || reason === 'manual' ? 'default' : 'orange'}>
      {t(`qa.reasons.${reason}`)}
    </Tag>
  ));
}

export function reviewStatusTag(t: TFunction, status: Review['status']): ReactNode {
  const color = status === 'submitted' ? 'green' : status === 'draft' ? 'blue' : 'default';
  return <Tag color={color}>{t(`qa.status.${status}`)}</Tag>;
}

export function responseTag(t: TFunction, response: Evaluation['agentResponse']['status']): ReactNode {
  const color = response === 'acknowledged' ? 'green' : response === 'disputed' ? 'volcano' : 'default';
  return <Tag color={color}>{t(`qa.response.${response}`)}</Tag>;
}

export function fatalTag(t: TFunction): ReactNode {
  return <Tag color="red">{t('qa.scorecard.fatalTag')}</Tag>;
}

/** Talk time as m:ss. */
export function talkText(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
