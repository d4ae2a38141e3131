import { SearchOutlined } from '@ant-design/icons';
import { Collapse, Input, Typography } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowSnippet } from '../../../../shared/flows/flow-schema';
import { filterSnippets } from './flow-model';

/**
 * The knowledge a step answers from (业务咨询: prices, postage, sizes), beside what to say: a search
 * box over both languages and one collapsible entry per snippet, closed until the agent needs it.
 */
export function SnippetList({ snippets, language, renderText }: { snippets: readonly FlowSnippet[]; language: Language; renderText: (text: string) => ReactNode }) {
  const { t } = useTranslation();
  const searchId = useId();
  const headingId = useId();
  const [query, setQuery] = useState('');
  const shown = filterSnippets(snippets, query);
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={4} id={headingId} style={{ fontSize: 14, margin: '0 0 8px' }}>
        {t('flows.snippets.title')}
      </Typography.Title>
      {snippets.length > 3 && (
        <div style={{ marginBottom: 8 }}>
          <label htmlFor={searchId} className="visually-hidden">
            {t('flows.snippets.search')}
          </label>
          <Input id={searchId} type="search" allowClear prefix={<SearchOutlined aria-hidden />} placeholder={t('flows.snippets.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      )}
      {shown.length === 0 ? (
        <Typography.Text type="secondary" role="status">
          {t('flows.snippets.none')}
        </Typography.Text>
      ) : (
        <Collapse
          size="small"
          items={shown.map((snippet) => ({
            key: snippet.id,
            label: snippet.title[language],
            children: <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{renderText(snippet.text[language])}</div>,
          }))}
        />
      )}
    </section>
  );
}
