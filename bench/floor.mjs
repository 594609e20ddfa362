// The floor of `npm run bench`: an entry that only imports @actions/core and undici, which the
// action is to import at run time. bench/bench.ts bundles it with ncc as scripts/build.mjs
// bundles the action, and times `node <bundle>` from spawn to exit: what the two libraries
// alone cost at start-up.
import * as core from '@actions/core'
import * as undici from 'undici'

// Never true; uses both namespaces whole, so the bundler drops neither library.
if (process.env.TRG_BENCH_FLOOR === 'never') console.log(core, undici)
