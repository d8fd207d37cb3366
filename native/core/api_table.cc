// The API table: every RedisModule_* function the host implements, in the
// order of the sections of Redis's module.c. RedisModule_GetApi resolves
// names here; a name not listed is "not implemented" (REDISMODULE_ERR).
//
// This file includes redismodule.h as a module does (without
// REDISMODULE_CORE) and declares each RM_<Name> from the type of the
// header's RedisModule_<Name> pointer. Implementations live in
// native/api/<family>.cc with C++ linkage, so an implementation whose
// signature differs from the header's leaves this declaration unresolved and
// the addon fails to load naming the function: the ABI is checked, not hoped.
// The header's printf-format attributes do not survive decltype; that is fine.
#pragma GCC diagnostic ignored "-Wignored-attributes"
// The pointers become variables private to this file: the header's static
// RedisModule_Init refers to them, and an unoptimised build (ASan) emits it.
#define REDISMODULE_API static
#define REDISMODULE_ATTR
#include "redismodule.h"

#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "api_table.h"

#define RMH_API_LIST(X)                                                                        \
  /* Heap allocation raw functions */                                                         \
  X(Alloc) X(TryAlloc) X(Calloc) X(Realloc) X(Free) X(Strdup) X(PoolAlloc)                    \
  X(MallocSize) X(MallocUsableSize) X(MallocSizeString)                                       \
  /* Commands API */                                                                          \
  X(IsKeysPositionRequest) X(KeyAtPosWithFlags) X(KeyAtPos) X(IsChannelsPositionRequest)     \
  X(ChannelAtPosWithFlags) X(CreateCommand) X(GetCommand) X(CreateSubcommand)                 \
  X(SetCommandInfo)                                                                           \
  /* Module information and time measurement */                                              \
  X(SetModuleAttribs) X(IsModuleNameBusy) X(Milliseconds) X(MonotonicMicroseconds)            \
  X(SetModuleOptions) X(GetCurrentCommandName)                                                \
  /* Automatic memory management for modules */                                              \
  X(AutoMemory)                                                                               \
  /* String objects APIs */                                                                   \
  X(CreateString) X(CreateStringPrintf) X(CreateStringFromLongLong)                           \
  X(CreateStringFromULongLong) X(CreateStringFromDouble) X(CreateStringFromLongDouble)        \
  X(CreateStringFromString) X(CreateStringFromStreamID) X(FreeString) X(RetainString)         \
  X(HoldString) X(StringPtrLen) X(StringToLongLong) X(StringToULongLong) X(StringToDouble)    \
  X(StringToLongDouble) X(StringToStreamID) X(StringCompare) X(StringAppendBuffer)            \
  X(TrimStringAllocation)                                                                     \
  /* Reply APIs */                                                                            \
  X(WrongArity) X(ReplyWithLongLong) X(ReplyWithError) X(ReplyWithSimpleString)               \
  X(ReplyWithArray) X(ReplyWithMap) X(ReplyWithSet) X(ReplyWithAttribute)                     \
  X(ReplyWithNullArray) X(ReplyWithEmptyArray) X(ReplySetArrayLength) X(ReplySetMapLength)    \
  X(ReplySetSetLength) X(ReplySetAttributeLength) X(ReplyWithStringBuffer)                    \
  X(ReplyWithCString) X(ReplyWithString) X(ReplyWithEmptyString) X(ReplyWithVerbatimStringType) \
  X(ReplyWithVerbatimString) X(ReplyWithNull) X(ReplyWithBool) X(ReplyWithCallReply)         \
  X(ReplyWithDouble)                                                                          \
  X(ReplyWithBigNumber) X(ReplyWithLongDouble)                                                \
  /* DB and Key APIs - Generic API */                                                         \
  X(GetClientId) X(GetSelectedDb) X(GetContextFlags) X(SelectDb) X(KeyExists) X(OpenKey)      \
  X(CloseKey) X(KeyType) X(ValueLength) X(DeleteKey) X(UnlinkKey) X(GetExpire) X(SetExpire)  \
  X(GetAbsExpire) X(SetAbsExpire) X(ResetDataset) X(DbSize) X(RandomKey)                     \
  X(GetKeyNameFromModuleKey) X(GetDbIdFromModuleKey) X(SignalModifiedKey)                                        \
  /* Key API for String type (keys_string.cc) */                                              \
  X(StringSet) X(StringDMA) X(StringTruncate)                                                 \
  /* Key API for List type (keys_list.cc) */                                                  \
  X(ListPush) X(ListPop) X(ListGet) X(ListSet) X(ListInsert) X(ListDelete)                   \
  /* Key API for Sorted Set type and its iterator (keys_zset.cc) */                          \
  X(ZsetAdd) X(ZsetIncrby) X(ZsetRem) X(ZsetScore) X(ZsetRangeStop) X(ZsetRangeEndReached)  \
  X(ZsetFirstInScoreRange) X(ZsetLastInScoreRange) X(ZsetFirstInLexRange)                    \
  X(ZsetLastInLexRange) X(ZsetRangeCurrentElement) X(ZsetRangeNext) X(ZsetRangePrev)         \
  /* Key API for Hash type (keys_hash.cc) */                                                  \
  X(HashSet) X(HashGet)                                                                       \
  /* Key API for Stream type (keys_stream.cc) */                                              \
  X(StreamAdd) X(StreamDelete) X(StreamIteratorStart) X(StreamIteratorStop)                   \
  X(StreamIteratorNextID) X(StreamIteratorNextField) X(StreamIteratorDelete)                  \
  X(StreamTrimByLength) X(StreamTrimByID)                                                     \
  /* Calling Redis commands from modules */                                                   \
  X(FreeCallReply) X(CallReplyType) X(CallReplyLength) X(CallReplyArrayElement)               \
  X(CallReplyInteger) X(CallReplyDouble) X(CallReplyBigNumber) X(CallReplyVerbatim)           \
  X(CallReplyBool) X(CallReplySetElement) X(CallReplyMapElement) X(CallReplyAttribute)        \
  X(CallReplyAttributeElement) X(CallReplyStringPtr) X(CreateStringFromCallReply) X(Call)     \
  X(CallReplyProto)                                                                           \
  /* Logging */                                                                               \
  X(Log) X(LogIOError) X(_Assert)                                                             \
  /* Module Keyspace Notifications API (notifications.cc) */                                  \
  X(NotifyKeyspaceEvent) X(GetNotifyKeyspaceEvents) X(SubscribeToKeyspaceEvents)             \
  X(GetKeyspaceNotificationFlagsAll)                                                          \
  /* Scanning keyspace and hashes (scan.cc) */                                                \
  X(ScanCursorCreate) X(ScanCursorRestart) X(ScanCursorDestroy) X(Scan) X(ScanKey)            \
  /* Miscellaneous */                                                                         \
  X(GetServerVersion)

// Declare RM_<Name> with exactly the header's signature.
#define RMH_DECLARE(name) std::remove_pointer_t<decltype(RedisModule_##name)> RM_##name;
RMH_API_LIST(RMH_DECLARE)
#undef RMH_DECLARE

namespace {
struct ApiEntry {
  const char *name;
  void *func;
};

#define RMH_ENTRY(name) {"RedisModule_" #name, reinterpret_cast<void *>(&RM_##name)},
const ApiEntry kApiTable[] = {RMH_API_LIST(RMH_ENTRY)};
#undef RMH_ENTRY

const std::unordered_map<std::string, void *> &apiIndex() {
  static const std::unordered_map<std::string, void *> index = [] {
    std::unordered_map<std::string, void *> m;
    for (const ApiEntry &e : kApiTable) m.emplace(e.name, e.func);
    return m;
  }();
  return index;
}
}  // namespace

int moduleGetApi(const char *funcname, void **target) {
  const auto &index = apiIndex();
  auto it = index.find(funcname);
  if (it == index.end()) return REDISMODULE_ERR;
  *target = it->second;
  return REDISMODULE_OK;
}

size_t apiTableSize() { return sizeof(kApiTable) / sizeof(kApiTable[0]); }
const char *apiTableName(size_t i) { return kApiTable[i].name; }
