import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Typography } from 'antd';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PagedListState } from '../../store/paged-list';
import { errorText } from './error-text';

/**
 * The frame of a paged list (store/paged-list.ts) on screen: the first page loading, failing with
 * Retry, or shown — with a failed refresh or page said beside the rows that stay, the count, and
 * "load more". `ns` names the pane's texts (`<ns>.loadFailed`, `.loading`, `.updateFailed`,
 * `.moreFailed`, `.shown`, `.all`, `.loadMore`, `.retry`).
 */
export function PagedListView<F, I>(props: {
  list: PagedListState<F, I>;
  ns: 'cases.list' | 'worklist.list';
  /** The list's name, for the heading screen readers navigate by. */
  label: string;
  onRetry: () => void;
  onLoadMore: () => void;
  /** Notices about the rows, above them. */
  notices?: ReactNode;
  /** The rows (a table). */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { list, ns } = props;
  const headingId = useId();
  return (
    <>
      {list.status === 'error' && list.error && (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t(`${ns}.loadFailed`)}
          description={errorText(t, list.error)}
          action={
            <Button size="small" onClick={props.onRetry}>
              {t(`${ns}.retry`)}
            </Button>
          }
        />
      )}
      {(list.status === 'loading' || list.status === 'idle') && (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin description={t(`${ns}.loading`)} />
        </Flex>
      )}
      {list.status === 'ready' && (
        <section aria-labelledby={headingId}>
          <h2 id={headingId} className="visually-hidden">
            {props.label}
          </h2>
          {list.refreshError && (
            <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} style={{ marginBottom: 8 }} title={t(`${ns}.updateFailed`)} description={errorText(t, list.refreshError)} />
          )}
          {props.notices}
          {props.children}
          <Flex vertical align="center" gap={8} style={{ marginTop: 12 }}>
            {list.moreError && <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={t(`${ns}.moreFailed`)} description={errorText(t, list.moreError)} />}
            <Typography.Text type="secondary" role="status">
              {list.items.length > 0 && (list.nextCursor === null ? t(`${ns}.all`, { count: list.items.length }) : t(`${ns}.shown`, { count: list.items.length }))}
            </Typography.Text>
            {list.nextCursor !== null && (
              <Button onClick={props.onLoadMore} loading={list.loadingMore}>
                {t(`${ns}.loadMore`)}
              </Button>
            )}
          </Flex>
        </section>
      )}
    </>
  );
}
