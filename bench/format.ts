export interface Column {
  readonly header: string;
  /** @default 'right' (numbers); text columns say 'left' */
  readonly align?: 'left' | 'right';
}

/** A plain-text table: header, a rule, one line per row; columns two spaces apart. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join(
    '\n',
  );
}

/** `1234.5` → `1,234.50` (fixed decimals, thousands separated). */
export function num(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function kb(bytes: number): string {
  return num(bytes / 1024, 1);
}

/** The first line of an error, short enough for a table cell. */
export function firstLine(error: string, max = 80): string {
  const line = error.split('\n')[0] ?? error;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
