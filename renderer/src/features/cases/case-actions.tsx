import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { ActionDialog } from './action-dialog';
import { isActionType } from './case-model';
import { CaseSection } from './case-section';
import { actionText } from './case-text';

/** Actions whose step sends the case back or against the proposal: shown as such. */
const PUSHBACK: ReadonlySet<ComplaintActionType> = new Set(['reject_proposal', 'query', 'uphold_query', 'refuse_approval', 'reopen']);

/**
 * Exactly the actions the hub says this person may take on the case now (`availableActions`, the
 * machine the hub enforces), each opening its form.
 */
export function CaseActions({ detail, org }: { detail: ComplaintDetail; org: OrgDesign | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ComplaintActionType | null>(null);
  const actions = detail.case.availableActions.filter(isActionType);
  return (
    <CaseSection title={t('cases.sections.actions')}>
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.page.noActions')}</Typography.Text>
      ) : (
        <Flex gap={8} wrap>
          {actions.map((type) => (
            <Button key={type} danger={PUSHBACK.has(type)} type={PUSHBACK.has(type) ? 'default' : 'primary'} ghost={!PUSHBACK.has(type)} onClick={() => setOpen(type)}>
              {actionText(t, type)}
            </Button>
          ))}
        </Flex>
      )}
      {open !== null && <ActionDialog key={open} type={open} detail={detail} org={org} onClose={() => setOpen(null)} />}
    </CaseSection>
  );
}
