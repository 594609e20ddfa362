import { runMain } from './github/gate.js'

const cancelled = await runMain()
// The result is written: nothing may hold the step open now. After a signal, a trigger that
// never answered may still hold a socket, and SIGTERM is near: exit at once. Otherwise an
// unref'd timer keeps nothing alive itself; it fires only if something would keep us waiting.
if (cancelled) process.exit()
setTimeout(() => process.exit(), 5000).unref()
