import type { Department, TransferTarget } from '../../../shared/api/org';

/*
 * The center of DOMAIN.md §1 as data. Another business (shop, property desk, car dealer) gets its
 * own rows, not its own code.
 */
type Names = { zh: string; en: string };

export interface DemoDepartment extends Names {
  code: string;
  parent: string | null;
  kind: Department['kind'];
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { code: 'service', zh: '客服部', en: 'Customer Service Department', parent: null, kind: 'management' },
  { code: 'acceptance', zh: '业务受理组', en: 'Business Acceptance Group', parent: 'service', kind: 'acceptance' },
  { code: 'callback', zh: '回访调查组', en: 'Callback & Survey Group', parent: 'service', kind: 'callback' },
  { code: 'quality', zh: '绩效考核小组（质量控制）', en: 'Quality Control Group', parent: 'service', kind: 'quality' },
  { code: 'evaluation', zh: '服务考评组', en: 'Service Evaluation Group', parent: 'service', kind: 'evaluation' },
  { code: 'tech-service', zh: '技术服务部', en: 'Technical Service Department', parent: null, kind: 'specialist' },
  { code: 'market-service', zh: '市场服务科', en: 'Market Service Section', parent: null, kind: 'specialist' },
  { code: 'production', zh: '生产部', en: 'Production Department', parent: null, kind: 'specialist' },
  { code: 'quality-management', zh: '品管部', en: 'Quality Management Department', parent: null, kind: 'specialist' },
  { code: 'sales', zh: '销售部', en: 'Sales Department', parent: null, kind: 'specialist' },
  { code: 'logistics', zh: '运输调度/物流部', en: 'Transport Dispatch & Logistics', parent: null, kind: 'specialist' },
  // Escalations end with the general manager, who needs a unit to belong to.
  { code: 'gm-office', zh: '总经理办公室', en: "General Manager's Office", parent: null, kind: 'management' },
];

export const DEMO_QUEUES = [
  { code: 'consult', zh: '业务咨询', en: 'Consultation', department: 'acceptance', ivrChoice: 'consult' },
  { code: 'complaint', zh: '投诉建议', en: 'Complaints & Suggestions', department: 'acceptance', ivrChoice: 'complaint' },
] as const;

export interface DemoTransferTarget extends Names {
  department: string;
  extension: string;
  kind: TransferTarget['kind'];
}

/** Department lines are 200x; people have their own desk extensions in the same 2000 range. */
export const DEMO_TRANSFER_TARGETS: readonly DemoTransferTarget[] = [
  { zh: '技术服务部', en: 'Technical Service Department', department: 'tech-service', extension: '2001', kind: 'department' },
  { zh: '市场服务科', en: 'Market Service Section', department: 'market-service', extension: '2002', kind: 'department' },
  { zh: '生产部', en: 'Production Department', department: 'production', extension: '2003', kind: 'department' },
  { zh: '品管部', en: 'Quality Management Department', department: 'quality-management', extension: '2004', kind: 'department' },
  { zh: '销售部', en: 'Sales Department', department: 'sales', extension: '2005', kind: 'department' },
  { zh: '运输调度/物流部', en: 'Transport Dispatch & Logistics', department: 'logistics', extension: '2006', kind: 'department' },
  { zh: '客服部经理 赵刚', en: 'Zhao Gang, Customer Service Manager', department: 'service', extension: '2010', kind: 'person' },
  { zh: '技术支持工程师 孙工', en: 'Engineer Sun, Technical Support', department: 'tech-service', extension: '2011', kind: 'person' },
  { zh: '区域销售代表 周经理', en: 'Manager Zhou, Regional Sales Rep', department: 'sales', extension: '2051', kind: 'person' },
  { zh: '总经理', en: 'General Manager', department: 'gm-office', extension: '2099', kind: 'person' },
];

export const DEMO_ESCALATION_CHAIN = [
  { level: 1, zh: '客服部经理', en: 'Customer Service Manager', username: 'manager1', extension: '2010' },
  { level: 2, zh: '总经理', en: 'General Manager', username: 'gm', extension: '2099' },
] as const;
