// The guardian of a local run (lib/local/guardian.ts starts it). It runs detached, in a session of
// its own, so a Ctrl-C or a hang-up of the terminal does not reach it, and is connected to its
// parent by an IPC channel. It creates the run's temporary folder, starts the processes the parent
// asks for, each in a process group of its own, and reports their output and exit. When the channel
// closes — the parent stopped it, or died however it died, SIGKILL included, since the kernel closes
// a dead process's end — it sends SIGTERM to every group still running, SIGKILL after the grace
// period, removes the folder and exits. No polling.
// Plain CommonJS, so that it starts in tens of milliseconds, without a loader, and runs before the
// IPC channel delivers anything.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const [tempParent = '', prefix = 'tsunagu-', graceArg = '3000'] = process.argv.slice(2);
const graceMs = Number(graceArg);
/** Processes started and not yet closed, by the parent's id. */
const running = new Map();
let root;
let stopping = false;

/** A message to the parent, if it is still there (a failed send is no error: it is gone). */
function tell(message) {
  if (process.connected) process.send(message, () => {});
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function start({ id, command, args, cwd }) {
  if (stopping) return;
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.set(id, child);
  child.once('spawn', () => tell({ type: 'spawned', id, pid: child.pid }));
  child.once('error', (error) => tell({ type: 'error', id, message: error.message, code: error.code }));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => tell({ type: 'output', id, text }));
  }
  child.once('close', (code, signal) => {
    running.delete(id);
    tell({ type: 'exit', id, code, signal });
    finishIfDone();
  });
}

function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of running.values()) if (child.pid) killGroup(child.pid, 'SIGTERM');
  setTimeout(() => {
    for (const child of running.values()) if (child.pid) killGroup(child.pid, 'SIGKILL');
  }, graceMs).unref();
  finishIfDone();
}

function finishIfDone() {
  if (!stopping || running.size > 0) return;
  if (root) rmSync(root, { recursive: true, force: true });
  process.exit(0);
}

process.on('message', (message) => {
  if (message && message.type === 'spawn') start(message);
});
process.on('disconnect', stop);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
process.on('uncaughtException', (error) => {
  tell({ type: 'failed', message: String(error?.stack ?? error) });
  for (const child of running.values()) if (child.pid) killGroup(child.pid, 'SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
  process.exit(1);
});

root = mkdtempSync(join(tempParent, prefix));
tell({ type: 'ready', root });
// The parent may have died before this process ran: then there is nothing to guard.
if (!process.connected) stop();
