// Reply bytes shown to a human: printable ASCII as is, everything else escaped,
// so two replies that differ in one byte look different on screen.
export function escapeBytes(bytes: Buffer, limit = 4000): string {
  let out = '';
  const end = Math.min(bytes.length, limit);
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  if (bytes.length > limit) out += `... (${bytes.length - limit} more bytes)`;
  return `"${out}"`;
}
