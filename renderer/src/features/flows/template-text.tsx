import { Tooltip } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateSegment } from '../../../../shared/flows/flow-run';

export interface TemplateTextProps {
  segments: readonly TemplateSegment[];
  /** The name of a field for its placeholder (`客户姓名`): the caller knows the flow and the language. */
  labelOf: (ref: string) => string;
}

/**
 * A filled-in template as React text: a manager's `<b>` in a script or a customer named
 * `<script>` shows literally, as what it is. A filled field is bold, so the agent sees what came
 * from the call; an unknown one shows its fallback, or a `[客户姓名]` placeholder that says it is
 * unknown on this call, rather than reading out a blank.
 */
export function TemplateText({ segments, labelOf }: TemplateTextProps) {
  const { t } = useTranslation();
  return (
    <>
      {segments.map((segment, index) => {
        if (segment.kind === 'text') return <Fragment key={index}>{segment.text}</Fragment>;
        if (segment.value !== null) {
          return (
            <strong key={index} data-field={segment.ref}>
              {segment.value}
            </strong>
          );
        }
        const label = labelOf(segment.ref);
        const missing = t('flows.template.missing', { field: label });
        if (segment.fallback) {
          return (
            <Tooltip key={index} title={missing}>
              <span data-field={segment.ref} data-missing="true" style={{ textDecoration: 'underline dotted' }}>
                {segment.fallback}
              </span>
            </Tooltip>
          );
        }
        return (
          <Tooltip key={index} title={missing}>
            <span data-field={segment.ref} data-missing="true" style={{ color: '#ad4e00', background: '#fff7e6', padding: '0 2px', borderRadius: 2 }}>
              [{label}]<span className="visually-hidden"> {missing}</span>
            </span>
          </Tooltip>
        );
      })}
    </>
  );
}
