// Puts the built-in commands into a table. Module commands join the same
// table at runtime through the module manager.
import type { CommandTable } from './table';
import { connectionCommands } from './connection';
import { serverCommands } from './server';
import { stringCommands } from './strings';
import { clientCommand } from './client';
import { commandCommand } from './command';
import { moduleCommand } from './module';
import { configCommand } from './config';
import { transactionCommands } from './transactions';
import { keyCommands } from './keys';
import { listCommands } from './lists';
import { hashCommands } from './hashes';
import { setCommands } from './sets';
import { zsetCommands } from './zsets';
import { streamCommands } from './streams';
import { hyperloglogCommands } from './hyperloglog';
import { pubsubCommands } from './pubsub';
import { dumpCommands } from './dump';

export function registerBuiltins(table: CommandTable): void {
  for (const cmd of connectionCommands) table.add(cmd);
  for (const cmd of serverCommands) table.add(cmd);
  for (const cmd of stringCommands) table.add(cmd);
  table.add(clientCommand);
  table.add(commandCommand);
  table.add(moduleCommand);
  table.add(configCommand);
  for (const cmd of transactionCommands) table.add(cmd);
  // One file per family; a family's file owns its commands.
  for (const family of [keyCommands, listCommands, hashCommands, setCommands, zsetCommands, streamCommands, hyperloglogCommands, pubsubCommands, dumpCommands]) {
    for (const cmd of family) table.add(cmd);
  }
}
