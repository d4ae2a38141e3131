import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { callExportSheet, callReportFile } from '../../../../renderer/src/features/reports/call-report-export';
import type { CallReportNames } from '../../../../renderer/src/features/reports/call-report-model';
import { toCsv, toXlsxData } from '../../../../renderer/src/features/reports/report-export';
import { i18n, initI18n } from '../../../../renderer/src/i18n';
import { callReport } from './board-fixtures';

let t: TFunction;
const names: CallReportNames = {
  queue: (code) => ({ consult: '业务咨询', complaint: '投诉建议' })[code] ?? null,
  department: (code) => (code === 'acceptance' ? '业务受理组' : null),
  noQueue: '直拨与外呼',
  noDisposition: '未填写',
};

beforeAll(async () => {
  await initI18n('zh-CN');
  t = i18n.getFixedT('zh-CN');
});

describe('call report export', () => {
  it('writes the period, the department, and every figure per agent and queue, times in whole seconds', () => {
    const csv = toCsv(callExportSheet(t, callReport({ department: 'acceptance' }), names));
    expect(csv.startsWith('\uFEFF通话统计报表\r\n统计周期,2026-03-01 至 2026-03-03\r\n部门,业务受理组\r\n时区,Asia/Shanghai\r\n统计时间,2026-03-15 10:05:09\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    const header = '来电,外呼,接通,未接通,接通率,通话时长（秒）,保持时长（秒）,话后处理时长（秒）,平均通话时长（秒）,平均处理时长（秒）,平均话后处理（秒）';
    const agents = lines.indexOf(`坐席,${header}`);
    expect(lines.slice(agents + 1, agents + 3)).toEqual(['张敏,6,2,5,1,83.3%,1500,60,300,214,266,43', '李娜,4,0,3,1,75.0%,900,60,180,300,380,60']);
    const queues = lines.indexOf(`队列,${header}`);
    expect(lines.slice(queues + 1, queues + 5).map((line) => line.split(',')[0])).toEqual(['业务咨询', '投诉建议', '直拨与外呼', '合计']);
    expect(lines).toContain('处理结果,通话数,占比');
    expect(lines).toContain('未填写,1,11.1%');
    // A day without a call has no average: an empty cell, not 0.
    expect(lines).toContain('2026-03-02,0,0,0,');
  });

  it('keeps counts, rates and seconds as numbers in the Excel rows', () => {
    const data = toXlsxData(callExportSheet(t, callReport(), names));
    const zhang = data.find((row) => row[0] === '张敏')!;
    expect(zhang.slice(1, 7)).toEqual([6, 2, 5, 1, { value: 5 / 6, format: '0.0%' }, 1500]);
  });

  it('names the file for the period the hub counted', async () => {
    const file = await callReportFile(t, callReport(), names, 'csv');
    expect(file.fileName).toBe('通话统计_2026-03-01_2026-03-03.csv');
    expect(file.blob.type).toBe('text/csv;charset=utf-8');
  });
});
