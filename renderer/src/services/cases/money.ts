/*
 * Amounts are whole fen (分) on the hub (shared/complaints); people type and read yuan with two
 * decimals. Converted on the digits, never through floating point: 0.1 + 0.2 yuan is 30 fen.
 */

/** The largest amount the procedure accepts (shared/complaints/complaint-actions.ts). */
export const MAX_FEN = 1_000_000_000_00;

/**
 * `"1,234.5"` → 123450. Blank is 0 (no compensation). Null for anything that is not an amount in
 * yuan with at most two decimals, negative, or beyond the limit.
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.replace(/[\s,，¥￥]/g, '');
  if (cleaned === '') return 0;
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen <= MAX_FEN ? fen : null;
}

/** 123450 → `"1234.50"`: the form's text for an amount already decided. */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `${whole}.${cents}`;
}

/** 123450 → `¥1,234.50` in the reader's grouping. */
export function formatYuan(fen: number, language: string): string {
  const amount = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.floor(fen / 100) + (fen % 100) / 100);
  return `¥${amount}`;
}
