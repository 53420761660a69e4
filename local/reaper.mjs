// The local stack's safety net: a tiny process that stops the stack's children (DynamoDB Local's
// java, the SES emulator) if the process that started them dies without stopping them itself —
// killed with SIGKILL, crashed, or stopped by a wrapper that did not wait. It learns the pids over
// IPC and acts when the IPC channel closes, which happens however its parent ends.
const guarded = new Set();

process.on('message', (message) => {
  if (typeof message?.guard === 'number') guarded.add(message.guard);
  if (typeof message?.release === 'number') guarded.delete(message.release);
});

// Ctrl-C reaches the whole process group; the parent decides when the stack stops, not the reaper.
process.on('SIGINT', () => {});

process.on('disconnect', () => {
  const signal = (name) => {
    for (const pid of guarded) {
      try {
        process.kill(pid, name);
      } catch {
        guarded.delete(pid);
      }
    }
  };
  signal('SIGTERM');
  if (guarded.size === 0) process.exit(0);
  setTimeout(() => {
    signal('SIGKILL');
    process.exit(0);
  }, 5_000);
});
