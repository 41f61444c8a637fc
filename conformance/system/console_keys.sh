# console_keys.sh - job control from keys typed at the console (the
# runner types them: console_keys.keys).  A foreground job reading the
# terminal is stopped by ^Z - ash reports it stopped and `jobs` lists it -
# and `fg` resumes it, where it reads the line typed next and ends at ^D;
# ^C ends another foreground job (status 130; ash, told of it, runs its
# INT trap); a line typed at a terminal with O_ASYNC sends SIGIO (t_async
# tty).  Each key is typed once the
# job has printed that it waits for it, so nothing depends on time.
set -m
echo "== ^Z stops a foreground job, fg resumes it"
sh -c 'echo "cat: type ^Z"; exec cat'
echo "status after the stop: $?"
jobs
fg
echo "fg: $?"
echo "== ^C ends a foreground job"
# ash passes a job's death by SIGINT on to itself (raise): a trap keeps
# the script going, and the job gets the default action back.
trap 'echo "sh: SIGINT"' INT
sh -c 'echo "sleep: type ^C"; exec sleep 1000'
echo "status after ^C: $?"
echo "== SIGIO when a line reaches the terminal (O_ASYNC)"
t_async tty
echo "t_async tty: $?"
echo "== done"
