// Imported first by bench/run.ts: the functions run in this process (the local gateway) log only
// errors, so their access lines neither fill the table's output nor weigh on the warm timings.
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
