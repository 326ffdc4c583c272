// Never exits and prints nothing on stdout: used by NodeScriptTest to check that
// NodeScript enforces its timeout. It deliberately does not use lib.mjs (no watchdog).
process.stderr.write("hang.mjs: started, will never finish\n");
setInterval(() => {}, 1000);
