import { Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * Label–value pairs as a definition list in two columns (a call's details, a customer's contact
 * details). Values keep their line breaks: notes and addresses are typed on several lines.
 */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>
            <Typography.Text type="secondary">{label}</Typography.Text>
          </dt>
          <dd style={{ margin: 0, minWidth: 0, wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
