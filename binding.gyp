{
  "targets": [
    {
      "target_name": "redis_module_host",
      "sources": [
        "<!@(node -p \"require('fs').readFileSync('native/sources.txt','utf8').trim().split(/\\s+/).join(' ')\")"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "include",
        "native/core",
        "native"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fno-exceptions", "-fvisibility=hidden", "-Wall", "-Wno-unused-parameter"],
      "cflags_cc!": ["-fno-rtti"],
      "libraries": ["-ldl"]
    }
  ]
}
