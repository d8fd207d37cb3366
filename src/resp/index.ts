export { RequestParser } from './request-parser';
export type { ProtocolErrorHandler, CommandHandler, RequestParserOptions } from './request-parser';
export { ReplyWriter } from './reply-writer';
export type { Protocol, DeferredKind } from './reply-writer';
export { formatDouble } from './double';
export {
  ReplyParser,
  ReplyFramer,
  decodeReply,
  RespError,
  RespMap,
  RespSet,
  RespPush,
  RespVerbatim,
  RespBigNumber,
  RespDouble,
  RespAttributed,
  ReplyProtocolError,
} from './reply-parser';
export type { RespValue } from './reply-parser';
