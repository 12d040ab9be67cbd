/**
 * Who listens on a TCP port of 127.0.0.1: whether it is free, and which process holds it when that
 * can be found. Linux answers from /proc (the listening socket's inode in /proc/net/tcp*, then the
 * process whose fd links to `socket:[inode]`); elsewhere `ss -ltnp`, then `lsof`. A process of
 * another user stays anonymous (its fds are not readable): the holder is then `undefined`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export interface PortHolder {
  pid: number;
  /** The command line, shortened for a message. */
  command: string;
}

/** True when 127.0.0.1:port can be bound now (nothing listens on it, nor on 0.0.0.0:port). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

export function commandOf(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const text = argv.join(' ');
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim().slice(0, 120) : '?';
  }
}

/** Inodes of the sockets listening on `port` (state 0A is TCP_LISTEN in the kernel's table). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || fields[3] !== '0A') continue;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function holderFromProc(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (!inodes.size) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone meanwhile
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return Number(entry);
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return undefined;
}

function holderFromTools(port: number): number | undefined {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const fromSs = ss.status === 0 ? /pid=(\d+)/.exec(ss.stdout)?.[1] : undefined;
  if (fromSs) return Number(fromSs);
  const lsof = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8' });
  const fromLsof = lsof.status === 0 ? /^\d+/m.exec(lsof.stdout)?.[0] : undefined;
  return fromLsof ? Number(fromLsof) : undefined;
}

/** Whether this machine can tell which process listens on a port at all. */
export function canSeeListeners(): boolean {
  return existsSync('/proc/net/tcp') || ['ss', 'lsof'].some((tool) => spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined);
}

/** The process listening on `port`, when this user may see it. */
export function portHolder(port: number): PortHolder | undefined {
  const pid = existsSync('/proc/net/tcp') ? holderFromProc(port) : holderFromTools(port);
  return pid === undefined ? undefined : { pid, command: commandOf(pid) };
}

/** `pid 1234 (python3 moto_server ...)` or `another process` for a message. */
export function describeHolder(holder: PortHolder | undefined): string {
  return holder ? `pid ${holder.pid} (${holder.command})` : 'another process';
}
