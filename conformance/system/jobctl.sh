# jobctl.sh - job control in BusyBox ash (set -m): a job that stops itself
# with SIGSTOP is reported by `wait` (128+19) and `jobs` and resumed by
# `fg`; one stopped with SIGTSTP is resumed in the background by `bg`; a
# background `cat` reading the terminal stops with SIGTTIN ("tty input")
# and a SIGKILL ends it (reported once, whenever ash reaps it); SIGTERM sent to a stopped job takes effect when
# `fg` continues it.  Nothing waits on time: `wait %N` returns when the job
# stops, `fg` when it ends.  Where ash's own notices depend on when it
# reaps a job, the script waits with a bare `wait`, whose result does not.
set -m
echo "== a job that stops itself, resumed with fg"
sh -c 'kill -STOP $$; echo "resumed in front"; exit 5' &
wait %1
echo "wait: $?"
jobs
fg %1
echo "fg: $?"
echo "== bg"
sh -c 'kill -TSTP $$; echo "resumed behind"; exit 6' &
wait %1
echo "wait: $?"
jobs
bg %1
wait
echo "wait after bg: $?"
echo "== background read"
cat &
pid=$!
wait %1
echo "wait: $?"
jobs
kill -9 %1
# ash reaps the job (and prints its notice) whenever SIGCHLD comes - in the
# guest often before the next command, on the host after it - so wait for
# the death itself (a zombie, or already reaped) and then for the job.
until grep -q '^[0-9]* ([^)]*) Z' /proc/$pid/stat 2>/dev/null || [ ! -e /proc/$pid ]; do :; done
wait
echo "wait after kill: $?"
echo "== kill -STOP, then kill (TERM waits for the continue)"
sleep 1000 &
kill -STOP %1
wait %1
echo "wait: $?"
kill %1
jobs
fg %1
echo "fg of the terminated job: $?"
echo "== done"
