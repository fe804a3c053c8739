import { ACTIONS } from '../flow-language/catalog.ts';
import type { Output } from './validate-command.ts';

/**
 * `tsunagu flow actions [--json]`: every action type the toolkit knows (its registry), with the
 * console block, the flow types and channels it works in, and its reference page.
 */
export function actionsCommand(options: { json?: boolean }, io: Output): number {
  const rows = [...ACTIONS.values()]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map((d) => ({
      type: d.type,
      block: d.block,
      flowTypes: d.flowTypes?.filter((t) => t !== 'MODULE') ?? 'all',
      channels: d.channels ?? 'all',
      ...(d.terminal ? { terminal: true } : {}),
      source: d.source,
    }));
  if (options.json) {
    io.out(JSON.stringify({ actions: rows }));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.type.length));
  for (const r of rows) {
    const where = [
      Array.isArray(r.flowTypes) ? r.flowTypes.join(',') : '',
      Array.isArray(r.channels) ? `${r.channels.join('+')} only` : '',
    ]
      .filter(Boolean)
      .join('; ');
    io.out(`${r.type.padEnd(width)}  ${r.block}${where ? `  (${where})` : ''}`);
  }
  io.out(`${rows.length} action types`);
  return 0;
}
