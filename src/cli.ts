#!/usr/bin/env node
// The redis-module-host program: redis-server 7.0.15's command line, startup log and
// shutdown behaviour, around our Server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config, ConfigLoadError, REDIS_VERSION, parseServerArgv, strerror, utf8ToBytes } from './server/config';
import { Logger } from './server/log';
import { Server } from './server/server';

const PROGRAM = 'redis-module-host';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function versionLine(): string {
  const bits = /64/.test(process.arch) ? 64 : 32;
  return `${PROGRAM} v=${packageVersion()} redis=${REDIS_VERSION} sha=00000000:0 bits=${bits} node=${process.version}`;
}

export function usageText(): string {
  const p = PROGRAM;
  return [
    `Usage: ${p} [/path/to/redis.conf] [options] [-]`,
    `       ${p} - (read config from stdin)`,
    `       ${p} -v or --version`,
    `       ${p} -h or --help`,
    '',
    'Examples:',
    `       ${p} (run the server with default conf)`,
    `       echo 'maxmemory 128mb' | ${p} -`,
    `       ${p} /etc/redis/6379.conf`,
    `       ${p} --port 7777`,
    `       ${p} --port 7777 --loadmodule ./mymodule.so arg1 arg2`,
    `       ${p} /etc/myredis.conf --loglevel verbose -`,
    `       ${p} /etc/myredis.conf --loglevel verbose`,
    '',
  ].join('\n');
}

/** Where the program writes and how it ends; replaced in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string | Buffer): void;
  exit(code: number): never;
  readStdin(): string;
}

const processIo: CliIo = {
  stdout: (text) => void fs.writeSync(1, text),
  stderr: (text) => void fs.writeSync(2, typeof text === 'string' ? Buffer.from(text, 'utf8') : text),
  exit: (code) => process.exit(code),
  readStdin: () => fs.readFileSync(0).toString('latin1'),
};

/** The bind spec Redis names in its listen error, from the address Node reports. */
function bindSpecOf(address: string | undefined, binds: readonly string[]): string {
  if (address === undefined) return binds[0] ?? '*';
  if (address === '0.0.0.0') return '*';
  if (address === '::') return '::*';
  return address;
}

/**
 * Parses argv like redis-server's main(), loads the config, starts the server and runs
 * until SHUTDOWN or a signal. `argv` excludes node and the script.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<void> {
  const args = argv.map(utf8ToBytes);
  if (args.length >= 1) {
    if (args[0] === '-v' || args[0] === '--version') {
      io.stdout(versionLine() + '\n');
      io.exit(0);
    }
    if (args[0] === '--help' || args[0] === '-h') {
      io.stderr(usageText());
      io.exit(1);
    }
    if (args[0] === '--test-memory' || args[0] === '--check-system') {
      io.stderr(`${PROGRAM} does not implement ${args[0]}.\n`);
      io.exit(1);
    }
  }

  const config = new Config();
  // Redis logs as 'C' until the server is initialised (server.pid is still unset).
  const logger = new Logger({ settings: config, role: 'C' });
  if (args.length >= 1) {
    const parsed = parseServerArgv(args);
    let stdinText: string | null = null;
    if (parsed.fromStdin) {
      logger.log('warning', 'Reading config from stdin');
      stdinText = io.readStdin();
    }
    try {
      config.load(parsed.configFile, stdinText, parsed.options);
    } catch (err) {
      if (!(err instanceof ConfigLoadError)) throw err;
      if (err.report === 'stderr') io.stderr(Buffer.from(err.text, 'latin1'));
      else logger.log('warning', err.text);
      io.exit(1);
    }
  }
  if (config.daemonize) {
    io.stderr(
      `${PROGRAM} does not daemonize: 'daemonize yes' is not supported. ` +
        'Run it in the foreground under a process supervisor (systemd, docker, pm2) instead.\n',
    );
    io.exit(1);
  }

  logger.log('warning', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  logger.log(
    'warning',
    `Redis version=${REDIS_VERSION}, bits=${/64/.test(process.arch) ? 64 : 32}, commit=00000000, modified=0, pid=${process.pid}, just started`,
  );
  if (args.length === 0) {
    logger.log(
      'warning',
      `Warning: no config file specified, using the default config. In order to specify a config file use ${PROGRAM} /path/to/redis.conf`,
    );
  } else {
    logger.log('warning', 'Configuration loaded');
  }
  logger.role = 'M';

  const server = new Server({ config, logger });
  const pidfile = config.pidfile;
  try {
    await server.start();
  } catch (err) {
    const e = err as { code?: string; address?: string };
    logger.log(
      'warning',
      `Warning: Could not create server TCP listening socket ${bindSpecOf(e.address, config.bindAddresses)}:${config.port}: bind: ${strerror(err)}`,
    );
    logger.log('warning', `Failed listening on port ${config.port} (TCP), aborting.`);
    io.exit(1);
  }
  if (pidfile !== null) {
    try {
      fs.writeFileSync(pidfile, `${process.pid}\n`);
    } catch (err) {
      logger.log('warning', `Failed to write PID file: ${strerror(err)}`);
    }
  }
  logger.log('notice', `Running mode=standalone, port=${server.port}.`);
  logger.log('warning', 'Server initialized');
  // loadmodule directives, in order, as Redis's moduleLoadFromQueue: a module
  // that fails aborts the start, since clients may rely on its commands.
  for (const m of config.modules) {
    const outcome = await server.modules?.load(m.path, m.args);
    if (outcome === undefined || outcome.ok === false) {
      logger.log('warning', `Can't load module from ${m.path}: server aborting`);
      io.exit(1);
    }
  }
  logger.log('notice', 'Ready to accept connections');

  server.on('shutdown', () => {
    if (pidfile === null) return;
    logger.log('notice', 'Removing the pid file.');
    try {
      fs.unlinkSync(pidfile);
    } catch {
      // Already gone: nothing to remove.
    }
  });

  let shuttingDown = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (shuttingDown && signal === 'SIGINT') {
      logger.fromSignalHandler('You insist... exiting now.');
      io.exit(1);
    }
    logger.fromSignalHandler(`Received ${signal} scheduling shutdown...`);
    if (shuttingDown) return;
    shuttingDown = true;
    void server.shutdown('User requested shutdown...');
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  await server.stopped;
  io.exit(0);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${PROGRAM}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
