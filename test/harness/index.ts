export { fixturePath, repoRoot } from './fixtures';
export { escapeBytes } from './escape';
export { RawClient, encodeCommand, type CommandArg } from './raw-client';
export { startRedis, startOurs, type ServerHandle, type ServerOptions, type ModuleSpec } from './servers';
export {
  diffServers,
  formatMismatches,
  ServerPair,
  encodeValue,
  sortCommandInfoSubcommands,
  sortCommandDocsSubcommands,
  typeOnly,
  type DiffCommand,
  type DiffInput,
  type Mismatch,
  type Protocol,
  type DiffOptions,
} from './diff';
export { sortArrayReply } from './diff';
export { logMessages, waitForLogLine, waitForLogMessage } from './logs';
export { freePort } from './ports';
