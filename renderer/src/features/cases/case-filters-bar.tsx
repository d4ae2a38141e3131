import { Button, Checkbox, Flex, Input, Select } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDesign } from '../../../../shared/api/org';
import { COMPLAINT_CATEGORIES } from '../../../../shared/api/tickets';
import { COMPLAINT_LEVELS } from '../../../../shared/complaints/complaint-actions';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../../shared/complaints/complaint-config';
import type { Language } from '../../../../shared/domain/i18n';
import { activeFilterCount, NO_FILTERS, type CaseFilters } from '../../services/cases/case-filters';
import { codeText, statusText } from './case-text';

const labelStyle = { display: 'block', fontSize: 12, marginBottom: 2 } as const;

/**
 * The list's filters. Choices apply at once; the search applies on Enter or its button, so the
 * hub is not asked at every keystroke.
 */
export function CaseFiltersBar({ filters, onChange, org, language }: { filters: CaseFilters; onChange: (next: CaseFilters) => void; org: OrgDesign | null; language: Language }) {
  const { t } = useTranslation();
  const ids = { status: useId(), waitingOn: useId(), category: useId(), level: useId(), q: useId(), from: useId(), to: useId() };
  // The search box's text until it is applied; a new filter set from outside (a view) replaces it.
  const [typed, setTyped] = useState<{ for: string; text: string }>({ for: filters.q, text: filters.q });
  const text = typed.for === filters.q ? typed.text : filters.q;
  const set = (patch: Partial<CaseFilters>) => onChange({ ...filters, ...patch });
  const active = activeFilterCount(filters);
  const any = t('cases.filters.any');
  const departments = org?.departments ?? [];

  return (
    <form
      role="search"
      aria-label={t('cases.filters.label')}
      onSubmit={(event) => {
        event.preventDefault();
        set({ q: text.trim() });
      }}
    >
      <Flex gap={12} wrap align="end">
        <div style={{ minWidth: 220, flex: '1 1 220px' }}>
          <label htmlFor={ids.status} style={labelStyle}>
            {t('cases.filters.status')}
          </label>
          <Select<ComplaintStatus[]>
            id={ids.status}
            mode="multiple"
            allowClear
            placeholder={any}
            value={filters.status}
            onChange={(status) => set({ status })}
            options={COMPLAINT_STATUSES.map((status) => ({ value: status, label: statusText(t, status) }))}
            optionFilterProp="label"
            style={{ width: '100%' }}
          />
        </div>
        <div style={{ minWidth: 160 }}>
          <label htmlFor={ids.waitingOn} style={labelStyle}>
            {t('cases.filters.waitingOn')}
          </label>
          <Select<string>
            id={ids.waitingOn}
            allowClear
            showSearch
            placeholder={any}
            value={filters.waitingOn ?? undefined}
            onChange={(code) => set({ waitingOn: code ?? null })}
            options={[
              ...departments.map((d) => ({ value: d.code, label: d.name[language] })),
              // A department a view names that the org design no longer lists still shows as itself.
              ...(filters.waitingOn !== null && !departments.some((d) => d.code === filters.waitingOn) ? [{ value: filters.waitingOn, label: filters.waitingOn }] : []),
            ]}
            optionFilterProp="label"
            style={{ width: '100%' }}
          />
        </div>
        <div style={{ minWidth: 110 }}>
          <label htmlFor={ids.category} style={labelStyle}>
            {t('cases.filters.category')}
          </label>
          <Select<string>
            id={ids.category}
            allowClear
            placeholder={any}
            value={filters.category ?? undefined}
            onChange={(category) => set({ category: (category as CaseFilters['category']) ?? null })}
            options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: codeText(t, 'categories', c) }))}
            style={{ width: '100%' }}
          />
        </div>
        <div style={{ minWidth: 120 }}>
          <label htmlFor={ids.level} style={labelStyle}>
            {t('cases.filters.level')}
          </label>
          <Select<string>
            id={ids.level}
            allowClear
            placeholder={any}
            value={filters.level ?? undefined}
            onChange={(level) => set({ level: (level as CaseFilters['level']) ?? null })}
            options={COMPLAINT_LEVELS.map((l) => ({ value: l, label: codeText(t, 'levels', l) }))}
            style={{ width: '100%' }}
          />
        </div>
        <div>
          <label htmlFor={ids.from} style={labelStyle}>
            {t('cases.filters.openedFrom')}
          </label>
          <Input id={ids.from} type="date" value={filters.openedFrom ?? ''} max={filters.openedTo ?? undefined} onChange={(e) => set({ openedFrom: e.target.value === '' ? null : e.target.value })} />
        </div>
        <div>
          <label htmlFor={ids.to} style={labelStyle}>
            {t('cases.filters.openedTo')}
          </label>
          <Input id={ids.to} type="date" value={filters.openedTo ?? ''} min={filters.openedFrom ?? undefined} onChange={(e) => set({ openedTo: e.target.value === '' ? null : e.target.value })} />
        </div>
        <div style={{ minWidth: 200, flex: '1 1 200px' }}>
          <label htmlFor={ids.q} style={labelStyle}>
            {t('cases.filters.q')}
          </label>
          <Flex gap={4}>
            <Input id={ids.q} value={text} maxLength={100} placeholder={t('cases.filters.qPlaceholder')} allowClear onChange={(e) => setTyped({ for: filters.q, text: e.target.value })} />
            <Button htmlType="submit">{t('cases.filters.search')}</Button>
          </Flex>
        </div>
        <Flex gap={12} align="center" style={{ paddingBottom: 4 }}>
          <Checkbox checked={filters.overdue} onChange={(e) => set({ overdue: e.target.checked })}>
            {t('cases.filters.overdue')}
          </Checkbox>
          <Checkbox checked={filters.open} onChange={(e) => set({ open: e.target.checked })}>
            {t('cases.filters.open')}
          </Checkbox>
          <Checkbox checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })}>
            {t('cases.filters.mine')}
          </Checkbox>
          {active > 0 && (
            <Button type="link" onClick={() => onChange(NO_FILTERS)} style={{ paddingInline: 0 }}>
              {t('cases.filters.clear', { count: active })}
            </Button>
          )}
        </Flex>
      </Flex>
    </form>
  );
}
