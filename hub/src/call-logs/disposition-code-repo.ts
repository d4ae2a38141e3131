import type { DispositionCode } from '../../../shared/api/call-logs';
import type { Queryable } from '../db/db';

/** The outcomes an agent may pick at wrap-up, in the order of the menu. */
export async function loadDispositionCodes(db: Queryable): Promise<DispositionCode[]> {
  const { rows } = await db.query<{ code: string; label_zh: string; label_en: string }>(
    'select code, label_zh, label_en from disposition_codes where active order by position, code',
  );
  return rows.map((row) => ({ code: row.code, label: { 'zh-CN': row.label_zh, 'en-US': row.label_en } }));
}

/**
 * Which of `codes` were ever defined, active or not: a call wrapped up offline before a code was
 * retired still carries it when it is uploaded.
 */
export async function knownDispositionCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const { rows } = await db.query<{ code: string }>('select code from disposition_codes where code = any($1::text[])', [codes]);
  return new Set(rows.map((row) => row.code));
}
