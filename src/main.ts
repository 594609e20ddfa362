import { runMain } from './gate.js'

await runMain()
// The result is written: nothing may hold the step open now. An unref'd timer keeps nothing
// alive itself; it only fires if a socket or timer would keep the process waiting.
setTimeout(() => process.exit(), 5000).unref()
