'use strict';
// A library user's session, start to end, in a process of its own: start a
// server with a module, use it in-process and over TCP, unload and reload the
// module, stop. It never calls process.exit: the process must end by itself,
// which fails (the parent test times out) if anything keeps a handle open.
// Each step prints "step: <json>" for the parent to check; a failure throws
// and so exits non-zero with the stack on stderr.
const net = require('node:net');
const path = require('node:path');

const { startServer } = require(path.join(__dirname, '..', '..', 'dist', 'index.js'));

const helloPath = process.argv[2];
if (!helloPath) throw new Error('usage: library-lifecycle.cjs <path of hello.so>');

function report(step, value) {
  process.stdout.write(`${step}: ${JSON.stringify(value)}\n`);
}

/** A reply's text: bulk strings arrive as Buffers, arrays as arrays of them. */
function text(value) {
  return Array.isArray(value) ? value.map(text) : Buffer.isBuffer(value) ? value.toString() : value;
}

async function errorOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error.message;
  }
  return 'no error';
}

/**
 * Opens a TCP connection, sends one command and resolves with the first reply
 * bytes. The socket is left open on purpose: stop() must close it.
 */
function connectAndSend(port, request) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('data', (chunk) => resolve({ socket, reply: chunk.toString() }));
    socket.write(request);
  });
}

async function main() {
  const host = await startServer({
    loadModules: [{ path: helloPath, args: ['x'] }],
    config: { 'enable-module-command': 'yes' },
  });
  report('echo', text(await host.call('hello.echo', 'in-process')));
  report('args', text(await host.call('hello.args')));

  const { socket, reply } = await connectAndSend(host.port, '*2\r\n$10\r\nhello.echo\r\n$3\r\ntcp\r\n');
  report('tcp', reply);
  const socketClosed = new Promise((resolve) => socket.once('close', () => resolve(true)));

  report('unload', await host.call('MODULE', 'UNLOAD', 'hello'));
  report('after-unload', await errorOf(host.call('hello.echo', 'x')));
  report('list-after-unload', text(await host.call('MODULE', 'LIST')));

  report('load', await host.call('MODULE', 'LOAD', helloPath, 'y', 'z'));
  report('args-after-load', text(await host.call('hello.args')));
  report('echo-after-load', text(await host.call('hello.echo', 'again')));

  await host.stop();
  report('client-closed-by-stop', await socketClosed);
  report('stopped', true);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  // Not process.exit: the exit status is set, and the process still ends only
  // once nothing is left open.
  process.exitCode = 1;
});
