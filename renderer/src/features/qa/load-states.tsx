import { Alert, Button, Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserFacingError } from '../../store';
import { errorText } from '../common/error-text';

/** What every QA view shows while a read of the hub is on its way: a busy status with its words. */
export function LoadingState({ label, padding = 48 }: { label: string; padding?: number }) {
  return (
    <Flex role="status" aria-busy="true" justify="center" style={{ padding }}>
      <Spin description={label} />
    </Flex>
  );
}

/** A read of the hub that failed: what could not be loaded, why, and Retry. */
export function LoadFailed({ title, error, onRetry }: { title: string; error: UserFacingError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={errorText(t, error)}
      action={
        <Button size="small" onClick={onRetry}>
          {t('qa.retry')}
        </Button>
      }
    />
  );
}
