// Preloaded with `node --import` into a process under test (and, through its execArgv, into each
// of its worker threads): appends to the file VSO_MODULE_LOG every module the thread loads, an
// ES module as the loader resolves it, a CommonJS file as it is compiled, so that a file
// required and then dropped from the cache is listed too.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const log = process.env.VSO_MODULE_LOG;
if (log) {
  register('./moduleLoadHooks.mjs', import.meta.url, { data: { log } });
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    appendFileSync(log, `${filename}\n`);
    return compile.call(this, content, filename);
  };
}
