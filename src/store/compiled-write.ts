/** A write compiled by the query builder for the store's dialect, run inside a store transaction. */
export interface CompiledWrite {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}
