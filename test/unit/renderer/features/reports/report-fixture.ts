import { ComplaintReportSchema, type ComplaintReport } from '../../../../../shared/api/complaints';

/**
 * Ten complaints of March 2026 (1st–15th), every figure different where it can be, so a test that
 * finds a number knows which cell it came from. Parsed with the contract, so it is an answer the
 * hub could give.
 */
export function complaintReport(overrides: Partial<ComplaintReport> = {}): ComplaintReport {
  return ComplaintReportSchema.parse({
    period: { from: '2026-03-01', to: '2026-03-15', timeZone: 'Asia/Shanghai' },
    // 10:05:09 in Shanghai.
    generatedAt: '2026-03-15T02:05:09.000Z',
    received: {
      total: 10,
      byChannel: { letter: 1, phone: 4, visit: 2, sales_rep: 1, department: 1, authority: 0, other: 1 },
      handledAtOnce: 3,
      passedToField: 2,
      onSiteVisits: 5,
    },
    byContent: { quality: 3, price: 1, sales: 1, transport: 2, staff: 0, service: 1, unclassified: 2 },
    byResponsibility: { dealer: 2, user: 1, company: 4, undetermined: 3 },
    companyByDepartment: { production: 1, qc: 1, sales: 0, transport: 1, service: 0, other: 1 },
    byStatus: { done: 4, in_progress: 3, not_handled: 2, tracking: 1 },
    overdue: 2,
    byLevel: { service: 7, superior: 2, leadership: 1 },
    ...overrides,
  });
}

/** No complaint in the period: every share is undefined. */
export function emptyReport(): ComplaintReport {
  const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  return complaintReport({
    received: {
      total: 0,
      byChannel: zeros(['letter', 'phone', 'visit', 'sales_rep', 'department', 'authority', 'other']),
      handledAtOnce: 0,
      passedToField: 0,
      onSiteVisits: 0,
    },
    byContent: zeros(['quality', 'price', 'sales', 'transport', 'staff', 'service', 'unclassified']),
    byResponsibility: zeros(['dealer', 'user', 'company', 'undetermined']),
    companyByDepartment: zeros(['production', 'qc', 'sales', 'transport', 'service', 'other']),
    byStatus: zeros(['done', 'in_progress', 'not_handled', 'tracking']),
    overdue: 0,
    byLevel: zeros(['service', 'superior', 'leadership']),
  });
}

/**
 * What complaintReport() says in zh-CN, section by section: each row's label, count and share
 * (null where a share means nothing). Written out by hand from DOMAIN.md's labels, not computed.
 */
export const ZH_TABLES: { title: string; shareHeader: string; rows: [string, number, string | null][] }[] = [
  {
    title: '受理情况',
    shareHeader: '占比',
    rows: [
      ['信函', 1, '10.0%'],
      ['电话', 4, '40.0%'],
      ['来访', 2, '20.0%'],
      ['行销代表转达', 1, '10.0%'],
      ['相关部门转办', 1, '10.0%'],
      ['质量权力及公证机构', 0, '0.0%'],
      ['其他', 1, '10.0%'],
      ['合计', 10, '100.0%'],
      ['即时处置', 3, '30.0%'],
      ['转现场（市场服务科）', 2, '20.0%'],
      ['现场走访次数', 5, null],
    ],
  },
  {
    title: '按投诉内容',
    shareHeader: '占比',
    rows: [
      ['品质', 3, '30.0%'],
      ['价格', 1, '10.0%'],
      ['销售', 1, '10.0%'],
      ['运输', 2, '20.0%'],
      ['人员', 0, '0.0%'],
      ['服务', 1, '10.0%'],
      ['未分类', 2, '20.0%'],
      ['合计', 10, '100.0%'],
    ],
  },
  {
    title: '按责任归属',
    shareHeader: '占比',
    rows: [
      ['经销商', 2, '20.0%'],
      ['用户', 1, '10.0%'],
      ['公司', 4, '40.0%'],
      ['未确定', 3, '30.0%'],
      ['合计', 10, '100.0%'],
    ],
  },
  {
    title: '公司责任按部门',
    shareHeader: '占公司责任比例',
    rows: [
      ['生产', 1, '25.0%'],
      ['品管', 1, '25.0%'],
      ['销售', 0, '0.0%'],
      ['运输调度', 1, '25.0%'],
      ['服务', 0, '0.0%'],
      ['其它', 1, '25.0%'],
      ['合计', 4, '100.0%'],
    ],
  },
  {
    title: '按处理状态',
    shareHeader: '占比',
    rows: [
      ['完成', 4, '40.0%'],
      ['正在完成', 3, '30.0%'],
      ['未处理', 2, '20.0%'],
      ['正在跟踪', 1, '10.0%'],
      ['合计', 10, '100.0%'],
      ['超时', 2, '20.0%'],
    ],
  },
  {
    title: '按投诉级别',
    shareHeader: '占比',
    rows: [
      ['服务部门', 7, '70.0%'],
      ['直接上级', 2, '20.0%'],
      ['公司领导', 1, '10.0%'],
      ['合计', 10, '100.0%'],
    ],
  },
];
