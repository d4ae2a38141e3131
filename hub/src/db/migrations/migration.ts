export interface Migration {
  /** Strictly increasing; never renumber or edit a migration that has shipped: add a new one. */
  version: number;
  name: string;
  /** One SQL statement per entry (see Queryable.query); constants only, never built from input. */
  statements: readonly string[];
}
