/**
 * The hub's only door to its database. Two implementations (embedded PGlite, a pg Pool) run the
 * same PostgreSQL SQL, so code above this interface never knows which one it talks to.
 *
 * Every value reaches SQL as a `$n` parameter; SQL text is always a constant of the code.
 */
export type DbKind = 'pglite' | 'postgres';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted by the statement; 0 for a select. */
  rowCount: number;
}

export interface Queryable {
  /** One statement: the extended protocol used for parameters takes exactly one. */
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Commits when `fn` resolves, rolls back when it throws. Transactions do not nest. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
