import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { callbackExportSheet, callbackReportFile } from '../../../../../renderer/src/features/reports/callback-report-export';
import { toCsv, toXlsxData } from '../../../../../renderer/src/features/reports/report-export';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { callbackReport } from './callback-report-fixture';

let t: TFunction;

beforeAll(async () => {
  await initI18n('zh-CN');
  t = i18n.getFixedT('zh-CN');
});

describe('callback report export', () => {
  it('writes a CSV with the byte order mark, the period, and every figure of each type and agent', () => {
    const csv = toCsv(callbackExportSheet(t, callbackReport()));
    expect(csv.startsWith('\uFEFF回访统计报表\r\n统计周期,2026-03-01 至 2026-03-15\r\n时区,Asia/Shanghai\r\n统计时间,2026-03-15 10:05:09\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    const header = '应回访,已完成,超时,已拨打,已接通,接通率,已调查,满意,满意率';
    expect(lines).toContain(`回访类型,${header}`);
    expect(lines).toContain('售前回访,2,1,0,2,1,50.0%,0,0,');
    expect(lines).toContain('合计,10,6,2,9,6,66.7%,3,2,66.7%');
    const agents = lines.indexOf(`回访专员,${header}`);
    expect(lines.slice(agents + 1, agents + 4)).toEqual([
      '赵回访,5,4,0,5,4,80.0%,2,2,100.0%',
      '钱回访,4,2,1,4,2,50.0%,1,0,0.0%',
      // No attempt and no survey: the rates are empty cells, not 0 %.
      '任务池,1,0,1,0,0,,0,0,',
    ]);
  });

  it('keeps rates as numbers formatted as percentages in the Excel rows', () => {
    const data = toXlsxData(callbackExportSheet(t, callbackReport()));
    const zhao = data.find((row) => row[0] === '赵回访')!;
    expect(zhao[6]).toEqual({ value: 0.8, format: '0.0%' });
    expect(zhao[1]).toBe(5);
    const pool = data.find((row) => row[0] === '任务池')!;
    expect(pool[6]).toBeNull();
  });

  it('names the file for the period the hub counted', async () => {
    const file = await callbackReportFile(t, callbackReport({ period: { from: '2026-02-01', to: '2026-02-28', timeZone: 'Asia/Shanghai' } }), 'csv');
    expect(file.fileName).toBe('回访统计_2026-02-01_2026-02-28.csv');
    expect(file.blob.type).toBe('text/csv;charset=utf-8');
  });
});
