import { Flex, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

// Loaded when the pane is first opened: ECharts is most of its weight, and the agents whose
// workspace has no Reports pane never need it.
const ReportsPane = lazy(async () => ({ default: (await import('./reports-pane')).ReportsPane }));

export function LazyReportsPane() {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <Flex role="status" aria-busy="true" justify="center" style={{ padding: 48 }}>
          <Spin description={t('reports.opening')} />
        </Flex>
      }
    >
      <ReportsPane />
    </Suspense>
  );
}
