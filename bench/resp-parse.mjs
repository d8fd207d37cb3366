// Micro-benchmark of the request parser: 1M pipelined `SET key:NNN value` commands
// parsed from one buffer (and from 64KB socket-sized chunks), commands per second.
// Build first: npx tsc -p tsconfig.json   (writes dist/)
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'resp', 'index.js');
if (!existsSync(entry)) {
  console.error(`missing ${entry}: run \`npx tsc -p tsconfig.json\` first`);
  process.exit(1);
}
const { RequestParser, ReplyWriter } = createRequire(import.meta.url)(entry);

const N = Number(process.env.N ?? 1_000_000);
const parts = [];
for (let i = 0; i < N; i++) {
  const key = `key:${i}`;
  parts.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$5\r\nvalue\r\n`);
}
const input = Buffer.from(parts.join(''), 'latin1');

function parseOnce(chunkSize) {
  const parser = new RequestParser();
  let count = 0;
  const onCommand = (argv) => { count += argv.length === 3 ? 1 : 0; };
  const onError = (m) => { throw new Error(m); };
  const t0 = process.hrtime.bigint();
  if (chunkSize >= input.length) {
    parser.feed(input, onCommand, onError);
  } else {
    for (let p = 0; p < input.length; p += chunkSize) parser.feed(input.subarray(p, p + chunkSize), onCommand, onError);
  }
  const ns = Number(process.hrtime.bigint() - t0);
  if (count !== N) throw new Error(`parsed ${count} of ${N}`);
  return N / (ns / 1e9);
}

function writeOnce() {
  const w = new ReplyWriter(2);
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    w.simple('OK');
    if ((i & 1023) === 1023) bytes += w.take().length;
  }
  bytes += w.take().length;
  const ns = Number(process.hrtime.bigint() - t0);
  return N / (ns / 1e9);
}

for (let round = 0; round < 3; round++) {
  const whole = parseOnce(Infinity);
  const chunked = parseOnce(64 * 1024);
  const replies = writeOnce();
  console.log(
    `round ${round + 1}: parse one buffer ${(whole / 1e6).toFixed(2)}M cmd/s, ` +
      `64KB chunks ${(chunked / 1e6).toFixed(2)}M cmd/s; write +OK ${(replies / 1e6).toFixed(2)}M replies/s`,
  );
}
