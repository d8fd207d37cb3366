#!/usr/bin/env node
// Memory side by side: redis-server and redis-module-host each get the same
// data (1M small string keys; a 100k-field hash, a 100k-member set and a
// 100k-member sorted set), fed through redis-cli --pipe; then the RSS of both
// processes is read from /proc and compared.
//
//   node bench/memory.mjs [--keys 1000000] [--members 100000]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './servers.mjs';

const opts = { keys: 1_000_000, members: 100_000 };
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = Number(process.argv[i + 1]);


function command(...args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/** The whole data set as one RESP stream for redis-cli --pipe. */
function dataset() {
  const parts = [];
  for (let i = 0; i < opts.keys; i++) parts.push(command('SET', `key:${i}`, `value:${i}`));
  for (let i = 0; i < opts.members; i++) {
    parts.push(command('HSET', 'bighash', `field:${i}`, `value:${i}`));
    parts.push(command('SADD', 'bigset', `member:${i}`));
    parts.push(command('ZADD', 'bigzset', String(i), `member:${i}`));
  }
  return parts.join('');
}

function rssKiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

async function measure(kind, file) {
  const server = await startServer(kind);
  const port = server.port;
  const before = rssKiB(server.pid);
  execFileSync('sh', ['-c', `redis-cli -p ${port} --pipe < ${file}`], { stdio: 'ignore' });
  const dbsize = execFileSync('redis-cli', ['-p', String(port), 'DBSIZE'], { encoding: 'utf8' }).trim();
  // Let a garbage collector settle before reading (Node frees lazily).
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssKiB(server.pid);
  await server.stop();
  return { before, after, dbsize };
}

const file = path.join(fs.mkdtempSync('/tmp/rmh-mem-'), 'data.resp');
fs.writeFileSync(file, dataset());
const redis = await measure('redis', file);
const ours = await measure('ours', file);
fs.rmSync(path.dirname(file), { recursive: true });
const mib = (k) => (k / 1024).toFixed(1);
console.log(`${opts.keys} string keys + ${opts.members}-member hash, set and sorted set`);
console.log(`redis-server:       RSS ${mib(redis.before)} MiB empty, ${mib(redis.after)} MiB loaded (dbsize ${redis.dbsize})`);
console.log(`redis-module-host:  RSS ${mib(ours.before)} MiB empty, ${mib(ours.after)} MiB loaded (dbsize ${ours.dbsize})`);
console.log(`ratio (loaded):     ${(ours.after / redis.after).toFixed(2)}x`);
console.log(`ratio (growth):     ${((ours.after - ours.before) / (redis.after - redis.before)).toFixed(2)}x`);
