import { Flex, Typography } from 'antd';
import { useId, type ReactNode } from 'react';

/** A titled part of the case page, named for assistive technology by its heading. */
export function CaseSection({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: 16 }}>
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}
