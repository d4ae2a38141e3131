import type { Queryable } from '../db/db';

/** The center's coded lists with labels in both languages: Not-ready reasons, dispositions. */
export type CodeListTable = 'reason_codes' | 'disposition_codes';

export interface DemoCode {
  code: string;
  zh: string;
  en: string;
}

/**
 * Like the org: a second seed adds what is missing and keeps what an administrator changed. The
 * table name is one of the two literals above, never input, so the SQL text stays a constant of the code.
 */
export async function insertMissingCodes(tx: Queryable, table: CodeListTable, codes: readonly DemoCode[]): Promise<void> {
  for (const [position, c] of codes.entries()) {
    await tx.query(
      `insert into ${table} (code, label_zh, label_en, position, active) values ($1, $2, $3, $4, true)
       on conflict (code) do nothing`,
      [c.code, c.zh, c.en, position],
    );
  }
}
