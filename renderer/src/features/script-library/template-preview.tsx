import { Tag } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { fieldLabel } from '../flows/flow-text';
import { templateParts } from './library-model';

/**
 * A template as the manager wrote it, for study: the text as text (a `<b>` or an `<img>` in it shows
 * literally), each field as a tag named for what it is ("Customer name") with its fallback, and the
 * reference as written on hover. Nothing is filled in: there is no call.
 */
export function TemplatePreview({ text, flow, language }: { text: string; flow: FlowDefinition; language: Language }) {
  const { t } = useTranslation();
  return (
    <>
      {templateParts(text).map((part, index) => {
        if (part.kind === 'text') return <Fragment key={index}>{part.text}</Fragment>;
        const label = fieldLabel(t, part.ref, flow, language);
        const written = `{{${part.ref}${part.fallback === null ? '' : `|${part.fallback}`}}}`;
        return (
          <Tag key={index} color="blue" variant="outlined" title={written} data-field={part.ref} style={{ marginInline: 2, whiteSpace: 'normal' }}>
            {part.fallback ? t('scriptLibrary.preview.fieldWithFallback', { field: label, fallback: part.fallback }) : label}
          </Tag>
        );
      })}
    </>
  );
}
