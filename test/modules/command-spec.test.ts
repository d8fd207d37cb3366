// COMMAND INFO / COMMAND DOCS of module commands, checked against facts from
// the real redis-server 7.0.15. The facts were taken with probe modules that
// call CreateCommand / CreateSubcommand / SetCommandInfo in many ways: the
// same .so files were loaded into redis-server (replies below, byte for byte,
// RESP2 and RESP3) and run against native/api/commands.cc, whose export
// (native/core/command_export.cc) gave the NativeCommandSpec objects below.
import { describe, expect, it } from 'vitest';
import type { NativeCommandSpec } from '../../src/native';
import type { CommandSpec } from '../../src/commands/types';
import { commandSpecFromNative } from '../../src/modules/command-spec';
import { writeCommandDocs, writeCommandInfo } from '../../src/commands/command';
import type { Command } from '../../src/commands/table';
import { ReplyWriter, type Protocol } from '../../src/resp/reply-writer';

const nativeSpecs: Record<string, NativeCommandSpec> = {
  "t.info": {"id":13,"module":"probe","name":"t.info","fullname":"t.info","parent":null,"hasFunction":true,"arity":-3,"flags":["write","module","movablekeys"],"firstKey":1,"lastKey":1,"keyStep":1,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":"first key","flags":["RW","access","update"],"beginSearch":{"type":"index","pos":1},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}},{"notes":null,"flags":["RO","access"],"beginSearch":{"type":"index","pos":2},"findKeys":{"type":"range","lastkey":-1,"step":2,"limit":0}},{"notes":null,"flags":["OW","insert","not_key","incomplete","variable_flags"],"beginSearch":{"type":"keyword","keyword":"STORE","startfrom":-2},"findKeys":{"type":"keynum","keynumidx":0,"firstkey":1,"step":1}},{"notes":null,"flags":["RM","delete"],"beginSearch":{"type":"unknown"},"findKeys":{"type":"unknown"}}],"info":{"summary":"Does things","complexity":"O(1)","since":"1.0.0","history":[{"since":"1.1","changes":"Added x"},{"since":"2.0","changes":"Changed y"}],"tips":["nondeterministic_output","request_policy:all_shards"],"args":[{"name":"key","type":"key","keySpecIndex":0,"token":null,"summary":"the key","since":null,"deprecatedSince":null,"flags":[],"subargs":null},{"name":"other","type":"key","keySpecIndex":1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":["multiple"],"subargs":null},{"name":"cond","type":"oneof","keySpecIndex":-1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":["optional"],"subargs":[{"name":"nx","type":"pure-token","keySpecIndex":-1,"token":"NX","summary":null,"since":null,"deprecatedSince":null,"flags":[],"subargs":null},{"name":"xx","type":"pure-token","keySpecIndex":-1,"token":"XX","summary":null,"since":"1.2","deprecatedSince":null,"flags":[],"subargs":null}]},{"name":"blk","type":"block","keySpecIndex":-1,"token":"BLK","summary":null,"since":null,"deprecatedSince":"3.0","flags":["optional","multiple_token"],"subargs":[{"name":"count","type":"integer","keySpecIndex":-1,"token":"COUNT","summary":null,"since":null,"deprecatedSince":null,"flags":[],"subargs":null},{"name":"ts","type":"unix-time","keySpecIndex":-1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":["optional","multiple"],"subargs":null}]},{"name":"val","type":"double","keySpecIndex":-1,"token":null,"summary":null,"since":"1.0","deprecatedSince":null,"flags":[],"subargs":null},{"name":"pat","type":"pattern","keySpecIndex":-1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":[],"subargs":null},{"name":"str","type":"string","keySpecIndex":-1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":[],"subargs":null}]}},
  "t.all": {"id":2,"module":"probe","name":"t.all","fullname":"t.all","parent":null,"hasFunction":true,"arity":-1,"flags":["write","readonly","denyoom","module","admin","pubsub","noscript","blocking","loading","stale","skip_monitor","skip_slowlog","fast","no_auth","no_mandatory_keys","allow_busy"],"firstKey":1,"lastKey":1,"keyStep":1,"getkeysApi":false,"getchannelsApi":true,"mayReplicate":true,"noCluster":true,"keySpecs":[{"notes":null,"flags":["RW","access","update"],"beginSearch":{"type":"index","pos":1},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}}],"info":null},
  "t.gk2": {"id":6,"module":"probe","name":"t.gk2","fullname":"t.gk2","parent":null,"hasFunction":true,"arity":-1,"flags":["module","movablekeys"],"firstKey":1,"lastKey":1,"keyStep":1,"getkeysApi":true,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RW","access","update","variable_flags"],"beginSearch":{"type":"index","pos":1},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}}],"info":null},
  "t.glue": {"id":15,"module":"probe","name":"t.glue","fullname":"t.glue","parent":null,"hasFunction":true,"arity":-1,"flags":["module"],"firstKey":1,"lastKey":3,"keyStep":1,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RO"],"beginSearch":{"type":"index","pos":1},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}},{"notes":null,"flags":["RW","update"],"beginSearch":{"type":"index","pos":2},"findKeys":{"type":"range","lastkey":1,"step":1,"limit":0}}],"info":{"summary":null,"complexity":null,"since":null,"history":null,"tips":null,"args":null}},
  "U.MixedCase": {"id":20,"module":"probe2","name":"U.MixedCase","fullname":"U.MixedCase","parent":null,"hasFunction":true,"arity":-1,"flags":["module","blocking","movablekeys","allow_busy"],"firstKey":0,"lastKey":0,"keyStep":0,"getkeysApi":true,"getchannelsApi":false,"mayReplicate":true,"noCluster":false,"keySpecs":[],"info":null},
  "u.empty": {"id":23,"module":"probe2","name":"u.empty","fullname":"u.empty","parent":null,"hasFunction":true,"arity":-1,"flags":["module"],"firstKey":0,"lastKey":0,"keyStep":0,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[],"info":{"summary":"","complexity":null,"since":null,"history":[],"tips":[],"args":[]}},
  "u.tips": {"id":24,"module":"probe2","name":"u.tips","fullname":"u.tips","parent":null,"hasFunction":true,"arity":-1,"flags":["module"],"firstKey":3,"lastKey":3,"keyStep":1,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RW","access","update"],"beginSearch":{"type":"index","pos":3},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}}],"info":{"summary":null,"complexity":null,"since":null,"history":null,"tips":["a","","b",""],"args":[{"name":"o","type":"oneof","keySpecIndex":-1,"token":null,"summary":null,"since":null,"deprecatedSince":null,"flags":[],"subargs":[]}]}},
  "t.incomplete": {"id":16,"module":"probe","name":"t.incomplete","fullname":"t.incomplete","parent":null,"hasFunction":true,"arity":2,"flags":["module","movablekeys"],"firstKey":1,"lastKey":-1,"keyStep":1,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RO","incomplete"],"beginSearch":{"type":"index","pos":1},"findKeys":{"type":"range","lastkey":-1,"step":1,"limit":2}}],"info":{"summary":null,"complexity":null,"since":null,"history":null,"tips":null,"args":null}},
  "t.kw": {"id":17,"module":"probe","name":"t.kw","fullname":"t.kw","parent":null,"hasFunction":true,"arity":-1,"flags":["module","movablekeys"],"firstKey":0,"lastKey":0,"keyStep":0,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RO"],"beginSearch":{"type":"keyword","keyword":"KEYS","startfrom":1},"findKeys":{"type":"keynum","keynumidx":0,"firstkey":1,"step":1}}],"info":{"summary":null,"complexity":null,"since":null,"history":null,"tips":null,"args":null}},
  "t.parent|sub": {"id":8,"module":"probe","name":"sub","fullname":"t.parent|sub","parent":"t.parent","hasFunction":true,"arity":-2,"flags":["readonly","module"],"firstKey":2,"lastKey":2,"keyStep":1,"getkeysApi":false,"getchannelsApi":false,"mayReplicate":false,"noCluster":false,"keySpecs":[{"notes":null,"flags":["RW","access","update"],"beginSearch":{"type":"index","pos":2},"findKeys":{"type":"range","lastkey":0,"step":1,"limit":0}}],"info":null},
};

const oracleReplies: Record<string, string> = {
  "t.info INFO 2":
    "*1\r\n*10\r\n$6\r\nt.info\r\n:-3\r\n*3\r\n+write\r\n+module\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*0\r\n*2\r\n$23\r\nnondeterministic_output\r\n$25\r\nrequest_policy:all_shards\r\n*4\r\n*8\r\n$5\r\nnotes\r\n$9\r\nfirst key\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*5\r\n+OW\r\n+insert\r\n+not_key\r\n+incomplete\r\n+variable_flags\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n*4\r\n$7\r\nkeyword\r\n$5\r\nSTORE\r\n$9\r\nstartfrom\r\n:-2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RM\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n",
  "t.info DOCS 2":
    "*2\r\n$6\r\nt.info\r\n*14\r\n$7\r\nsummary\r\n$11\r\nDoes things\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n$7\r\nhistory\r\n*2\r\n*2\r\n$3\r\n1.1\r\n$7\r\nAdded x\r\n*2\r\n$3\r\n2.0\r\n$9\r\nChanged y\r\n$9\r\narguments\r\n*7\r\n*8\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$7\r\nsummary\r\n$7\r\nthe key\r\n*8\r\n$4\r\nname\r\n$5\r\nother\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n*8\r\n$4\r\nname\r\n$4\r\ncond\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nNX\r\n*8\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nXX\r\n$5\r\nsince\r\n$3\r\n1.2\r\n*12\r\n$4\r\nname\r\n$3\r\nblk\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$3\r\nBLK\r\n$16\r\ndeprecated_since\r\n$3\r\n3.0\r\n$5\r\nflags\r\n*2\r\n+optional\r\n+multiple_token\r\n$9\r\narguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n*6\r\n$4\r\nname\r\n$2\r\nts\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\nflags\r\n*2\r\n+optional\r\n+multiple\r\n*6\r\n$4\r\nname\r\n$3\r\nval\r\n$4\r\ntype\r\n$6\r\ndouble\r\n$5\r\nsince\r\n$3\r\n1.0\r\n*4\r\n$4\r\nname\r\n$3\r\npat\r\n$4\r\ntype\r\n$7\r\npattern\r\n*4\r\n$4\r\nname\r\n$3\r\nstr\r\n$4\r\ntype\r\n$6\r\nstring\r\n",
  "t.info INFO 3":
    "*1\r\n*10\r\n$6\r\nt.info\r\n:-3\r\n~3\r\n+write\r\n+module\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n~0\r\n~2\r\n$23\r\nnondeterministic_output\r\n$25\r\nrequest_policy:all_shards\r\n~4\r\n%4\r\n$5\r\nnotes\r\n$9\r\nfirst key\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~5\r\n+OW\r\n+insert\r\n+not_key\r\n+incomplete\r\n+variable_flags\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n%2\r\n$7\r\nkeyword\r\n$5\r\nSTORE\r\n$9\r\nstartfrom\r\n:-2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RM\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n~0\r\n",
  "t.info DOCS 3":
    "%1\r\n$6\r\nt.info\r\n%7\r\n$7\r\nsummary\r\n$11\r\nDoes things\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n$7\r\nhistory\r\n~2\r\n*2\r\n$3\r\n1.1\r\n$7\r\nAdded x\r\n*2\r\n$3\r\n2.0\r\n$9\r\nChanged y\r\n$9\r\narguments\r\n*7\r\n%4\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$7\r\nsummary\r\n$7\r\nthe key\r\n%4\r\n$4\r\nname\r\n$5\r\nother\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n%4\r\n$4\r\nname\r\n$4\r\ncond\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nNX\r\n%4\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nXX\r\n$5\r\nsince\r\n$3\r\n1.2\r\n%6\r\n$4\r\nname\r\n$3\r\nblk\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$3\r\nBLK\r\n$16\r\ndeprecated_since\r\n$3\r\n3.0\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple_token\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n%3\r\n$4\r\nname\r\n$2\r\nts\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n%3\r\n$4\r\nname\r\n$3\r\nval\r\n$4\r\ntype\r\n$6\r\ndouble\r\n$5\r\nsince\r\n$3\r\n1.0\r\n%2\r\n$4\r\nname\r\n$3\r\npat\r\n$4\r\ntype\r\n$7\r\npattern\r\n%2\r\n$4\r\nname\r\n$3\r\nstr\r\n$4\r\ntype\r\n$6\r\nstring\r\n",
  "t.all INFO 2":
    "*1\r\n*10\r\n$5\r\nt.all\r\n:-1\r\n*16\r\n+write\r\n+readonly\r\n+denyoom\r\n+module\r\n+admin\r\n+pubsub\r\n+noscript\r\n+blocking\r\n+loading\r\n+stale\r\n+skip_monitor\r\n+skip_slowlog\r\n+fast\r\n+no_auth\r\n+no_mandatory_keys\r\n+allow_busy\r\n:1\r\n:1\r\n:1\r\n*0\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
  "t.all DOCS 2":
    "*2\r\n$5\r\nt.all\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.all INFO 3":
    "*1\r\n*10\r\n$5\r\nt.all\r\n:-1\r\n~16\r\n+write\r\n+readonly\r\n+denyoom\r\n+module\r\n+admin\r\n+pubsub\r\n+noscript\r\n+blocking\r\n+loading\r\n+stale\r\n+skip_monitor\r\n+skip_slowlog\r\n+fast\r\n+no_auth\r\n+no_mandatory_keys\r\n+allow_busy\r\n:1\r\n:1\r\n:1\r\n~0\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n",
  "t.all DOCS 3":
    "%1\r\n$5\r\nt.all\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.gk2 INFO 2":
    "*1\r\n*10\r\n$5\r\nt.gk2\r\n:-1\r\n*2\r\n+module\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*0\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
  "t.gk2 DOCS 2":
    "*2\r\n$5\r\nt.gk2\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.gk2 INFO 3":
    "*1\r\n*10\r\n$5\r\nt.gk2\r\n:-1\r\n~2\r\n+module\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n~0\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n",
  "t.gk2 DOCS 3":
    "%1\r\n$5\r\nt.gk2\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.glue INFO 2":
    "*1\r\n*10\r\n$6\r\nt.glue\r\n:-1\r\n*1\r\n+module\r\n:1\r\n:3\r\n:1\r\n*0\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
  "t.glue DOCS 2":
    "*2\r\n$6\r\nt.glue\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.glue INFO 3":
    "*1\r\n*10\r\n$6\r\nt.glue\r\n:-1\r\n~1\r\n+module\r\n:1\r\n:3\r\n:1\r\n~0\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n",
  "t.glue DOCS 3":
    "%1\r\n$6\r\nt.glue\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "U.MixedCase INFO 2":
    "*1\r\n*10\r\n$11\r\nU.MixedCase\r\n:-1\r\n*4\r\n+module\r\n+blocking\r\n+movablekeys\r\n+allow_busy\r\n:0\r\n:0\r\n:0\r\n*0\r\n*0\r\n*0\r\n*0\r\n",
  "U.MixedCase DOCS 2":
    "*2\r\n$11\r\nU.MixedCase\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n",
  "U.MixedCase INFO 3":
    "*1\r\n*10\r\n$11\r\nU.MixedCase\r\n:-1\r\n~4\r\n+module\r\n+blocking\r\n+movablekeys\r\n+allow_busy\r\n:0\r\n:0\r\n:0\r\n~0\r\n~0\r\n~0\r\n~0\r\n",
  "U.MixedCase DOCS 3":
    "%1\r\n$11\r\nU.MixedCase\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n",
  "u.empty INFO 2":
    "*1\r\n*10\r\n$7\r\nu.empty\r\n:-1\r\n*1\r\n+module\r\n:0\r\n:0\r\n:0\r\n*0\r\n*0\r\n*0\r\n*0\r\n",
  "u.empty DOCS 2":
    "*2\r\n$7\r\nu.empty\r\n*10\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n$7\r\nhistory\r\n*0\r\n$9\r\narguments\r\n*0\r\n",
  "u.empty INFO 3":
    "*1\r\n*10\r\n$7\r\nu.empty\r\n:-1\r\n~1\r\n+module\r\n:0\r\n:0\r\n:0\r\n~0\r\n~0\r\n~0\r\n~0\r\n",
  "u.empty DOCS 3":
    "%1\r\n$7\r\nu.empty\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n$7\r\nhistory\r\n~0\r\n$9\r\narguments\r\n*0\r\n",
  "u.tips INFO 2":
    "*1\r\n*10\r\n$6\r\nu.tips\r\n:-1\r\n*1\r\n+module\r\n:3\r\n:3\r\n:1\r\n*0\r\n*4\r\n$1\r\na\r\n$0\r\n\r\n$1\r\nb\r\n$0\r\n\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
  "u.tips DOCS 2":
    "*2\r\n$6\r\nu.tips\r\n*6\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$1\r\no\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*0\r\n",
  "u.tips INFO 3":
    "*1\r\n*10\r\n$6\r\nu.tips\r\n:-1\r\n~1\r\n+module\r\n:3\r\n:3\r\n:1\r\n~0\r\n~4\r\n$1\r\na\r\n$0\r\n\r\n$1\r\nb\r\n$0\r\n\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n",
  "u.tips DOCS 3":
    "%1\r\n$6\r\nu.tips\r\n%3\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$6\r\nprobe2\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$1\r\no\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*0\r\n",
  "t.incomplete INFO 2":
    "*1\r\n*10\r\n$12\r\nt.incomplete\r\n:2\r\n*2\r\n+module\r\n+movablekeys\r\n:1\r\n:-1\r\n:1\r\n*0\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+incomplete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:2\r\n*0\r\n",
  "t.incomplete DOCS 2":
    "*2\r\n$12\r\nt.incomplete\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.incomplete INFO 3":
    "*1\r\n*10\r\n$12\r\nt.incomplete\r\n:2\r\n~2\r\n+module\r\n+movablekeys\r\n:1\r\n:-1\r\n:1\r\n~0\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+incomplete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:2\r\n~0\r\n",
  "t.incomplete DOCS 3":
    "%1\r\n$12\r\nt.incomplete\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.kw INFO 2":
    "*1\r\n*10\r\n$4\r\nt.kw\r\n:-1\r\n*2\r\n+module\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n*0\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n*4\r\n$7\r\nkeyword\r\n$4\r\nKEYS\r\n$9\r\nstartfrom\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n",
  "t.kw DOCS 2":
    "*2\r\n$4\r\nt.kw\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.kw INFO 3":
    "*1\r\n*10\r\n$4\r\nt.kw\r\n:-1\r\n~2\r\n+module\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n~0\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n%2\r\n$7\r\nkeyword\r\n$4\r\nKEYS\r\n$9\r\nstartfrom\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n",
  "t.kw DOCS 3":
    "%1\r\n$4\r\nt.kw\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.parent|sub INFO 2":
    "*1\r\n*10\r\n$12\r\nt.parent|sub\r\n:-2\r\n*2\r\n+readonly\r\n+module\r\n:2\r\n:2\r\n:1\r\n*0\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
  "t.parent|sub DOCS 2":
    "*2\r\n$12\r\nt.parent|sub\r\n*4\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
  "t.parent|sub INFO 3":
    "*1\r\n*10\r\n$12\r\nt.parent|sub\r\n:-2\r\n~2\r\n+readonly\r\n+module\r\n:2\r\n:2\r\n:1\r\n~0\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n",
  "t.parent|sub DOCS 3":
    "%1\r\n$12\r\nt.parent|sub\r\n%2\r\n$5\r\ngroup\r\n$6\r\nmodule\r\n$6\r\nmodule\r\n$5\r\nprobe\r\n",
};

const noop = (): void => undefined;

function convert(name: string): CommandSpec {
  const spec = nativeSpecs[name];
  if (spec === undefined) throw new Error(`no fact for ${name}`);
  return commandSpecFromNative(spec, noop);
}

/** The reply bytes of COMMAND INFO <name> for one command, as the server builds them. */
function renderInfo(cmd: CommandSpec, protocol: Protocol): string {
  const reply = new ReplyWriter(protocol);
  reply.arrayHeader(1);
  writeCommandInfo(reply, cmd as Command);
  return reply.take().toString('latin1');
}

function renderDocs(cmd: CommandSpec, protocol: Protocol): string {
  const reply = new ReplyWriter(protocol);
  reply.mapHeader(1);
  reply.bulk(cmd.name);
  writeCommandDocs(reply, cmd as Command);
  return reply.take().toString('latin1');
}

describe('commandSpecFromNative: what Redis 7.0.15 reports for module commands', () => {
  it('keeps the declared name, case included (Redis prints "U.MixedCase")', () => {
    expect(convert('U.MixedCase').name).toBe('U.MixedCase');
    expect(convert('t.parent|sub').name).toBe('t.parent|sub');
  });

  it('passes flags through in COMMAND INFO order, "module" and "movablekeys" included', () => {
    expect(convert('t.all').flags).toEqual([
      'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading',
      'stale', 'skip_monitor', 'skip_slowlog', 'fast', 'no_auth', 'no_mandatory_keys', 'allow_busy',
    ]);
    expect(convert('U.MixedCase').flags).toEqual(['module', 'blocking', 'movablekeys', 'allow_busy']);
  });

  it('gives module commands no ACL categories and the "module" docs group', () => {
    const cmd = convert('t.info');
    expect(cmd.aclCategories).toEqual([]);
    expect(cmd.docs.group).toBe('module');
    expect(cmd.module).toBe('probe');
  });

  it('shows the legacy (first, last, step) the key specs give', () => {
    const triple = (n: string): number[] => {
      const c = convert(n);
      return [c.firstKey, c.lastKey, c.keyStep];
    };
    expect(triple('t.info')).toEqual([1, 1, 1]);
    expect(triple('t.glue')).toEqual([1, 3, 1]);
    expect(triple('t.incomplete')).toEqual([1, -1, 1]);
    expect(triple('t.kw')).toEqual([0, 0, 0]);
    expect(triple('u.tips')).toEqual([3, 3, 1]);
  });

  it('keeps key-spec notes only when the module gave them', () => {
    const specs = convert('t.info').keySpecs ?? [];
    expect(specs[0]?.notes).toBe('first key');
    expect(specs[1] !== undefined && 'notes' in specs[1]).toBe(false);
  });

  it('splits tips on single spaces, keeping empty tips ("a  b " -> a, "", b, "")', () => {
    expect(convert('u.tips').tips).toEqual(['a', '', 'b', '']);
    expect(convert('t.all').tips).toBeUndefined();
  });

  it('documents arguments with only the fields the module gave', () => {
    const args = convert('t.info').docs.arguments ?? [];
    expect(args.map((a) => a.name)).toEqual(['key', 'other', 'cond', 'blk', 'val', 'pat', 'str']);
    expect(args[0]).toEqual({ name: 'key', type: 'key', keySpecIndex: 0, summary: 'the key' });
    expect(args[3]).toEqual({
      name: 'blk',
      type: 'block',
      token: 'BLK',
      deprecatedSince: '3.0',
      flags: ['optional', 'multiple_token'],
      arguments: [
        { name: 'count', type: 'integer', token: 'COUNT' },
        { name: 'ts', type: 'unix-time', flags: ['optional', 'multiple'] },
      ],
    });
    expect(args[4]).toEqual({ name: 'val', type: 'double', since: '1.0' });
  });

  it('keeps given-but-empty docs fields, which Redis prints', () => {
    const docs = convert('u.empty').docs;
    expect(docs.summary).toBe('');
    expect(docs.history).toEqual([]);
    expect(docs.arguments).toEqual([]);
    expect(convert('t.all').docs).toEqual({ group: 'module' });
  });

  it('carries history as [since, changes] pairs', () => {
    expect(convert('t.info').docs.history).toEqual([
      ['1.1', 'Added x'],
      ['2.0', 'Changed y'],
    ]);
  });
});

/**
 * Replies src/commands/command.ts does not render as Redis does yet (not this
 * file's code; reported): argument maps put "flags" before
 * "deprecated_since", RESP3 "arguments" are sets where Redis sends arrays, and
 * history/arguments that were given but are empty are left out. Each entry
 * flips to a plain test once the renderer is fixed (vitest then reports it).
 */
const KNOWN_RENDERER_GAPS = new Set<string>([]);

describe('rendered by the command table: byte-identical to redis-server 7.0.15', () => {
  const protocols: Protocol[] = [2, 3];
  for (const name of Object.keys(nativeSpecs)) {
    for (const protocol of protocols) {
      it(`COMMAND INFO ${name} (RESP${protocol})`, () => {
        expect(renderInfo(convert(name), protocol)).toBe(oracleReplies[`${name} INFO ${protocol}`]);
      });
      const docsKey = `${name} DOCS ${protocol}`;
      const docsTest = KNOWN_RENDERER_GAPS.has(docsKey) ? it.fails : it;
      docsTest(`COMMAND DOCS ${name} (RESP${protocol})`, () => {
        expect(renderDocs(convert(name), protocol)).toBe(oracleReplies[docsKey]);
      });
    }
  }
});
