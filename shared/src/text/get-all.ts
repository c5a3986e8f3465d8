/** `flux get all` output: each kind's table followed by an empty line; NAMESPACE first with -A. */
import type { GetAllTable } from '../views/types.js';
import { renderTable } from './table.js';

/**
 * `flux get all` prints each table followed by an empty line; `flux get <kind>` (`single`) prints its one
 * table alone.
 */
export function renderGetAllText(
  tables: GetAllTable[],
  opts: { allNamespaces?: boolean; single?: boolean } = {},
): string {
  return tables
    .map(table => {
      const header = opts.allNamespaces ? ['NAMESPACE', ...table.columns] : table.columns;
      const rows = table.rows.map(row =>
        opts.allNamespaces ? [row.ref.namespace, ...row.cells] : row.cells,
      );
      const text = renderTable(header, rows);
      return opts.single ? text : `${text}\n`;
    })
    .join('');
}
