import type { OrgDesign } from '../../../shared/api/org';
import type { Queryable } from '../db/db';

type Localized = { name_zh: string; name_en: string };
const text = (row: Localized) => ({ 'zh-CN': row.name_zh, 'en-US': row.name_en });

type DepartmentRow = Localized & { id: string; code: string; parent_id: string | null; kind: OrgDesign['departments'][number]['kind'] };
type QueueRow = Localized & { id: string; code: string; department_id: string; ivr_choice: string };
type TargetRow = Localized & { id: string; department_id: string; extension: string; kind: 'department' | 'person' };
type LevelRow = Localized & { level: number; user_id: string | null; extension: string | null };

export async function loadOrgDesign(db: Queryable): Promise<OrgDesign> {
  const [departments, queues, targets, levels] = await Promise.all([
    db.query<DepartmentRow>('select id, code, name_zh, name_en, parent_id, kind from departments order by position, code'),
    db.query<QueueRow>('select id, code, name_zh, name_en, department_id, ivr_choice from queues order by position, code'),
    db.query<TargetRow>(
      'select id, name_zh, name_en, department_id, extension, kind from transfer_targets order by position, extension',
    ),
    db.query<LevelRow>(
      'select level, title_zh as name_zh, title_en as name_en, user_id, extension from escalation_levels order by level',
    ),
  ]);
  return {
    departments: departments.rows.map((row) => ({ id: row.id, code: row.code, name: text(row), parentId: row.parent_id, kind: row.kind })),
    queues: queues.rows.map((row) => ({ id: row.id, code: row.code, name: text(row), departmentId: row.department_id, ivrChoice: row.ivr_choice })),
    transferTargets: targets.rows.map((row) => ({
      id: row.id,
      name: text(row),
      departmentId: row.department_id,
      extension: row.extension,
      kind: row.kind,
    })),
    escalationChain: levels.rows.map((row) => ({ level: row.level, title: text(row), userId: row.user_id, extension: row.extension })),
  };
}
