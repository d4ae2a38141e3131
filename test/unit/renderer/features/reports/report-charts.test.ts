import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartKind, chartOption, chartSummary } from '../../../../../renderer/src/features/reports/report-charts';
import { REPORT_SECTION_IDS, reportSections, type ReportSection } from '../../../../../renderer/src/features/reports/report-model';
import { rowLabel, sectionTitle } from '../../../../../renderer/src/features/reports/report-text';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { complaintReport } from './report-fixture';

let zh: TFunction;
let en: TFunction;

beforeAll(async () => {
  await initI18n('zh-CN');
  zh = i18n.getFixedT('zh-CN');
  en = i18n.getFixedT('en-US');
});

const section = (id: ReportSection['id']) => reportSections(complaintReport()).find((s) => s.id === id)!;

describe('chartOption', () => {
  it('draws the channels as bars in the table order, without the total or the intake figures', () => {
    const option = chartOption(zh, section('received'));
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['信函', '电话', '来访', '行销代表转达', '相关部门转办', '质量权力及公证机构', '其他'] });
    expect(option.series).toEqual([expect.objectContaining({ type: 'bar', data: [1, 4, 2, 1, 1, 0, 1] })]);
  });

  it('draws the content and the company departments as bars of their items', () => {
    const content = chartOption(zh, section('byContent'));
    expect(content.yAxis).toMatchObject({ data: ['品质', '价格', '销售', '运输', '人员', '服务', '未分类'] });
    expect(content.series).toEqual([expect.objectContaining({ data: [3, 1, 1, 2, 0, 1, 2] })]);
    const departments = chartOption(en, section('companyByDepartment'));
    expect(departments.yAxis).toMatchObject({ data: ['Production', 'Quality control', 'Sales', 'Transport dispatch', 'Service', 'Other'] });
    expect(departments.series).toEqual([expect.objectContaining({ data: [1, 1, 0, 1, 0, 1] })]);
  });

  it('draws responsibility and status as pies of the parts that have complaints, never the overdue count', () => {
    expect(chartOption(zh, section('byResponsibility')).series).toEqual([
      expect.objectContaining({
        type: 'pie',
        data: [
          { name: '经销商', value: 2 },
          { name: '用户', value: 1 },
          { name: '公司', value: 4 },
          { name: '未确定', value: 3 },
        ],
      }),
    ]);
    const status = chartOption(zh, section('byStatus'));
    expect(status.series).toEqual([
      expect.objectContaining({
        data: [
          { name: '完成', value: 4 },
          { name: '正在完成', value: 3 },
          { name: '未处理', value: 2 },
          { name: '正在跟踪', value: 1 },
        ],
      }),
    ]);
    const zeroed = reportSections(complaintReport({ byStatus: { done: 0, in_progress: 10, not_handled: 0, tracking: 0 } })).find((s) => s.id === 'byStatus')!;
    expect(chartOption(zh, zeroed).series).toEqual([expect.objectContaining({ data: [{ name: '正在完成', value: 10 }] })]);
  });

  it('has no animation to wait for', () => {
    for (const id of REPORT_SECTION_IDS) expect(chartOption(zh, section(id)).animation, id).toBe(false);
  });
});

describe('chartSummary', () => {
  it('names the chart and says every figure it draws with its share', () => {
    expect(chartSummary(zh, section('byLevel'))).toBe('按投诉级别（柱状图）：服务部门 7 件，占 70.0%；直接上级 2 件，占 20.0%；公司领导 1 件，占 10.0%');
    expect(chartSummary(en, section('byResponsibility'))).toBe(
      'By responsibility (pie chart): Dealer 2 (20.0%); User 1 (10.0%); Company 4 (40.0%); Undetermined 3 (30.0%)',
    );
  });

  it('says a zero too, though the pie leaves it out', () => {
    const zeroed = reportSections(complaintReport({ byResponsibility: { dealer: 0, user: 0, company: 10, undetermined: 0 } })).find(
      (s) => s.id === 'byResponsibility',
    )!;
    expect(chartSummary(zh, zeroed)).toContain('经销商 0 件，占 0.0%');
  });

  it('gives every item of every chart a label in each language', () => {
    for (const language of LANGUAGES) {
      const t = i18n.getFixedT(language);
      for (const s of reportSections(complaintReport())) {
        expect(sectionTitle(t, s.id), `${language} ${s.id}`).not.toMatch(/^reports\./);
        for (const row of s.rows) expect(rowLabel(t, s.id, row), `${language} ${s.id}.${row.key}`).not.toMatch(/^reports\./);
        expect(chartKind(s)).toMatch(/^(bar|pie)$/);
      }
    }
  });
});
