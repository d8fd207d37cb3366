// The shape every command has, built-in or module: what RedisModule_CreateCommand
// carries (name, arity, flags, key positions) plus what COMMAND INFO/DOCS show.
// The one command table (src/commands/table.ts) holds these and nothing else
// keeps a list of commands.
import type { ReplyWriter } from '../resp/reply-writer';

/** A key spec as COMMAND INFO reports it (Redis 7.0 key-specs). */
export interface KeySpec {
  notes?: string;
  flags: string[];
  beginSearch:
    | { type: 'index'; pos: number }
    | { type: 'keyword'; keyword: string; startfrom: number }
    | { type: 'unknown' };
  findKeys:
    | { type: 'range'; lastkey: number; step: number; limit: number }
    | { type: 'keynum'; keynumidx: number; firstkey: number; step: number }
    | { type: 'unknown' };
}

/** A key argument's position and flags ("RW", "access", ...), as COMMAND GETKEYSANDFLAGS shows them. */
export interface KeyPosition {
  pos: number;
  flags: readonly string[];
}

/** An argument as COMMAND DOCS reports it. */
export interface ArgDoc {
  name: string;
  type: string;
  keySpecIndex?: number;
  token?: string;
  summary?: string;
  since?: string;
  flags?: string[];
  deprecatedSince?: string;
  displayText?: string;
  value?: string;
  arguments?: ArgDoc[];
}

export interface CommandDocs {
  summary?: string;
  since?: string;
  /** "generic", "string", "connection", "server", "module", ... */
  group: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: Array<[since: string, changes: string]>;
  arguments?: ArgDoc[];
}

/** What a handler gets. `client` and `server` are the server core's types. */
export interface CommandContext<TServer = unknown, TClient = unknown> {
  server: TServer;
  client: TClient;
  argv: Buffer[];
  reply: ReplyWriter;
}

export interface CommandSpec<TServer = unknown, TClient = unknown> {
  /** The name as declared (built-ins: lower case); for subcommands "parent|sub". Lookup ignores case. */
  name: string;
  arity: number;
  /** Flag names as COMMAND INFO shows them: "write", "readonly", "denyoom", "admin", ... */
  flags: string[];
  firstKey: number;
  lastKey: number;
  keyStep: number;
  /** ACL categories as COMMAND INFO shows them, with the leading '@'. */
  aclCategories: string[];
  tips?: string[];
  keySpecs?: KeySpec[];
  docs: CommandDocs;
  /** Present for module commands: the module's name. */
  module?: string;
  /** Subcommands by lower-case subcommand name (the part after '|'). */
  subcommands?: Map<string, CommandSpec<TServer, TClient>>;
  /**
   * Custom key extraction (getkeys-api module commands, or built-ins whose
   * keys are not a range): positions in argv with their key-spec flag names.
   */
  getKeys?: (argv: Buffer[], ctx: CommandContext<TServer, TClient>) => KeyPosition[] | null;
  /** Synchronous: replies are written in order, so pipelining never reorders them. */
  handler: (ctx: CommandContext<TServer, TClient>) => void;
}
