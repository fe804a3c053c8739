import { execFileSync } from 'node:child_process';

export interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  readonly args: string;
}

const PS_COLUMNS = 'pid=,ppid=,pgid=,stat=,args=';

/**
 * Every process on the machine with its full command line, but for zombies (exited, not yet
 * reaped) and the `ps` that lists them.
 */
export function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-eo', PS_COLUMNS], { encoding: 'utf8', maxBuffer: 16 << 20 })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && !m[4]?.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[5] ?? '' }))
    .filter((p) => p.args !== `ps -eo ${PS_COLUMNS}`);
}

/** Running, not a zombie. */
export function isRunning(pid: number): boolean {
  return processTable().some((p) => p.pid === pid);
}

/** Every process below `pid` (children, grandchildren, ...). */
export function descendants(pid: number, rows = processTable()): ProcessRow[] {
  const found: ProcessRow[] = [];
  const queue = [pid];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      queue.push(row.pid);
    }
  }
  return found;
}

/** The processes whose command line mentions `text`, e.g. a run's own temp folder. */
export function processesMentioning(text: string): ProcessRow[] {
  return processTable().filter((p) => p.args.includes(text) && p.pid !== process.pid);
}
