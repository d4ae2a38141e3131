import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvField, exportSheet, toCsv, toXlsxData, type ExportSheet } from '../../../../../renderer/src/features/reports/report-export';
import { reportFile } from '../../../../../renderer/src/features/reports/report-download';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { complaintReport, emptyReport, ZH_TABLES } from './report-fixture';

let zh: TFunction;
let en: TFunction;

beforeAll(async () => {
  await initI18n('zh-CN');
  zh = i18n.getFixedT('zh-CN');
  en = i18n.getFixedT('en-US');
});

/** The CSV text after its byte order mark, one array of fields per record (no field here holds a comma). */
const records = (csv: string) =>
  csv
    .slice(1)
    .split('\r\n')
    .slice(0, -1)
    .map((line) => (line === '' ? [] : line.split(',')));

// The file's records: a title, the period, then each table after a blank record, shares as text.
const ZH_CSV = [
  ['投诉统计报表'],
  ['统计周期', '2026-03-01 至 2026-03-15'],
  ['时区', 'Asia/Shanghai'],
  ['统计时间', '2026-03-15 10:05:09'],
  ...ZH_TABLES.flatMap((table) => [
    [],
    [table.title],
    ['项目', '数量', table.shareHeader],
    ...table.rows.map(([label, count, share]) => [label, String(count), share ?? '']),
  ]),
];

describe('the report as CSV', () => {
  it('starts with a UTF-8 byte order mark so Excel reads the Chinese labels', async () => {
    const csv = toCsv(exportSheet(zh, complaintReport()));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    // As the file's bytes: EF BB BF, then the title in UTF-8.
    const bytes = new Uint8Array(await new Blob([csv]).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3, 3 + 12))).toBe('投诉统计');
  });

  it('has the period and counting time at the top, then every section with its header row and every cell', () => {
    expect(records(toCsv(exportSheet(zh, complaintReport())))).toEqual(ZH_CSV);
  });

  it('ends every record with CRLF', () => {
    const csv = toCsv(exportSheet(zh, complaintReport()));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('speaks the language it is given', () => {
    const lines = records(toCsv(exportSheet(en, complaintReport())));
    expect(lines.slice(0, 4)).toEqual([['Complaint statistics'], ['Period', '2026-03-01 to 2026-03-15'], ['Time zone', 'Asia/Shanghai'], ['Counted at', '2026-03-15 10:05:09']]);
    expect(lines).toContainEqual(['Relayed by a sales rep', '1', '10.0%']);
    expect(lines).toContainEqual(['Item', 'Count', 'Share of company-attributable']);
  });

  it('leaves shares empty when nothing was received', () => {
    const lines = records(toCsv(exportSheet(zh, emptyReport())));
    expect(lines).toContainEqual(['电话', '0', '']);
    expect(lines).toContainEqual(['合计', '0', '']);
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('plain 文本')).toBe('plain 文本');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('quotes labels that need it in a whole file, and leaves numbers bare', () => {
    const sheet: ExportSheet = {
      rows: [['Passed to the field, market service', 12, { share: 0.25 }], ['He said "no"', 0, null]],
      kinds: ['data', 'data'],
    };
    expect(toCsv(sheet)).toBe('\uFEFF"Passed to the field, market service",12,25.0%\r\n"He said ""no""",0,\r\n');
  });
});

describe('the report as XLSX rows', () => {
  it('has the same rows as the CSV, counts as numbers and shares as numbers shown as percentages', () => {
    const sheet = exportSheet(zh, complaintReport());
    const data = toXlsxData(sheet);
    expect(data).toHaveLength(ZH_CSV.length);
    expect(data[0]).toEqual([{ value: '投诉统计报表', fontWeight: 'bold' }]);
    expect(data[1]).toEqual(['统计周期', '2026-03-01 至 2026-03-15']);
    expect(data[6]).toEqual([
      { value: '项目', fontWeight: 'bold' },
      { value: '数量', fontWeight: 'bold' },
      { value: '占比', fontWeight: 'bold' },
    ]);
    expect(data[8]).toEqual(['电话', 4, { value: 0.4, format: '0.0%' }]);
    expect(data[14]).toEqual([
      { value: '合计', fontWeight: 'bold' },
      { value: 10, fontWeight: 'bold' },
      { value: 1, format: '0.0%', fontWeight: 'bold' },
    ]);
    expect(data[17]).toEqual(['现场走访次数', 5, null]);
  });

  it('writes a real .xlsx named for the period in the language it is given', async () => {
    const file = await reportFile(zh, complaintReport(), 'xlsx');
    expect(file.fileName).toBe('投诉统计_2026-03-01_2026-03-15.xlsx');
    const bytes = new Uint8Array(await file.blob.arrayBuffer());
    // A zip archive (local file header "PK\3\4"), as every .xlsx is.
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect((await reportFile(en, complaintReport(), 'csv')).fileName).toBe('complaint-statistics_2026-03-01_2026-03-15.csv');
  });
});
