// INFO's text: the sections of Redis 7.0.15, with its field names in its
// order. Values are ours where we have them; where there is nothing to
// measure (no fork, no AOF, no replicas, no allocator statistics) they are
// what an idle Redis reports.
import os from 'node:os';
import path from 'node:path';
import type { Server } from '../server/server';

type Fields = Array<[string, string | number]>;

/** Every section, in the order Redis prints them. */
const SECTION_ORDER = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
] as const;
type Section = (typeof SECTION_ORDER)[number];

/** INFO / INFO default. */
const DEFAULT_SECTIONS = new Set<Section>([
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace',
]);

/** Per-command counters for INFO commandstats (kept by the server's dispatch). */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/** What the server counts for INFO stats, commandstats and errorstats. */
export class InfoCounters {
  connectionsReceived = 0;
  commandsProcessed = 0;
  errorReplies = 0;
  /** Full command name -> counters, in first-use order. */
  readonly commands = new Map<string, CommandStats>();
  /** Error code ("ERR", "WRONGTYPE") -> replies. */
  readonly errors = new Map<string, number>();
  peakMemory = 0;
  /** The process's memory when the server was built: INFO's used_memory_startup. */
  readonly startupMemory: number;

  constructor() {
    const mem = process.memoryUsage();
    this.startupMemory = mem.heapUsed + mem.external;
  }

  /** CONFIG RESETSTAT (peak memory and the startup figure stay, as in Redis). */
  reset(): void {
    this.connectionsReceived = 0;
    this.commandsProcessed = 0;
    this.errorReplies = 0;
    this.commands.clear();
    this.errors.clear();
  }

  /**
   * A command ran (its handler was called). `usec` is its share of the
   * sampled time: dispatch times one call in eight and passes 8x its
   * duration (0 for the others), so totals are estimates, calls exact.
   */
  commandRan(name: string, usec: number): void {
    this.commandsProcessed++;
    let stats = this.commands.get(name);
    if (stats === undefined) this.commands.set(name, (stats = { calls: 0, usec: 0, rejected: 0, failed: 0 }));
    stats.calls++;
    stats.usec += usec;
  }
}

/** The INFO text for the requested section names (lower-cased; none = default). */
export function renderInfo(server: Server, requested: string[]): string {
  const wanted = new Set<string>(requested.length === 0 ? ['default'] : requested);
  // "everything" adds the modules' own sections to "all"; modules add none here yet.
  const all = wanted.has('all') || wanted.has('everything');
  const parts: string[] = [];
  for (const section of SECTION_ORDER) {
    const include = all || wanted.has(section) || (wanted.has('default') && DEFAULT_SECTIONS.has(section));
    if (include) parts.push(renderSection(server, section));
  }
  return parts.join('\r\n');
}

function lines(title: string, fields: Fields): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}

/** Redis's bytesToHuman: B, K, M, G... with two decimals. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(2)}${units[i]}`;
}

/** The process's memory as INFO memory reports it (the JS heap plus buffers). */
function memoryFigures(server: Server): { used: number; rss: number; peak: number; startup: number } {
  const mem = process.memoryUsage();
  const used = mem.heapUsed + mem.external;
  const counters = server.infoCounters;
  counters.peakMemory = Math.max(used, counters.peakMemory);
  return { used, rss: mem.rss, peak: counters.peakMemory, startup: Math.min(counters.startupMemory, used) };
}

function renderSection(server: Server, section: Section): string {
  const config = server.config;
  switch (section) {
    case 'server': {
      const nowMs = Date.now();
      const uptime = server.uptimeSeconds();
      const hz = config.hz;
      const script = process.argv[1];
      return lines('Server', [
        ['redis_version', server.version],
        ['redis_git_sha1', '00000000'],
        ['redis_git_dirty', 0],
        ['redis_build_id', '0'],
        ['redis_mode', 'standalone'],
        ['os', `${os.type()} ${os.release()} ${os.machine()}`],
        ['arch_bits', /64/.test(process.arch) ? 64 : 32],
        ['monotonic_clock', 'POSIX clock_gettime'],
        ['multiplexing_api', process.platform === 'linux' ? 'epoll' : 'kqueue'],
        ['atomicvar_api', 'c11-builtin'],
        ['gcc_version', '0.0.0'],
        ['process_id', process.pid],
        ['process_supervised', 'no'],
        ['run_id', server.runId],
        ['tcp_port', server.port],
        ['server_time_usec', nowMs * 1000],
        ['uptime_in_seconds', uptime],
        ['uptime_in_days', Math.floor(uptime / 86400)],
        ['hz', hz],
        ['configured_hz', hz],
        ['lru_clock', Math.floor(nowMs / 1000) & 0xffffff],
        ['executable', script !== undefined ? path.resolve(script) : process.execPath],
        ['config_file', config.configFile ?? ''],
        ['io_threads_active', 0],
      ]);
    }
    case 'clients':
      return lines('Clients', [
        ['connected_clients', server.connectedClients],
        ['cluster_connections', 0],
        ['maxclients', config.maxclients],
        ['client_recent_max_input_buffer', 0],
        ['client_recent_max_output_buffer', 0],
        ['blocked_clients', server.blocking.blockedCount],
        ['tracking_clients', 0],
        ['clients_in_timeout_table', 0],
      ]);
    case 'memory': {
      const { used, rss, peak, startup } = memoryFigures(server);
      // Without an allocator to ask, everything past start-up counts as dataset.
      const overhead = startup;
      const dataset = used - startup;
      const maxmemory = Number(config.get('maxmemory') ?? '0');
      const total = os.totalmem();
      const pct = (part: number, whole: number): string => `${whole === 0 ? '0.00' : ((part * 100) / whole).toFixed(2)}%`;
      return lines('Memory', [
        ['used_memory', used],
        ['used_memory_human', bytesToHuman(used)],
        ['used_memory_rss', rss],
        ['used_memory_rss_human', bytesToHuman(rss)],
        ['used_memory_peak', peak],
        ['used_memory_peak_human', bytesToHuman(peak)],
        ['used_memory_peak_perc', pct(used, peak)],
        ['used_memory_overhead', overhead],
        ['used_memory_startup', startup],
        ['used_memory_dataset', dataset],
        ['used_memory_dataset_perc', pct(dataset, used - startup)],
        ['allocator_allocated', used],
        ['allocator_active', used],
        ['allocator_resident', rss],
        ['total_system_memory', total],
        ['total_system_memory_human', bytesToHuman(total)],
        ['used_memory_lua', 32768],
        ['used_memory_vm_eval', 32768],
        ['used_memory_lua_human', '32.00K'],
        ['used_memory_scripts_eval', 0],
        ['number_of_cached_scripts', 0],
        ['number_of_functions', 0],
        ['number_of_libraries', 0],
        ['used_memory_vm_functions', 32768],
        ['used_memory_vm_total', 65536],
        ['used_memory_vm_total_human', '64.00K'],
        ['used_memory_functions', 0],
        ['used_memory_scripts', 0],
        ['used_memory_scripts_human', '0B'],
        ['maxmemory', maxmemory],
        ['maxmemory_human', bytesToHuman(maxmemory)],
        ['maxmemory_policy', config.get('maxmemory-policy') ?? 'noeviction'],
        ['allocator_frag_ratio', '1.00'],
        ['allocator_frag_bytes', 0],
        ['allocator_rss_ratio', (rss / Math.max(used, 1)).toFixed(2)],
        ['allocator_rss_bytes', Math.max(0, rss - used)],
        ['rss_overhead_ratio', '1.00'],
        ['rss_overhead_bytes', 0],
        ['mem_fragmentation_ratio', (rss / Math.max(used, 1)).toFixed(2)],
        ['mem_fragmentation_bytes', rss - used],
        ['mem_not_counted_for_evict', 0],
        ['mem_replication_backlog', 0],
        ['mem_total_replication_buffers', 0],
        ['mem_clients_slaves', 0],
        ['mem_clients_normal', 0],
        ['mem_cluster_links', 0],
        ['mem_aof_buffer', 0],
        ['mem_allocator', 'libc'],
        ['active_defrag_running', 0],
        ['lazyfree_pending_objects', 0],
        ['lazyfreed_objects', 0],
      ]);
    }
    case 'persistence':
      return lines('Persistence', [
        ['loading', 0],
        ['async_loading', 0],
        ['current_cow_peak', 0],
        ['current_cow_size', 0],
        ['current_cow_size_age', 0],
        ['current_fork_perc', '0.00'],
        ['current_save_keys_processed', 0],
        ['current_save_keys_total', 0],
        ['rdb_changes_since_last_save', server.keyspace.stats.dirty],
        ['rdb_bgsave_in_progress', 0],
        ['rdb_last_save_time', Math.floor(server.startedAt / 1000)],
        ['rdb_last_bgsave_status', 'ok'],
        ['rdb_last_bgsave_time_sec', -1],
        ['rdb_current_bgsave_time_sec', -1],
        ['rdb_saves', 0],
        ['rdb_last_cow_size', 0],
        ['rdb_last_load_keys_expired', 0],
        ['rdb_last_load_keys_loaded', 0],
        ['aof_enabled', 0],
        ['aof_rewrite_in_progress', 0],
        ['aof_rewrite_scheduled', 0],
        ['aof_last_rewrite_time_sec', -1],
        ['aof_current_rewrite_time_sec', -1],
        ['aof_last_bgrewrite_status', 'ok'],
        ['aof_rewrites', 0],
        ['aof_rewrites_consecutive_failures', 0],
        ['aof_last_write_status', 'ok'],
        ['aof_last_cow_size', 0],
        ['module_fork_in_progress', 0],
        ['module_fork_last_cow_size', 0],
      ]);
    case 'stats': {
      const ks = server.keyspace.stats;
      const counters = server.infoCounters;
      return lines('Stats', [
        ['total_connections_received', counters.connectionsReceived],
        ['total_commands_processed', counters.commandsProcessed],
        ['instantaneous_ops_per_sec', 0],
        ['total_net_input_bytes', 0],
        ['total_net_output_bytes', 0],
        ['total_net_repl_input_bytes', 0],
        ['total_net_repl_output_bytes', 0],
        ['instantaneous_input_kbps', '0.00'],
        ['instantaneous_output_kbps', '0.00'],
        ['instantaneous_input_repl_kbps', '0.00'],
        ['instantaneous_output_repl_kbps', '0.00'],
        ['rejected_connections', 0],
        ['sync_full', 0],
        ['sync_partial_ok', 0],
        ['sync_partial_err', 0],
        ['expired_keys', ks.expiredKeys],
        ['expired_stale_perc', '0.00'],
        ['expired_time_cap_reached_count', 0],
        ['expire_cycle_cpu_milliseconds', 0],
        ['evicted_keys', 0],
        ['evicted_clients', 0],
        ['total_eviction_exceeded_time', 0],
        ['current_eviction_exceeded_time', 0],
        ['keyspace_hits', ks.hits],
        ['keyspace_misses', ks.misses],
        ['pubsub_channels', server.pubsub.channelCount],
        ['pubsub_patterns', server.pubsub.patternCount],
        ['pubsubshard_channels', server.pubsub.shardChannelCount],
        ['latest_fork_usec', 0],
        ['total_forks', 0],
        ['migrate_cached_sockets', 0],
        ['slave_expires_tracked_keys', 0],
        ['active_defrag_hits', 0],
        ['active_defrag_misses', 0],
        ['active_defrag_key_hits', 0],
        ['active_defrag_key_misses', 0],
        ['total_active_defrag_time', 0],
        ['current_active_defrag_time', 0],
        ['tracking_total_keys', 0],
        ['tracking_total_items', 0],
        ['tracking_total_prefixes', 0],
        ['unexpected_error_replies', 0],
        ['total_error_replies', counters.errorReplies],
        ['dump_payload_sanitizations', 0],
        ['total_reads_processed', 0],
        ['total_writes_processed', 0],
        ['io_threaded_reads_processed', 0],
        ['io_threaded_writes_processed', 0],
        ['reply_buffer_shrinks', 0],
        ['reply_buffer_expands', 0],
      ]);
    }
    case 'replication':
      return lines('Replication', [
        ['role', 'master'],
        ['connected_slaves', 0],
        ['master_failover_state', 'no-failover'],
        ['master_replid', server.runId],
        ['master_replid2', '0000000000000000000000000000000000000000'],
        ['master_repl_offset', 0],
        ['second_repl_offset', -1],
        ['repl_backlog_active', 0],
        ['repl_backlog_size', Number(config.get('repl-backlog-size') ?? '1048576')],
        ['repl_backlog_first_byte_offset', 0],
        ['repl_backlog_histlen', 0],
      ]);
    case 'cpu': {
      const self = process.resourceUsage();
      const seconds = (micros: number): string => (micros / 1e6).toFixed(6);
      return lines('CPU', [
        ['used_cpu_sys', seconds(self.systemCPUTime)],
        ['used_cpu_user', seconds(self.userCPUTime)],
        ['used_cpu_sys_children', '0.000000'],
        ['used_cpu_user_children', '0.000000'],
        ['used_cpu_sys_main_thread', seconds(self.systemCPUTime)],
        ['used_cpu_user_main_thread', seconds(self.userCPUTime)],
      ]);
    }
    case 'modules': {
      const entries: Fields = [];
      for (const m of server.modules?.listForInfo() ?? []) {
        entries.push([
          'module',
          `name=${m.name},ver=${m.ver},api=${m.api ?? 1},filters=${m.filters ?? 0},` +
            `usedby=[${(m.usedby ?? []).join('|')}],using=[${(m.using ?? []).join('|')}],` +
            `options=[${(m.options ?? []).join('|')}]`,
        ]);
      }
      return lines('Modules', entries);
    }
    case 'commandstats': {
      const entries: Fields = [];
      for (const [name, s] of server.infoCounters.commands) {
        if (s.calls === 0 && s.rejected === 0 && s.failed === 0) continue;
        const perCall = s.calls === 0 ? 0 : s.usec / s.calls;
        entries.push([
          `cmdstat_${name}`,
          `calls=${s.calls},usec=${Math.round(s.usec)},usec_per_call=${perCall.toFixed(2)},` +
            `rejected_calls=${s.rejected},failed_calls=${s.failed}`,
        ]);
      }
      return lines('Commandstats', entries);
    }
    case 'errorstats': {
      const entries: Fields = [];
      for (const [code, count] of server.infoCounters.errors) entries.push([`errorstat_${code}`, `count=${count}`]);
      return lines('Errorstats', entries);
    }
    case 'latencystats':
      // No latency histograms are kept: the section is there, empty.
      return lines('Latencystats', []);
    case 'cluster':
      return lines('Cluster', [['cluster_enabled', 0]]);
    case 'keyspace': {
      const entries: Fields = [];
      const now = Date.now();
      for (const db of server.keyspace.dbs) {
        if (db.size === 0) continue;
        entries.push([`db${db.index}`, `keys=${db.size},expires=${db.expiresCount},avg_ttl=${db.averageTtl(now)}`]);
      }
      return lines('Keyspace', entries);
    }
  }
}
