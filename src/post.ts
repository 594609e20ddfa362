import { runPost } from './github/cleanup.js'

await runPost()
// Post steps share a few minutes with everything else after a cancel: never linger.
setTimeout(() => process.exit(), 5000).unref()
