// Trivial scenario used by NodeScriptTest: proves node runs and the result line is parsed.
// Args: {"echo": any} is copied into the result.
import { runScenario } from "./lib.mjs";

runScenario(async (args) => ({ node: process.version, echo: args.echo ?? null }));
