// One KaTeX process per MkDocs build: reads one JSON request per line on stdin,
// {"tex": "...", "display": true|false}, and writes one JSON reply per line,
// {"html": "..."} or {"error": "..."}.  Used by scripts/site/hooks/math.py.
"use strict";
const katex = require("katex");
const readline = require("readline");

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  let reply;
  try {
    const req = JSON.parse(line);
    const html = katex.renderToString(req.tex, {
      displayMode: Boolean(req.display),
      throwOnError: true,
      strict: "error",
      trust: false,
      output: "htmlAndMathml",
    });
    reply = { html };
  } catch (e) {
    reply = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
