'use strict';
// A SIGSEGV that no module caused, in a process where our addon is loaded:
// the crash report must stay out of it and Node's own handling (or the
// default action) must end the process. With a module path argument the
// server loads that module first, which is when the addon is loaded and its
// signal handlers installed; without one the server runs module-free.
// Prints "addon-loaded: <bool>" just before the fault, for the parent to check
// that the case it meant to test is the one that ran.
const fs = require('node:fs');
const path = require('node:path');

const { startServer } = require(path.join(__dirname, '..', '..', 'dist', 'index.js'));

const modulePath = process.argv[2];

async function main() {
  await startServer({ loadModules: modulePath ? [modulePath] : [] });
  const addonLoaded = fs.readFileSync('/proc/self/maps', 'utf8').includes('redis_module_host.node');
  process.stdout.write(`addon-loaded: ${addonLoaded}\n`);
  process.kill(process.pid, 'SIGSEGV');
  // Reached only if the signal was swallowed: the server keeps the process
  // alive and the parent's timeout reports it.
  process.stdout.write('survived SIGSEGV\n');
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
